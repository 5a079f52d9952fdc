// HTTP calls to a charlie-style provider: signed form-encoded POSTs, form-encoded answers.
import { formatAmount } from "@/server/lib/money";
import { signParams } from "@/server/providers/charlie/sign";
import { callProvider, joinUrl } from "@/server/providers/http";
import type { CallOperation, ProviderConfig, SubmitRequest } from "@/server/providers/types";

/** For the call log: form answers become objects; anything else stays text. */
export function parseFormLoose(text: string): unknown {
  if (!/^[^=&\s]+=/.test(text)) return text;
  return Object.fromEntries(new URLSearchParams(text));
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14); // yyyyMMddHHmmss, UTC
}

export function createCharlieClient(config: ProviderConfig) {
  const merchant = config.credentials.merchantId ?? "";
  const secret = config.credentials.secret ?? "";

  const post = (operation: CallOperation, action: string, fields: Record<string, string>) => {
    const params: Record<string, string> = { merchant, ...fields, timestamp: timestamp() };
    params.sign = signParams(params, secret);
    return callProvider({
      operation,
      method: "POST",
      url: joinUrl(config.baseUrl, action),
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: new URLSearchParams(params).toString(),
      loggedBody: params, // the sign is a digest, not the secret
      timeoutMs: config.timeoutMs,
      parseBody: parseFormLoose,
    });
  };

  return {
    recharge: (req: SubmitRequest) =>
      post("submit", "recharge", {
        orderid: req.orderId,
        product: req.operator,
        country: req.country,
        service: req.service,
        account: req.target,
        amount: formatAmount(req.amount, req.currency),
        currency: req.currency,
        acctype: req.accountType,
        biller: req.biller ?? "",
      }),
    query: (q: { orderId: string; providerRef?: string | null }) =>
      post("status", "query", { orderid: q.orderId, sysorderid: q.providerRef ?? "" }),
    products: (operator: string) => post("plans", "products", { product: operator }),
    bill: (biller: string, account: string) => post("bill", "bill", { biller, account }),
    balance: () => post("balance", "balance", {}),
    ping: () => post("health", "ping", {}),
    statement: (p: { from: Date; to: Date }) => post("statement", "statement", { begin: timestamp(p.from), end: timestamp(p.to) }),
  };
}

export type CharlieClient = ReturnType<typeof createCharlieClient>;
