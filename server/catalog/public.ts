import type { Executor } from "@/db/client";
import type { OperatorRow } from "@/db/schema";
import { AppError } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { detectNumber, getOperatorRow, listOperatorRows } from "./catalog";
import { numberMatchesOperator } from "./detect";
import type { Country } from "./operators";

/** An operator as the public API shows it (API.md §3). */
export function operatorObject(op: OperatorRow) {
  const money = (v: bigint | null) => (v === null ? null : formatAmount(v, op.currency));
  return {
    code: op.code,
    name: op.name,
    country: op.country,
    currency: op.currency,
    services: op.services,
    kind: op.kind,
    prefixes: op.prefixes,
    min_amount: money(op.minAmount),
    max_amount: money(op.maxAmount),
    postpaid_max_amount: money(op.postpaidMaxAmount),
    amount_step: money(op.amountStep),
    denominations: op.denominations?.map((d) => formatAmount(d, op.currency)) ?? null,
    duplicate_window_seconds: op.duplicateWindowSeconds,
    account_label: op.accountLabel,
  };
}

export async function listPublicOperators(db: Executor, filter: { country?: Country; service?: "mobile" | "dth" | "bill" }) {
  return (await listOperatorRows(db, { ...filter, enabledOnly: true })).map(operatorObject);
}

export async function detectForApi(db: Executor, phone: string, country?: Country) {
  const result = await detectNumber(db, phone, country);
  if (!result.ok) throw new AppError("validation_failed", "The phone number is not valid.", { phone: result.reason });
  const { detection } = result;
  return {
    phone: result.phone.national,
    e164: result.phone.e164,
    country: detection.country,
    operator: detection.operator,
    source: detection.source,
    confidence: detection.confidence,
    candidates: detection.candidates,
  };
}

/** The "account validation" interface: is the number well-formed, whose is it, can we recharge it. */
export async function validateNumberForApi(db: Executor, input: { phone: string; operator?: string; country?: Country }) {
  const result = await detectNumber(db, input.phone, input.country);
  if (!result.ok) return { valid: false, rechargeable: false, reason: result.reason, phone: input.phone, operator: null, country: null };
  let operator = result.detection.operator;
  let reason: string | null = null;
  if (input.operator) {
    const row = await getOperatorRow(db, input.operator);
    if (!row) throw new AppError("invalid_operator", `Unknown operator: ${input.operator}.`, { operator: input.operator });
    if (!numberMatchesOperator(result.phone, row.code, result.context)) reason = "operator_number_mismatch";
    operator = row.code;
  }
  const row = operator ? await getOperatorRow(db, operator) : null;
  if (!reason && !row) reason = "operator_unknown";
  if (!reason && row && !row.enabled) reason = "operator_unavailable";
  return {
    valid: true,
    rechargeable: reason === null,
    reason,
    phone: result.phone.national,
    e164: result.phone.e164,
    country: result.phone.country,
    operator,
    source: input.operator ? "given" : result.detection.source,
    confidence: input.operator ? null : result.detection.confidence,
  };
}
