import { and, eq, isNull, lte, or, gte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { commissionSlabs } from "@/db/schema";

/** Without any slab, an account earns this on every recharge (seed 002: 20.00 → 0.20). */
export const DEFAULT_COMMISSION_BPS = 100;

/**
 * The commission an account earns on a recharge: the most specific slab wins (account + operator,
 * then account, then operator, then any), among those whose amount range holds the amount.
 */
export async function commissionFor(db: Executor, input: { accountId: string; operator: string; currency: string; amount: bigint }): Promise<bigint> {
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
  const slab = slabs[0];
  const rate = BigInt(slab?.rateBps ?? DEFAULT_COMMISSION_BPS);
  const commission = (input.amount * rate) / 10_000n + (slab?.flat ?? 0n);
  // Never more than the recharge itself.
  return commission > input.amount ? input.amount : commission;
}
