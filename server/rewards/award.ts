import { and, count, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { cashbackGrants, cashbackOffers, type Recharge, rewardLevels, rewardPoints } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { credit, getAccountWallet } from "@/server/ledger";
import { createId } from "@/server/lib/ids";
import { formatAmount } from "@/server/lib/money";

/** Points earned per recharge: 0.5% of the amount (seed 002: 20.00 → 0.10 points). Stored in hundredths. */
export const POINTS_BPS = 50n;

export const DEFAULT_LEVELS = [
  { id: 1, key: "silver", name: "Silver", minPoints: 0n },
  { id: 2, key: "gold", name: "Gold", minPoints: 10_000n },
  { id: 3, key: "platinum", name: "Platinum", minPoints: 50_000n },
];

export async function seedRewardLevels(db: Executor) {
  await db.insert(rewardLevels).values(DEFAULT_LEVELS).onConflictDoNothing();
}

/**
 * The points of a success as CTEs (`standing`, `points`) for a statement of the caller's: the
 * account's running total (reward_totals, kept by a trigger on reward_points), the level it reaches
 * with these points, and the award (once per recharge; the trigger adds it to the total).
 */
export function rewardPointsCtes(r: Pick<Recharge, "id" | "accountId" | "amount">) {
  const points = (r.amount * POINTS_BPS) / 10_000n;
  return sql`
    standing AS (
      SELECT coalesce((SELECT points FROM reward_totals WHERE account_id = ${r.accountId}), 0) + ${points.toString()}::bigint AS points
    ),
    points AS (
      INSERT INTO reward_points (id, account_id, recharge_id, points, level_id)
      SELECT ${createId("aud")}, ${r.accountId}, ${r.id}, ${points.toString()}::bigint,
        (SELECT l.id FROM reward_levels l WHERE l.min_points <= standing.points ORDER BY l.min_points DESC LIMIT 1)
      FROM standing
      ON CONFLICT DO NOTHING
    )`;
}

/** Whether any cashback offer could apply to `r` (the SQL of what awardCashback reads first). */
export function cashbackOfferedSql(r: Pick<Recharge, "currency" | "operator" | "amount">, now: Date) {
  return sql`EXISTS (SELECT 1 FROM cashback_offers WHERE active AND currency = ${r.currency} AND (operator_code IS NULL OR operator_code = ${r.operator})
    AND min_amount <= ${r.amount.toString()}::bigint AND starts_at <= ${now.toISOString()}::timestamptz AND ends_at > ${now.toISOString()}::timestamptz)`;
}

/**
 * Runs inside a recharge's success transaction: awards points (once per recharge), moves the account
 * to the level its cumulative points reach, and pays the best eligible cashback offer into the wallet.
 * (settleSuccess folds the points into its own statement and calls awardCashback only when an offer exists.)
 */
export async function awardRewards(tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge) {
  await tx.db.execute(sql`WITH ${rewardPointsCtes(r)} SELECT 1`);
  await awardCashback(tx, r);
}

/** The best cashback offer `r` qualifies for (active, in its window, under the account's limit), credited once. */
export async function awardCashback(tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge) {
  const now = new Date();
  const offers = await tx.db
    .select()
    .from(cashbackOffers)
    .where(
      and(
        eq(cashbackOffers.active, true),
        eq(cashbackOffers.currency, r.currency),
        or(isNull(cashbackOffers.operatorCode), eq(cashbackOffers.operatorCode, r.operator)),
        lte(cashbackOffers.minAmount, r.amount),
        lte(cashbackOffers.startsAt, now),
        gt(cashbackOffers.endsAt, now),
      ),
    );
  let best: { offerId: string; amount: bigint } | null = null;
  for (const offer of offers) {
    const [{ used }] = await tx.db
      .select({ used: count() })
      .from(cashbackGrants)
      .where(and(eq(cashbackGrants.offerId, offer.id), eq(cashbackGrants.accountId, r.accountId), isNull(cashbackGrants.revokedAt)));
    if (used >= offer.maxPerAccount) continue;
    const raw = (r.amount * BigInt(offer.rateBps)) / 10_000n;
    const amount = raw > offer.maxCashback ? offer.maxCashback : raw;
    if (amount > 0n && (!best || amount > best.amount)) best = { offerId: offer.id, amount };
  }
  if (best) {
    const wallet = await getAccountWallet(tx.db, r.accountId);
    const { journal } = await credit(tx, { walletId: wallet.id, amount: best.amount, idempotencyKey: `rch:${r.id}:cashback`, source: "cashback", memo: `Cashback on ${r.reference}` });
    await tx.db.insert(cashbackGrants).values({ id: createId("aud"), offerId: best.offerId, accountId: r.accountId, rechargeId: r.id, amount: best.amount, journalId: journal.id }).onConflictDoNothing();
  }
}

/** An account's points still standing (taken-back ones excluded) and the level they reach: one row read. */
export async function rewardStanding(db: Executor, accountId: string) {
  const [row] = rowsOf<{ points: string; level_id: number | null; level_key: string | null }>(
    await db.execute(sql`
      SELECT t.points::text AS points, l.id AS level_id, l.key AS level_key
      FROM (SELECT coalesce((SELECT points FROM reward_totals WHERE account_id = ${accountId}), 0) AS points) AS t
      LEFT JOIN LATERAL (SELECT id, key FROM reward_levels WHERE min_points <= t.points ORDER BY min_points DESC LIMIT 1) AS l ON true`),
  );
  return { points: BigInt(row.points), level: row.level_id != null && row.level_key != null ? { id: Number(row.level_id), key: row.level_key } : null };
}

/**
 * A refunded or reversed recharge earns nothing: its points and its cashback grant are taken back
 * (the grant's money by the caller, which reverses its journal in the same transaction), and the
 * account's level is recounted from what still stands. Returns what was taken back, for the timeline.
 */
export async function takeBackRewards(tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge) {
  const now = new Date();
  const points = await tx.db
    .update(rewardPoints)
    .set({ revokedAt: now })
    .where(and(eq(rewardPoints.rechargeId, r.id), isNull(rewardPoints.revokedAt)))
    .returning({ points: rewardPoints.points });
  const grants = await tx.db
    .update(cashbackGrants)
    .set({ revokedAt: now })
    .where(and(eq(cashbackGrants.rechargeId, r.id), isNull(cashbackGrants.revokedAt)))
    .returning({ amount: cashbackGrants.amount });
  const standing = await rewardStanding(tx.db, r.accountId);
  return {
    points_taken_back: Number(points.reduce((sum, p) => sum + p.points, 0n)) / 100,
    cashback_taken_back: grants.length ? formatAmount(grants[0].amount, r.currency) : null,
    points: Number(standing.points) / 100,
    level: standing.level?.key ?? null,
  };
}

/** The seed API's `reward` block for a succeeded recharge. */
export async function rewardBlock(db: Executor, r: Recharge) {
  const [award] = await db
    .select({ points: rewardPoints.points, levelId: rewardLevels.id, levelKey: rewardLevels.key })
    .from(rewardPoints)
    .leftJoin(rewardLevels, eq(rewardLevels.id, rewardPoints.levelId))
    .where(eq(rewardPoints.rechargeId, r.id));
  const [grant] = await db.select().from(cashbackGrants).where(eq(cashbackGrants.rechargeId, r.id));
  return {
    ok: true,
    points: award
      ? { ok: true, message: "Points awarded successfully", points: Number(award.points) / 100, new_level_id: award.levelId, new_level_key: award.levelKey }
      : { ok: false, message: "No points for this recharge" },
    cashback: grant
      ? { ok: true, message: "Cashback credited", amount: formatAmount(grant.amount, r.currency) }
      : { ok: true, message: "No eligible active offer found" },
  };
}
