// bravo payloads → our types. Pure: every function takes the HTTP status and raw body text.
import { z } from "zod";
import type { Bill, FailureCode, Plan, ProviderResult, ProviderStatement, StatementRow } from "@/server/providers/types";

const FAILURE_CODES: Record<string, FailureCode> = {
  invalid_recipient: "invalid_number",
  operator_mismatch: "operator_mismatch",
  invalid_amount: "invalid_amount",
  insufficient_funds: "provider_balance",
  maintenance: "provider_down",
  overloaded: "provider_down",
  unauthorized: "provider_down", // our key is wrong: provider-side, worth failing over
  rejected_by_operator: "rejected",
  bad_request: "rejected",
};
// bravo's documented "not accepted" answers on a 5xx; any other 5xx may have been processed.
const NOT_PROCESSED_5XX = new Set(["maintenance", "overloaded"]);

const Order = z.object({
  id: z.string(),
  client_ref: z.string().nullish(),
  state: z.enum(["queued", "processing", "completed", "failed", "reversed"]),
  operator_reference: z.string().nullish(),
  failure: z.object({ code: z.string(), message: z.string().nullish() }).nullish(),
  reversal: z.object({ reason: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
type Order = z.infer<typeof Order>;
const Accepted = z.object({ accepted: z.literal(true), duplicate: z.boolean().optional(), order: Order });
const Rejected = z.object({ accepted: z.literal(false), error: z.string(), message: z.string().nullish() });

function parse<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function fromOrder(order: Order, from: "submit" | "status"): ProviderResult {
  switch (order.state) {
    case "queued":
    case "processing":
      return { kind: "pending", providerRef: order.id };
    case "completed":
      if (!order.operator_reference) return { kind: "unknown", reason: "completed without operator_reference" };
      return { kind: "succeeded", providerRef: order.id, operatorTransactionId: order.operator_reference };
    case "failed": {
      const providerCode = order.failure?.code ?? "failed";
      return { kind: "failed", code: FAILURE_CODES[providerCode] ?? "rejected", providerCode, message: order.failure?.message ?? providerCode };
    }
    case "reversed":
      // A reversal is news for status checks; at submit (a duplicate) it just means "go and look".
      return from === "status"
        ? { kind: "reversed", providerRef: order.id, message: order.reversal?.message ?? "reversed" }
        : { kind: "pending", providerRef: order.id };
  }
}

export function toSubmitResult(httpStatus: number, text: string): ProviderResult {
  const accepted = parse(Accepted, text);
  if (accepted && httpStatus < 300) return fromOrder(accepted.order, "submit");
  const rejected = parse(Rejected, text);
  const explicitRejection = rejected && (httpStatus < 500 ? httpStatus >= 400 : NOT_PROCESSED_5XX.has(rejected.error));
  if (rejected && explicitRejection) {
    return { kind: "failed", code: FAILURE_CODES[rejected.error] ?? "rejected", providerCode: rejected.error, message: rejected.message ?? rejected.error };
  }
  return { kind: "unknown", reason: `unrecognised submit answer (HTTP ${httpStatus})` };
}

export function toStatusResult(httpStatus: number, text: string): ProviderResult {
  if (httpStatus === 404 && parse(z.object({ error: z.literal("order_not_found") }), text)) return { kind: "not_found" };
  const body = httpStatus === 200 ? parse(z.object({ order: Order }), text) : null;
  if (!body) return { kind: "unknown", reason: `status check answered HTTP ${httpStatus}` };
  return fromOrder(body.order, "status");
}

const Plans = z.object({
  data: z.array(
    z.object({
      sku: z.string(),
      operator: z.string().nullish(),
      face_value: z.object({ value: z.string(), currency: z.string().nullish() }),
      validity_days: z.number().nullish(),
      title: z.string(),
      tags: z.array(z.string()).default([]),
    }),
  ),
});

export function toPlans(operator: string, httpStatus: number, text: string): Plan[] | null {
  const body = httpStatus === 200 ? parse(Plans, text) : null;
  if (!body) return null;
  return body.data.map((p) => ({
    id: p.sku,
    operator,
    amount: p.face_value.value,
    validity: p.validity_days == null ? "" : `${p.validity_days} day${p.validity_days === 1 ? "" : "s"}`,
    description: p.title,
    category: p.tags[0] ?? "general",
  }));
}

const BillBody = z.object({
  bill: z.object({
    biller: z.string(),
    account: z.string(),
    customer: z.object({ name: z.string() }),
    amount_due: z.object({ value: z.string(), currency: z.string().nullish() }),
    due_date: z.string(),
    reference: z.string(),
  }),
});

/** `undefined` = unusable answer; `null` = the provider says there is no such bill. */
export function toBill(httpStatus: number, text: string): Bill | null | undefined {
  if (httpStatus === 404 && parse(z.object({ error: z.literal("bill_not_found") }), text)) return null;
  const body = httpStatus === 200 ? parse(BillBody, text) : null;
  if (!body) return undefined;
  const b = body.bill;
  return { biller: b.biller, account: b.account, customerName: b.customer.name, amountDue: b.amount_due.value, dueDate: b.due_date, billNumber: b.reference };
}

export function toBalance(httpStatus: number, text: string): { currency: string; amount: string } | null {
  const body = httpStatus === 200 ? parse(z.object({ wallet: z.object({ currency: z.string(), available: z.string() }) }), text) : null;
  return body ? { currency: body.wallet.currency, amount: body.wallet.available } : null;
}

export function toHealth(httpStatus: number, text: string): boolean {
  return httpStatus === 200 && parse(z.object({ ok: z.literal(true) }), text) !== null;
}

const BRAVO_STATEMENT_STATUS: Record<string, StatementRow["status"]> = { queued: "pending", processing: "pending", completed: "succeeded", failed: "failed", reversed: "reversed" };
const Money = z.object({ value: z.string(), currency: z.string() });
const StatementBody = z.object({
  statement: z.object({
    from: z.string(),
    to: z.string(),
    wallet: z.object({ currency: z.string(), opening: z.string(), closing: z.string() }),
    orders: z.array(z.object({ id: z.string(), client_ref: z.string(), state: z.string(), amount: Money, cost: Money.nullish(), wallet_debit: Money, created_at: z.string() })),
  }),
});

export function toStatement(httpStatus: number, text: string): ProviderStatement | null {
  const body = httpStatus === 200 ? parse(StatementBody, text) : null;
  if (!body || body.statement.orders.some((o) => !BRAVO_STATEMENT_STATUS[o.state])) return null;
  const s = body.statement;
  return {
    from: s.from,
    to: s.to,
    floatCurrency: s.wallet.currency,
    openingBalance: s.wallet.opening,
    closingBalance: s.wallet.closing,
    rows: s.orders.map((o) => ({
      orderId: o.client_ref,
      providerRef: o.id,
      status: BRAVO_STATEMENT_STATUS[o.state],
      amount: o.amount.value,
      currency: o.amount.currency,
      cost: o.cost?.value ?? null,
      floatDebit: o.wallet_debit.value,
      at: o.created_at,
    })),
  };
}
