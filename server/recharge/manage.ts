import { and, asc, desc, eq, gte, ilike, inArray, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { accounts, auditLog, providerCalls, type Recharge, rechargeEvents, recharges } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, withTransaction } from "@/server/context";
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { olderThanCursor, pageOf } from "@/server/lib/keyset";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { parsePhone } from "@/server/catalog/numbers";
import { getPlans } from "@/server/catalog/plans";
import { asciiDigits } from "@/server/lib/digits";
import { settleFailure, settleRefund, settleSuccess } from "./settle";
import { timelineEntry } from "./view";

/** The caller's own recharge (404 for anyone else's, so ids leak nothing); admins see all. */
export async function getRecharge(ctx: Ctx, id: string): Promise<Recharge> {
  const [r] = await ctx.db.select().from(recharges).where(eq(recharges.id, id));
  const own = ctx.actor.type === "user" || ctx.actor.type === "api_key" ? ctx.actor.accountId : null;
  if (!r) throw NotFound("Recharge");
  if (isPrivileged(ctx.actor) || r.accountId === own) return r;
  // A merchant's dashboard users also see their retailers' orders (issue #15 item 10).
  if (ctx.actor.type === "user" && ctx.actor.role === "merchant" && own) {
    const [child] = await ctx.db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.id, r.accountId), eq(accounts.parentAccountId, own)));
    if (child) return r;
  }
  throw NotFound("Recharge");
}

export async function getRechargeByReference(ctx: Ctx, accountId: string, reference: string) {
  const [r] = await ctx.db.select().from(recharges).where(and(eq(recharges.accountId, accountId), eq(recharges.reference, reference)));
  if (!r) throw NotFound("Recharge");
  return r;
}

export async function rechargeTimeline(ctx: Ctx, id: string, opts: { withProviderCalls?: boolean } = {}) {
  const r = await getRecharge(ctx, id);
  const events = await ctx.db.select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, r.id)).orderBy(asc(rechargeEvents.createdAt), asc(rechargeEvents.id));
  const calls = opts.withProviderCalls ? await ctx.db.select().from(providerCalls).where(eq(providerCalls.rechargeId, r.id)).orderBy(asc(providerCalls.id)) : [];
  return { recharge: r, timeline: events.map(timelineEntry), providerCalls: calls };
}

export const ListRechargesInput = z.object({
  accountId: z.string().optional(),
  status: z.enum(["pending", "succeeded", "failed", "refunded", "reversed"]).optional(),
  operator: z.string().max(40).optional(),
  reference: z.string().max(64).optional(),
  target: z.string().max(40).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  needsReview: z.boolean().optional(),
  /** Any part of a number, account, reference or order id. */
  search: z.string().trim().max(64).optional(),
  /** For a merchant's dashboard: "" its own orders and its retailers', "own" its own only, or one retailer's account id. */
  scope: z.string().max(64).optional(),
});
export type ListRechargesInput = z.input<typeof ListRechargesInput>;


const escapeLike = (s: string) => s.replace(/[%_\\]/g, "\\$&");

/**
 * Any part of a number ("345678", "+880 1712-345678", "০১৭১২"), an account, a reference or an order
 * id. A full number in international form is matched in the national form orders are stored in.
 */
function searchCondition(search: string): SQL {
  const text = asciiDigits(search).trim();
  const parsed = /^[+\d\s\-().]+$/.test(text) ? parsePhone(text) : null;
  const digits = parsed?.ok ? parsed.national : text.replace(/[\s\-().]/g, "").replace(/^\+/, "");
  const pattern = `%${escapeLike(text)}%`;
  return or(
    ilike(recharges.reference, pattern),
    ilike(recharges.id, pattern),
    ilike(recharges.target, `%${escapeLike(digits || text)}%`),
  )!;
}

/** Newest first, keyset-paginated by (created_at, id). Scoped to the caller's account unless admin. */
export async function listRecharges(ctx: Ctx, raw: ListRechargesInput) {
  const input = ListRechargesInput.parse(raw);
  const conditions: SQL[] = [];
  if (isPrivileged(ctx.actor)) {
    if (input.accountId) conditions.push(eq(recharges.accountId, input.accountId));
  } else {
    const own = ctx.actor.type === "user" || ctx.actor.type === "api_key" ? ctx.actor.accountId : null;
    if (!own) throw Forbidden();
    const merchantUser = ctx.actor.type === "user" && ctx.actor.role === "merchant";
    if (!merchantUser || input.scope === undefined || input.scope === "own") conditions.push(eq(recharges.accountId, own));
    else if (input.scope === "") conditions.push(or(eq(recharges.accountId, own), inArray(recharges.accountId, ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.parentAccountId, own))))!);
    else {
      const [child] = await ctx.db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.id, input.scope), eq(accounts.parentAccountId, own)));
      if (!child) throw ValidationFailed("That retailer is not one of yours.", { scope: "unknown retailer" });
      conditions.push(eq(recharges.accountId, child.id));
    }
  }
  if (input.status === "pending") conditions.push(or(eq(recharges.status, "pending"), eq(recharges.status, "held"), eq(recharges.status, "submitting"), eq(recharges.status, "received"))!);
  else if (input.status) conditions.push(eq(recharges.status, input.status));
  if (input.operator) conditions.push(eq(recharges.operator, input.operator));
  if (input.reference) conditions.push(eq(recharges.reference, input.reference));
  if (input.target) conditions.push(eq(recharges.target, input.target));
  if (input.from && input.to && input.from > input.to) {
    throw ValidationFailed("The start date is after the end date: swap them to see this period.", { from: "after to" });
  }
  if (input.search) conditions.push(searchCondition(input.search));
  if (input.from) conditions.push(gte(recharges.createdAt, input.from));
  if (input.to) conditions.push(lte(recharges.createdAt, input.to));
  if (input.needsReview !== undefined) conditions.push(eq(recharges.needsReview, input.needsReview));
  if (input.cursor) {
    conditions.push(await olderThanCursor(ctx.db, { table: recharges, time: recharges.createdAt, id: recharges.id }, input.cursor));
  }
  const rows = await ctx.db
    .select()
    .from(recharges)
    .where(and(...conditions))
    .orderBy(desc(recharges.createdAt), desc(recharges.id))
    .limit(input.limit + 1);
  return pageOf(rows, input.limit);
}

async function audit(ctx: Ctx, r: Recharge, action: string, details: Record<string, unknown>) {
  await ctx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(ctx.actor), accountId: r.accountId, action, targetType: "recharge", targetId: r.id, details, requestId: ctx.requestId });
}

/** Admin refund of a succeeded recharge (e.g. after a dispute): a new journal, audit-logged. */
export async function refundRecharge(args: { ctx: Ctx; input: { id: string; reason: string } }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const reason = args.input.reason?.trim();
  if (!reason) throw ValidationFailed("A reason is required.", { reason: "required" });
  return withTransaction(args.ctx, async (tx) => {
    const [r] = await tx.db.select().from(recharges).where(eq(recharges.id, args.input.id)).for("update");
    if (!r) throw NotFound("Recharge");
    if (r.status === "refunded") return r;
    if (r.status !== "succeeded") throw Conflict(`Only a succeeded recharge can be refunded; this one is ${r.status}.`, { status: r.status });
    const updated = await settleRefund(tx, r, reason);
    await audit(tx, r, "recharge.refund", { reason, amount: formatAmount(r.amount, r.currency), currency: r.currency });
    return updated;
  });
}

/**
 * An admin ends a pending recharge whose status checks ran out, after checking with the provider
 * out of band. The only way besides a provider's answer that a pending order ends.
 */
export async function resolvePendingRecharge(args: { ctx: Ctx; input: { id: string; outcome: "succeeded" | "failed"; note: string; operatorTransactionId?: string } }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const note = args.input.note?.trim();
  if (!note) throw ValidationFailed("A note is required.", { note: "required" });
  return withTransaction(args.ctx, async (tx) => {
    const [r] = await tx.db.select().from(recharges).where(eq(recharges.id, args.input.id)).for("update");
    if (!r) throw NotFound("Recharge");
    if (r.status !== "pending" || !r.needsReview) throw new AppError("conflict", "Only a pending recharge awaiting a decision can be resolved by hand.", { status: r.status, needs_review: r.needsReview });
    const updated =
      args.input.outcome === "succeeded"
        ? await settleSuccess(tx, r, { providerRef: r.providerRef ?? "manual", operatorTransactionId: args.input.operatorTransactionId ?? "manual" })
        : await settleFailure(tx, r, "admin_failed", { note });
    await audit(tx, r, `recharge.resolve_${args.input.outcome}`, { note });
    return updated;
  });
}

/**
 * The account's own payment of a utility bill in this billing cycle (a month), if one went through
 * or is still going through: a fetched bill that was already paid is shown as paid, not as due.
 */
export async function findBillPayment(ctx: Ctx, input: { accountId: string; biller: string; account: string; now?: Date }) {
  const since = new Date((input.now ?? new Date()).getTime() - BILL_CYCLE_DAYS * 86_400_000);
  const [r] = await ctx.db
    .select()
    .from(recharges)
    .where(
      and(
        eq(recharges.accountId, input.accountId),
        eq(recharges.operator, input.biller),
        eq(recharges.target, input.account),
        eq(recharges.service, "bill"),
        gte(recharges.createdAt, since),
        notInArray(recharges.status, ["failed", "refunded", "reversed"]),
      ),
    )
    .orderBy(desc(recharges.createdAt))
    .limit(1);
  return r ?? null;
}
const BILL_CYCLE_DAYS = 31;

export type PlanNote = { id: string; description: string; validity: string };

/** The pack a web order was placed for (written by notePlan), to show on the receipt. */
export function planOf(r: Recharge): PlanNote | null {
  const plan = (r.metadata as { plan?: PlanNote } | null)?.plan;
  return plan && typeof plan.id === "string" ? plan : null;
}

/**
 * Remembers which pack the retailer chose for an order, when it is one of the operator's listed
 * plans at this exact price (anything else is ignored: the amount alone is what was sold).
 */
export async function notePlan(ctx: Ctx, rechargeId: string, planId: string) {
  const r = await getRecharge(ctx, rechargeId);
  let plans: Awaited<ReturnType<typeof getPlans>>["plans"];
  try {
    plans = (await getPlans(ctx.db, { operator: r.operator })).plans;
  } catch {
    return null; // Plans unavailable: the order stands, only its label is missing.
  }
  const plan = plans.find((p) => p.id === planId && parseAmount(p.amount, r.currency) === r.amount);
  if (!plan) return null;
  const note: PlanNote = { id: plan.id, description: plan.description, validity: plan.validity };
  await addOrderNote(ctx, r.id, { plan: note });
  return note;
}

/** Merges labels into an order's metadata in one statement (never read-modify-write: workers update the row). */
export async function addOrderNote(ctx: Ctx, rechargeId: string, note: Record<string, unknown>) {
  await ctx.db
    .update(recharges)
    .set({ metadata: sql`${recharges.metadata} || ${JSON.stringify(note)}::jsonb` })
    .where(eq(recharges.id, rechargeId));
}

/** The account's latest order to a number or account (any status), for "recharge again". */
export async function findLastRecharge(ctx: Ctx, input: { accountId: string; target: string }) {
  const [r] = await ctx.db
    .select()
    .from(recharges)
    .where(and(eq(recharges.accountId, input.accountId), eq(recharges.target, input.target)))
    .orderBy(desc(recharges.createdAt))
    .limit(1);
  return r ?? null;
}
