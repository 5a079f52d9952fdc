// The public shape of a deposit (API.md §3) and the scoped reads.
import { and, asc, desc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type ChainTransfer, type Deposit, chainTransfers, deposits } from "@/db/schema";
import { type Ctx, isPrivileged, scopedAccountId } from "@/server/context";
import { NotFound } from "@/server/lib/errors";
import { olderThanCursor, pageOf } from "@/server/lib/keyset";
import { formatAmount } from "@/server/lib/money";
import { requiredConfirmations } from "./config";
import { formatRate, formatUsdt } from "./units";

export function transferObject(t: ChainTransfer, creditCurrency: string) {
  return {
    tx_hash: t.txHash,
    log_index: t.logIndex,
    amount: formatUsdt(t.amountMicro),
    block_number: t.blockNumber,
    confirmations: t.confirmations,
    status: t.status,
    late: t.late,
    rate: t.rateMicro === null ? null : formatRate(t.rateMicro),
    credited_amount: t.creditedMinor === null ? null : formatAmount(t.creditedMinor, creditCurrency),
    seen_at: t.firstSeenAt.toISOString(),
    credited_at: t.creditedAt?.toISOString() ?? null,
  };
}

export type DepositObject = ReturnType<typeof depositObject>;

export function depositObject(d: Deposit, transfers: ChainTransfer[] = []) {
  return {
    id: d.id,
    reference: d.reference,
    status: d.status,
    flags: d.flags,
    asset: "USDT" as const,
    network: "TRC20" as const,
    address: d.address,
    amount: formatUsdt(d.expectedMicro),
    received: formatUsdt(d.receivedMicro),
    currency: "USDT" as const,
    credit_currency: d.creditCurrency,
    rate: d.quoteRateMicro === null ? null : formatRate(d.quoteRateMicro),
    credited_amount: formatAmount(d.creditedMinor, d.creditCurrency),
    confirmations_required: requiredConfirmations(),
    notify_url: d.notifyUrl,
    channel: d.channel,
    resolution: d.resolution,
    expires_at: d.expiresAt.toISOString(),
    created_at: d.createdAt.toISOString(),
    credited_at: d.creditedAt?.toISOString() ?? null,
    expired_at: d.expiredAt?.toISOString() ?? null,
    transfers: transfers.map((t) => transferObject(t, d.creditCurrency)),
  };
}

export async function transfersOf(db: Ctx["db"], depositIds: string[]) {
  if (!depositIds.length) return new Map<string, ChainTransfer[]>();
  const rows = await db.select().from(chainTransfers).where(inArray(chainTransfers.depositId, depositIds)).orderBy(asc(chainTransfers.firstSeenAt));
  const out = new Map<string, ChainTransfer[]>();
  for (const row of rows) out.set(row.depositId, [...(out.get(row.depositId) ?? []), row]);
  return out;
}

/** One deposit of the caller's account (admins: any); another account's id is not found. */
export async function getDeposit(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(deposits).where(eq(deposits.id, id));
  if (!row) throw NotFound("Deposit");
  if (!isPrivileged(ctx.actor) && row.accountId !== scopedAccountId(ctx)) throw NotFound("Deposit");
  const transfers = (await transfersOf(ctx.db, [row.id])).get(row.id) ?? [];
  return { deposit: row, transfers, object: depositObject(row, transfers) };
}

export const ListDepositsQuery = z
  .object({
    reference: z.string().max(64).optional(),
    status: z.enum(["awaiting_payment", "confirming", "credited", "expired"]).optional(),
    flag: z.enum(["underpaid", "overpaid", "late", "unsolicited"]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListDepositsQuery = z.input<typeof ListDepositsQuery>;

/** Newest first, cursor-paginated; admins may pass `accountId` or see every account. */
export async function listDeposits(ctx: Ctx, rawQuery: ListDepositsQuery, opts: { accountId?: string; allAccounts?: boolean } = {}) {
  const query = ListDepositsQuery.parse(rawQuery);
  const where = [];
  if (!(opts.allAccounts && isPrivileged(ctx.actor))) where.push(eq(deposits.accountId, scopedAccountId(ctx, opts.accountId)));
  if (query.reference) where.push(eq(deposits.reference, query.reference));
  if (query.status) where.push(eq(deposits.status, query.status));
  if (query.flag) where.push(arrayContains(query.flag));
  if (query.from) where.push(gte(deposits.createdAt, new Date(query.from)));
  if (query.to) where.push(lte(deposits.createdAt, new Date(query.to)));
  if (query.cursor) {
    where.push(await olderThanCursor(ctx.db, { table: deposits, time: deposits.createdAt, id: deposits.id }, query.cursor));
  }
  const rows = await ctx.db
    .select()
    .from(deposits)
    .where(and(...where))
    .orderBy(desc(deposits.createdAt), desc(deposits.id))
    .limit(query.limit + 1);
  const { data: page, nextCursor } = pageOf(rows, query.limit);
  const transfers = await transfersOf(ctx.db, page.map((d) => d.id));
  return { rows: page, data: page.map((d) => depositObject(d, transfers.get(d.id) ?? [])), nextCursor };
}

const arrayContains = (flag: string) => sql`${deposits.flags} @> ARRAY[${flag}]::text[]`;
