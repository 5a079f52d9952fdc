// Transactions as CSV for any filter of the list, streamed page by page (keyset pagination), so an
// export of a busy month never sits in memory at once.
import { type Ctx } from "@/server/context";
import { listRecharges, ListRechargesInput } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";
import { formatAmount } from "@/server/lib/money";
import { rechargeMoney } from "@/server/statements/movements";
import { csvLine } from "./csv";

/** Past this, narrow the dates: a spreadsheet is not the tool for more. */
export const EXPORT_MAX_ROWS = 100_000;

export const ExportRechargesInput = ListRechargesInput.omit({ cursor: true, limit: true, accountId: true, needsReview: true });

const HEADER = [
  "id", "reference", "created_at_utc", "completed_at_utc", "status", "service", "operator", "phone", "account", "amount", "currency",
  "commission", "failure_reason", "operator_transaction_id", "balance_before", "balance_after", "amount_returned", "net_charged",
];

/** "2026-01-31 18:04:05": a spreadsheet reads it as a date and time; the header says it is UTC. */
export const utc = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : null);

export async function* exportRechargesCsv(ctx: Ctx, raw: unknown): AsyncGenerator<string> {
  const filter = ExportRechargesInput.parse(raw);
  yield csvLine(HEADER);
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listRecharges(ctx, { ...filter, cursor, limit: 100 });
    const money = await rechargeMoney(ctx.db, page.data);
    for (const row of page.data) {
      const r = rechargeObject(row);
      const m = money.get(row.id);
      const fmt = (v: bigint | undefined) => (v === undefined ? null : formatAmount(v, row.currency));
      // Commission is what the order earned in the end (none on a failure, taken back on a refund);
      // amount_returned is the failure's release, a refund or a reversal; net_charged what it cost.
      yield csvLine([
        r.id, r.reference, utc(r.created_at), utc(r.completed_at), r.status, r.service, r.operator, r.phone ? { text: r.phone } : null, r.account, r.amount, r.currency,
        fmt(m ? m.commission + m.cashback : undefined), r.failure_reason, r.operator_transaction_id, r.balance_before, r.balance_after, fmt(m?.returned), fmt(m ? -m.net : undefined),
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
