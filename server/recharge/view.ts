import type { Recharge, RechargeEvent } from "@/db/schema";
import { formatAmount } from "@/server/lib/money";

/** Internal steps before an answer from the provider all read as `pending` to merchants. */
export function publicStatus(status: Recharge["status"]) {
  return status === "received" || status === "held" || status === "submitting" ? "pending" : status;
}

const money = (v: bigint | null, currency: string) => (v === null ? null : formatAmount(v, currency));

/** The recharge object of API.md §3. */
export function rechargeObject(r: Recharge) {
  return {
    id: r.id,
    reference: r.reference,
    service: r.service,
    account_type: r.accountType,
    country: r.country,
    operator: r.operator,
    phone: r.service === "mobile" ? r.target : null,
    account: r.service === "mobile" ? null : r.target,
    biller: r.service === "mobile" ? null : r.operator,
    amount: formatAmount(r.amount, r.currency),
    currency: r.currency,
    commission: formatAmount(r.commission, r.currency),
    status: publicStatus(r.status),
    failure_reason: r.failureReason,
    operator_transaction_id: r.operatorTransactionId,
    balance_before: money(r.balanceBefore, r.currency),
    balance_after: money(r.balanceAfter, r.currency),
    created_at: r.createdAt.toISOString(),
    completed_at: r.completedAt?.toISOString() ?? null,
  };
}
export type RechargeObject = ReturnType<typeof rechargeObject>;

export function timelineEntry(e: RechargeEvent) {
  return { status: e.toStatus, from: e.fromStatus, note: e.note, at: e.createdAt.toISOString(), data: e.data };
}

/**
 * A timeline entry as a merchant sees it: no upstream provider's name (notes written when an order
 * moves to another provider name the one it left) and no provider details in `data`.
 */
export function merchantTimelineEntry(e: ReturnType<typeof timelineEntry>) {
  let note = e.note;
  if (note && (/^Failed over from /.test(note) || / has no record of the order; trying the next provider$/.test(note))) note = "Retried on another route";
  else if (note && /^Sending to \S+$/.test(note)) note = "Sending to the operator";
  const { provider: _provider, provider_code: _code, ...data } = (e.data ?? {}) as Record<string, unknown>;
  return { ...e, note, data };
}
