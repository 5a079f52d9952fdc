import { and, eq, isNull, lte, or, gte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type CommissionSlab, commissionSlabs } from "@/db/schema";
import { versionedCache } from "@/server/lib/cache";

/** Without any slab, an account earns this on every recharge (seed 002: 20.00 → 0.20). */
export const DEFAULT_COMMISSION_BPS = 100;

/**
 * The commission an account earns on a recharge: the most specific slab wins (account + operator,
 * then account, then operator, then any), among those whose amount range holds the amount.
 */
export async function commissionFor(db: Executor, input: { accountId: string; operator: string; currency: string; amount: bigint; configVersion?: bigint | null }): Promise<bigint> {
  const slab = input.configVersion == null ? await matchingSlab(db, input) : pickSlab(await slabsOf(db, input, input.configVersion), input.amount);
  const rate = BigInt(slab?.rateBps ?? DEFAULT_COMMISSION_BPS);
  const commission = (input.amount * rate) / 10_000n + (slab?.flat ?? 0n);
  // Never more than the recharge itself.
  return commission > input.amount ? input.amount : commission;
}

async function matchingSlab(db: Executor, input: { accountId: string; operator: string; currency: string; amount: bigint }): Promise<CommissionSlab | undefined> {
  const slabs = await db
    .select()
    .from(commissionSlabs)
    .where(
      and(
        or(isNull(commissionSlabs.accountId), eq(commissionSlabs.accountId, input.accountId)),
        or(isNull(commissionSlabs.operatorCode), eq(commissionSlabs.operatorCode, input.operator)),
        or(isNull(commissionSlabs.currency), eq(commissionSlabs.currency, input.currency)),
        lte(commissionSlabs.minAmount, input.amount),
        or(isNull(commissionSlabs.maxAmount), gte(commissionSlabs.maxAmount, input.amount)),
      ),
    )
    .orderBy(sql`(${commissionSlabs.accountId} IS NOT NULL) DESC, (${commissionSlabs.operatorCode} IS NOT NULL) DESC, ${commissionSlabs.createdAt} DESC`)
    .limit(1);
  return slabs[0];
}

const slabCache = versionedCache<CommissionSlab[]>();

/** Every slab that can apply to this account, operator and currency (any amount), most specific first. */
function slabsOf(db: Executor, input: { accountId: string; operator: string; currency: string }, version: bigint) {
  // An async function, so the cache keeps a promise of rows: a drizzle query builder is a thenable
  // that runs its query again on every await (it was cached as such, and never saved a statement).
  return slabCache.get(`${input.accountId}|${input.operator}|${input.currency}`, version, async () =>
    db
      .select()
      .from(commissionSlabs)
      .where(
        and(
          or(isNull(commissionSlabs.accountId), eq(commissionSlabs.accountId, input.accountId)),
          or(isNull(commissionSlabs.operatorCode), eq(commissionSlabs.operatorCode, input.operator)),
          or(isNull(commissionSlabs.currency), eq(commissionSlabs.currency, input.currency)),
        ),
      )
      .orderBy(sql`(${commissionSlabs.accountId} IS NOT NULL) DESC, (${commissionSlabs.operatorCode} IS NOT NULL) DESC, ${commissionSlabs.createdAt} DESC`),
  );
}

/** The same choice as matchingSlab's query: the first, in that order, whose range holds the amount. */
function pickSlab(slabs: CommissionSlab[], amount: bigint) {
  return slabs.find((s) => s.minAmount <= amount && (s.maxAmount === null || s.maxAmount >= amount));
}
