// HTTP calls to a bravo-style provider: JSON, X-Api-Key header, async orders.
import { formatAmount } from "@/server/lib/money";
import { callProvider, joinUrl, parseJsonLoose } from "@/server/providers/http";
import type { CallOperation, ProviderConfig, SubmitRequest } from "@/server/providers/types";

export type BravoOrderBody = {
  client_ref: string;
  product: { operator: string; country: string; service: string };
  recipient: { account: string; type: string };
  amount: { value: string; currency: string };
  biller?: string;
};

export function createBravoClient(config: ProviderConfig) {
  const headers = { "x-api-key": config.credentials.apiKey ?? "", accept: "application/json" };

  const get = (operation: CallOperation, path: string, query: Record<string, string> = {}) => {
    const qs = new URLSearchParams(query).toString();
    return callProvider({
      operation,
      method: "GET",
      url: joinUrl(config.baseUrl, path) + (qs ? `?${qs}` : ""),
      headers,
      timeoutMs: config.timeoutMs,
      parseBody: parseJsonLoose,
    });
  };

  return {
    createOrder(req: SubmitRequest) {
      const body: BravoOrderBody = {
        client_ref: req.orderId,
        product: { operator: req.operator, country: req.country, service: req.service },
        recipient: { account: req.target, type: req.accountType },
        amount: { value: formatAmount(req.amount, req.currency), currency: req.currency },
        ...(req.biller ? { biller: req.biller } : {}),
      };
      return callProvider({
        operation: "submit",
        method: "POST",
        url: joinUrl(config.baseUrl, "v2/orders"),
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
        loggedBody: body, // the API key is a header, never in the body
        timeoutMs: config.timeoutMs,
        parseBody: parseJsonLoose,
      });
    },
    // Their id when we have it; our reference covers an attempt whose submit answer never arrived.
    getOrder: (q: { orderId: string; providerRef?: string | null }) =>
      q.providerRef ? get("status", `v2/orders/${encodeURIComponent(q.providerRef)}`) : get("status", "v2/orders", { client_ref: q.orderId }),
    getPlans: (operator: string) => get("plans", "v2/plans", { operator }),
    getBill: (biller: string, account: string) => get("bill", "v2/bills", { biller, account }),
    getWallet: () => get("balance", "v2/wallet"),
    ping: () => get("health", "v2/ping"),
  };
}

export type BravoClient = ReturnType<typeof createBravoClient>;
