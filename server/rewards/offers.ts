// Admin management of cashback offers and reward levels. (Earning cashback and points on a
// recharge lives with the rewards engine, not here.)
import { and, asc, desc, eq, gt, lte, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type CashbackOffer, cashbackGrants, cashbackOffers, operators, rewardLevels, rewardPoints } from "@/db/schema";
import { parseInput, recordAudit, requireAdmin } from "@/server/admin/guard";
import { LevelInput, ListOffersInput, OfferInput, UpdateLevelInput, UpdateOfferInput } from "@/server/admin/schemas";
import { type Ctx, withTransaction } from "@/server/context";
import { Conflict, NotFound, ValidationFailed } from "@/server/lib/errors";
import { randomToken } from "@/server/lib/ids";
import { formatAmount, parseAmount } from "@/server/lib/money";

export { LevelInput, ListOffersInput, OfferInput, UpdateLevelInput, UpdateOfferInput };


// ── Cashback offers ─────────────────────────────────────────────────────────────────────────────

export function offerView(o: CashbackOffer, now = new Date()) {
  const m = (v: bigint) => formatAmount(v, o.currency);
  const state = !o.active ? "inactive" : o.endsAt <= now ? "ended" : o.startsAt > now ? "scheduled" : "live";
  return {
    id: o.id,
    name: o.name,
    operatorCode: o.operatorCode,
    currency: o.currency,
    minAmount: m(o.minAmount),
    rateBps: o.rateBps,
    maxCashback: m(o.maxCashback),
    maxPerAccount: o.maxPerAccount,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    active: o.active,
    state: state as "inactive" | "ended" | "scheduled" | "live",
  };
}


export async function listCashbackOffers(ctx: Ctx, raw: z.input<typeof ListOffersInput>) {
  requireAdmin(ctx);
  const input = parseInput(ListOffersInput, raw);
  const now = new Date();
  const conditions: SQL[] = [];
  if (input.state === "live") conditions.push(eq(cashbackOffers.active, true), lte(cashbackOffers.startsAt, now), gt(cashbackOffers.endsAt, now));
  if (input.state === "inactive") conditions.push(eq(cashbackOffers.active, false));
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select({ offer: cashbackOffers, grants: sql<number>`(SELECT count(*)::int FROM ${cashbackGrants} WHERE ${cashbackGrants.offerId} = ${cashbackOffers.id})` })
      .from(cashbackOffers)
      .where(and(...conditions))
      .orderBy(desc(cashbackOffers.createdAt), desc(cashbackOffers.id))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(cashbackOffers).where(and(...conditions)),
  ]);
  return { data: rows.map((r) => ({ ...offerView(r.offer, now), grants: r.grants })), total: count?.n ?? 0, page: input.page, pageSize: input.pageSize };
}


async function offerValues(ctx: Ctx, input: z.output<typeof OfferInput>) {
  if (input.operatorCode) {
    const [op] = await ctx.db.select({ currency: operators.currency }).from(operators).where(eq(operators.code, input.operatorCode));
    if (!op) throw ValidationFailed("No such operator.", { operatorCode: "unknown operator" });
    if (op.currency !== input.currency) throw ValidationFailed(`${input.operatorCode} is priced in ${op.currency}.`, { currency: `must be ${op.currency}` });
  }
  const minAmount = parseAmount(input.minAmount, input.currency);
  const maxCashback = parseAmount(input.maxCashback, input.currency);
  if (minAmount === null) throw ValidationFailed(`Too many decimals for ${input.currency}.`, { minAmount: "invalid amount" });
  if (!maxCashback) throw ValidationFailed("The cashback cap must be more than zero.", { maxCashback: "must be positive" });
  const { name, operatorCode, currency, rateBps, maxPerAccount, startsAt, endsAt, active } = input;
  return { name, operatorCode, currency, rateBps, maxPerAccount, startsAt, endsAt, active, minAmount, maxCashback };
}

export async function createCashbackOffer(args: { ctx: Ctx; input: OfferInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(OfferInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [offer] = await tx.db.insert(cashbackOffers).values({ id: `cbo_${randomToken(20)}`, ...(await offerValues(tx, input)) }).returning();
    const view = offerView(offer);
    await recordAudit(tx, { action: "cashback_offer.create", targetType: "cashback_offer", targetId: offer.id, details: { offer: view } });
    return view;
  });
}


export async function updateCashbackOffer(args: { ctx: Ctx; input: z.input<typeof UpdateOfferInput> }) {
  requireAdmin(args.ctx);
  const input = parseInput(UpdateOfferInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [before] = await tx.db.select().from(cashbackOffers).where(eq(cashbackOffers.id, input.id)).for("update");
    if (!before) throw NotFound("Cashback offer");
    const [offer] = await tx.db.update(cashbackOffers).set(await offerValues(tx, input.offer)).where(eq(cashbackOffers.id, input.id)).returning();
    const view = offerView(offer);
    await recordAudit(tx, { action: "cashback_offer.update", targetType: "cashback_offer", targetId: offer.id, details: { from: offerView(before), to: view } });
    return view;
  });
}

/** Offers are switched off rather than deleted: grants point at them. */
export async function setCashbackOfferActive(args: { ctx: Ctx; input: { id: string; active: boolean } }) {
  requireAdmin(args.ctx);
  return withTransaction(args.ctx, async (tx) => {
    const [offer] = await tx.db.update(cashbackOffers).set({ active: args.input.active }).where(eq(cashbackOffers.id, args.input.id)).returning();
    if (!offer) throw NotFound("Cashback offer");
    await recordAudit(tx, { action: args.input.active ? "cashback_offer.activate" : "cashback_offer.deactivate", targetType: "cashback_offer", targetId: offer.id, details: { name: offer.name } });
    return offerView(offer);
  });
}

// ── Reward levels ───────────────────────────────────────────────────────────────────────────────

const toHundredths = (p: string) => parseAmount(p, "BDT")!; // BDT has 2 decimals: the same scale.
const fromHundredths = (v: bigint) => formatAmount(v, "BDT");

export function levelView(l: typeof rewardLevels.$inferSelect) {
  return { id: l.id, key: l.key, name: l.name, minPoints: fromHundredths(l.minPoints) };
}

export async function listRewardLevels(ctx: Ctx) {
  requireAdmin(ctx);
  const rows = await ctx.db.select().from(rewardLevels).orderBy(asc(rewardLevels.minPoints), asc(rewardLevels.id));
  return rows.map(levelView);
}


async function assertUnique(ctx: Ctx, input: z.output<typeof LevelInput>, exceptId?: number) {
  const same = await ctx.db.select().from(rewardLevels).where(sql`(${rewardLevels.key} = ${input.key} OR ${rewardLevels.minPoints} = ${toHundredths(input.minPoints)})`);
  const clash = same.find((l) => l.id !== exceptId);
  if (clash?.key === input.key) throw Conflict(`A level with the key "${input.key}" exists.`, { key: "taken" });
  if (clash) throw Conflict(`The level "${clash.name}" already starts at ${input.minPoints} points.`, { minPoints: "taken" });
}

export async function createRewardLevel(args: { ctx: Ctx; input: LevelInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(LevelInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    await assertUnique(tx, input);
    const [{ next }] = await tx.db.select({ next: sql<number>`coalesce(max(${rewardLevels.id}), 0)::int + 1` }).from(rewardLevels);
    const [level] = await tx.db.insert(rewardLevels).values({ id: next, key: input.key, name: input.name, minPoints: toHundredths(input.minPoints) }).returning();
    await recordAudit(tx, { action: "reward_level.create", targetType: "reward_level", targetId: String(level.id), details: { level: levelView(level) } });
    return levelView(level);
  });
}

export async function updateRewardLevel(args: { ctx: Ctx; input: z.input<typeof UpdateLevelInput> }) {
  requireAdmin(args.ctx);
  const input = parseInput(UpdateLevelInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [before] = await tx.db.select().from(rewardLevels).where(eq(rewardLevels.id, input.id)).for("update");
    if (!before) throw NotFound("Reward level");
    await assertUnique(tx, input, input.id);
    const [level] = await tx.db.update(rewardLevels).set({ key: input.key, name: input.name, minPoints: toHundredths(input.minPoints) }).where(eq(rewardLevels.id, input.id)).returning();
    await recordAudit(tx, { action: "reward_level.update", targetType: "reward_level", targetId: String(level.id), details: { from: levelView(before), to: levelView(level) } });
    return levelView(level);
  });
}

/** A level that points were already recorded at cannot go: history refers to it. */
export async function deleteRewardLevel(args: { ctx: Ctx; input: { id: number } }) {
  requireAdmin(args.ctx);
  return withTransaction(args.ctx, async (tx) => {
    const [used] = await tx.db.select({ id: rewardPoints.id }).from(rewardPoints).where(eq(rewardPoints.levelId, args.input.id)).limit(1);
    if (used) throw Conflict("Points were already earned at this level; rename it instead of deleting it.");
    const [level] = await tx.db.delete(rewardLevels).where(eq(rewardLevels.id, args.input.id)).returning();
    if (!level) throw NotFound("Reward level");
    await recordAudit(tx, { action: "reward_level.delete", targetType: "reward_level", targetId: String(level.id), details: { level: levelView(level) } });
    return { id: level.id };
  });
}
