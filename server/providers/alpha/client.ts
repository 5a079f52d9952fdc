// HTTP calls to an alpha-style provider: JSON bodies, Bearer token in the Authorization header.
import { formatAmount } from "@/server/lib/money";
import { jsonTransport } from "@/server/providers/http";
import type { ProviderConfig, SubmitRequest } from "@/server/providers/types";

export type AlphaTopupBody = {
  reference: string;
  operator: string;
  country: string;
  service: string;
  msisdn: string;
  amount: string;
  currency: string;
  account_type: string;
  biller?: string;
};

export function createAlphaClient(config: ProviderConfig) {
  const headers = { authorization: `Bearer ${config.credentials.token ?? ""}`, accept: "application/json" };

  const { get, post } = jsonTransport(config, headers);

  return {
    submitTopup(req: SubmitRequest) {
      const body: AlphaTopupBody = {
        reference: req.orderId,
        operator: req.operator,
        country: req.country,
        service: req.service,
        msisdn: req.target,
        amount: formatAmount(req.amount, req.currency),
        currency: req.currency,
        account_type: req.accountType,
        ...(req.biller ? { biller: req.biller } : {}),
      };
      return post("submit", "v1/topups", body);
    },
    getTopup: (reference: string) => get("status", `v1/topups/${encodeURIComponent(reference)}`),
    getPlans: (operator: string) => get("plans", "v1/plans", { operator }),
    getBill: (biller: string, account: string) => get("bill", "v1/bills", { biller, account }),
    getBalance: () => get("balance", "v1/balance"),
    getHealth: () => get("health", "v1/health"),
    getReport: (p: { from: Date; to: Date }) => get("statement", "v1/reports/transactions", { from: p.from.toISOString(), to: p.to.toISOString() }),
  };
}

export type AlphaClient = ReturnType<typeof createAlphaClient>;
