// Transactions as CSV for any filter of the list, streamed page by page (keyset pagination), so an
// export of a busy month never sits in memory at once.
import { type Ctx } from "@/server/context";
import { listRecharges, ListRechargesInput } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";
import { csvLine } from "./csv";

/** Past this, narrow the dates: a spreadsheet is not the tool for more. */
export const EXPORT_MAX_ROWS = 100_000;

export const ExportRechargesInput = ListRechargesInput.omit({ cursor: true, limit: true, accountId: true, needsReview: true });

const HEADER = [
  "id", "reference", "created_at", "completed_at", "status", "service", "operator", "phone", "account", "amount", "currency",
  "commission", "failure_reason", "operator_transaction_id", "balance_before", "balance_after",
];

export async function* exportRechargesCsv(ctx: Ctx, raw: unknown): AsyncGenerator<string> {
  const filter = ExportRechargesInput.parse(raw);
  yield csvLine(HEADER);
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listRecharges(ctx, { ...filter, cursor, limit: 100 });
    for (const r of page.data.map(rechargeObject)) {
      yield csvLine([
        r.id, r.reference, r.created_at, r.completed_at, r.status, r.service, r.operator, r.phone, r.account, r.amount, r.currency,
        r.commission, r.failure_reason, r.operator_transaction_id, r.balance_before, r.balance_after,
      ]);
    }
    count += page.data.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && count < EXPORT_MAX_ROWS);
}

export function exportFileName(filter: { from?: Date; to?: Date; status?: string }) {
  const day = (d?: Date) => d?.toISOString().slice(0, 10);
  const parts = ["refill-transactions", filter.status, day(filter.from), day(filter.to) && `to-${day(filter.to)}`].filter(Boolean);
  return `${parts.join("-")}.csv`;
}
