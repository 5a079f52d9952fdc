// alpha payloads → our types. Pure: every function takes the HTTP status and raw body text.
import { z } from "zod";
import type { Bill, FailureCode, Plan, ProviderResult, ProviderStatement, StatementRow } from "@/server/providers/types";

const FAILURE_CODES: Record<string, FailureCode> = {
  INVALID_MSISDN: "invalid_number",
  OPERATOR_MISMATCH: "operator_mismatch",
  INVALID_AMOUNT: "invalid_amount",
  INSUFFICIENT_BALANCE: "provider_balance",
  SYSTEM_MAINTENANCE: "provider_down",
  OPERATOR_REJECTED: "rejected",
  UNAUTHORIZED: "provider_down", // our credentials are wrong: a provider-side problem, worth failing over
  BAD_REQUEST: "rejected",
};
// Codes alpha documents as "request not processed" even on a 5xx.
const NOT_PROCESSED_5XX = new Set(["SYSTEM_MAINTENANCE"]);
// Means "that reference already exists": the order may well have been performed.
const DUPLICATE_CODES = new Set(["DUPLICATE_REFERENCE"]);

const Topup = z.object({
  status: z.enum(["SUCCESS", "PENDING", "FAILED", "REVERSED"]),
  transaction_id: z.string().nullish(),
  reference: z.string().nullish(),
  operator_txn_id: z.string().nullish(),
  error_code: z.string().nullish(),
  message: z.string().nullish(),
});
type Topup = z.infer<typeof Topup>;

function parse<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function failure(body: Topup): ProviderResult {
  const providerCode = body.error_code ?? "UNKNOWN";
  if (DUPLICATE_CODES.has(providerCode)) return { kind: "unknown", reason: `duplicate reference: ${body.message ?? providerCode}` };
  return { kind: "failed", code: FAILURE_CODES[providerCode] ?? "rejected", providerCode, message: body.message ?? providerCode };
}

function fromTopup(body: Topup, from: "submit" | "status"): ProviderResult {
  const ref = body.transaction_id;
  switch (body.status) {
    case "SUCCESS":
      if (!ref || !body.operator_txn_id) return { kind: "unknown", reason: "SUCCESS without transaction ids" };
      return { kind: "succeeded", providerRef: ref, operatorTransactionId: body.operator_txn_id };
    case "PENDING":
      return ref ? { kind: "pending", providerRef: ref } : { kind: "unknown", reason: "PENDING without transaction_id" };
    case "FAILED":
      return failure(body);
    case "REVERSED":
      if (!ref) return { kind: "unknown", reason: "REVERSED without transaction_id" };
      // Submit only settles the attempt; a reversal is reported through status checks.
      return from === "status" ? { kind: "reversed", providerRef: ref, message: body.message ?? "reversed" } : { kind: "pending", providerRef: ref };
  }
}

export function toSubmitResult(httpStatus: number, text: string): ProviderResult {
  const body = parse(Topup, text);
  if (httpStatus >= 500) {
    if (body?.status === "FAILED" && body.error_code && NOT_PROCESSED_5XX.has(body.error_code)) return failure(body);
    return { kind: "unknown", reason: `HTTP ${httpStatus}` };
  }
  if (!body) return { kind: "unknown", reason: `unparseable body (HTTP ${httpStatus})` };
  if (httpStatus >= 400 && body.status !== "FAILED") return { kind: "unknown", reason: `HTTP ${httpStatus} with status ${body.status}` };
  return fromTopup(body, "submit");
}

export function toStatusResult(httpStatus: number, text: string): ProviderResult {
  const body = parse(Topup, text);
  if (httpStatus === 404 && body?.error_code === "TRANSACTION_NOT_FOUND") return { kind: "not_found" };
  // Anything but a clean 200 tells us nothing about the order itself (maintenance, auth, 5xx).
  if (httpStatus !== 200 || !body) return { kind: "unknown", reason: `status check answered HTTP ${httpStatus}${body ? ` ${body.error_code ?? ""}` : ""}`.trim() };
  return fromTopup(body, "status");
}

const Plans = z.object({
  plans: z.array(z.object({ code: z.string(), price: z.string(), validity: z.string(), name: z.string(), type: z.string() })),
});

export function toPlans(operator: string, httpStatus: number, text: string): Plan[] | null {
  const body = httpStatus === 200 ? parse(Plans, text) : null;
  return body
    ? body.plans.map((p) => ({ id: p.code, operator, amount: p.price, validity: p.validity, description: p.name, category: p.type }))
    : null;
}

const BillBody = z.object({
  biller: z.string(),
  account: z.string(),
  customer_name: z.string(),
  amount_due: z.string(),
  due_date: z.string(),
  bill_no: z.string(),
});

/** `undefined` = unusable answer; `null` = the provider says there is no such bill. */
export function toBill(httpStatus: number, text: string): Bill | null | undefined {
  if (httpStatus === 404 && parse(z.object({ error_code: z.literal("BILL_NOT_FOUND") }), text)) return null;
  const body = httpStatus === 200 ? parse(BillBody, text) : null;
  if (!body) return undefined;
  return {
    biller: body.biller,
    account: body.account,
    customerName: body.customer_name,
    amountDue: body.amount_due,
    dueDate: body.due_date,
    billNumber: body.bill_no,
  };
}

export function toBalance(httpStatus: number, text: string): { currency: string; amount: string } | null {
  const body = httpStatus === 200 ? parse(z.object({ currency: z.string(), available: z.string() }), text) : null;
  return body ? { currency: body.currency, amount: body.available } : null;
}

export function toHealth(httpStatus: number, text: string): boolean {
  return httpStatus === 200 && parse(z.object({ status: z.literal("ok") }), text) !== null;
}

const ALPHA_STATEMENT_STATUS: Record<string, StatementRow["status"]> = { SUCCESS: "succeeded", FAILED: "failed", PENDING: "pending", REVERSED: "reversed" };
const Report = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  opening_balance: z.string(),
  closing_balance: z.string(),
  transactions: z.array(
    z.object({
      transaction_id: z.string().nullish(),
      reference: z.string(),
      status: z.string(),
      amount: z.string(),
      currency: z.string(),
      cost: z.string().nullish(),
      float_debit: z.string(),
      created_at: z.string(),
    }),
  ),
});

export function toStatement(httpStatus: number, text: string): ProviderStatement | null {
  const body = httpStatus === 200 ? parse(Report, text) : null;
  if (!body || body.transactions.some((t) => !ALPHA_STATEMENT_STATUS[t.status])) return null;
  return {
    from: body.period.from,
    to: body.period.to,
    floatCurrency: body.currency,
    openingBalance: body.opening_balance,
    closingBalance: body.closing_balance,
    rows: body.transactions.map((t) => ({
      orderId: t.reference,
      providerRef: t.transaction_id ?? null,
      status: ALPHA_STATEMENT_STATUS[t.status],
      amount: t.amount,
      currency: t.currency,
      cost: t.cost ?? null,
      floatDebit: t.float_debit,
      at: t.created_at,
    })),
  };
}
