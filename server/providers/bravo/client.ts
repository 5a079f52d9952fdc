// HTTP calls to a bravo-style provider: JSON, X-Api-Key header, async orders.
import { formatAmount } from "@/server/lib/money";
import { jsonTransport } from "@/server/providers/http";
import type { ProviderConfig, SubmitRequest } from "@/server/providers/types";

export type BravoOrderBody = {
  client_ref: string;
  product: { operator: string; country: string; service: string };
  recipient: { account: string; type: string };
  amount: { value: string; currency: string };
  biller?: string;
};

export function createBravoClient(config: ProviderConfig) {
  const headers = { "x-api-key": config.credentials.apiKey ?? "", accept: "application/json" };

  const { get, post } = jsonTransport(config, headers);

  return {
    createOrder(req: SubmitRequest) {
      const body: BravoOrderBody = {
        client_ref: req.orderId,
        product: { operator: req.operator, country: req.country, service: req.service },
        recipient: { account: req.target, type: req.accountType },
        amount: { value: formatAmount(req.amount, req.currency), currency: req.currency },
        ...(req.biller ? { biller: req.biller } : {}),
      };
      return post("submit", "v2/orders", body);
    },
    // Their id when we have it; our reference covers an attempt whose submit answer never arrived.
    getOrder: (q: { orderId: string; providerRef?: string | null }) =>
      q.providerRef ? get("status", `v2/orders/${encodeURIComponent(q.providerRef)}`) : get("status", "v2/orders", { client_ref: q.orderId }),
    getPlans: (operator: string) => get("plans", "v2/plans", { operator }),
    getBill: (biller: string, account: string) => get("bill", "v2/bills", { biller, account }),
    getWallet: () => get("balance", "v2/wallet"),
    ping: () => get("health", "v2/ping"),
    getStatement: (p: { from: Date; to: Date }) => get("statement", "v2/statements", { from: p.from.toISOString(), to: p.to.toISOString() }),
  };
}

export type BravoClient = ReturnType<typeof createBravoClient>;
