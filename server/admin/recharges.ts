import { and, asc, eq, inArray } from "drizzle-orm";
import { accounts, auditLog } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { type ListRechargesInput, listRecharges, rechargeTimeline } from "@/server/recharge/manage";
import { rechargeObject } from "@/server/recharge/view";
import { requireAdmin } from "./guard";

/** The recharge object merchants see, plus what only admins need: owner, provider, internal state. */
function adminRecharge(r: Parameters<typeof rechargeObject>[0], accountName: string | null) {
  return {
    ...rechargeObject(r),
    account_id: r.accountId,
    account_name: accountName,
    internal_status: r.status,
    provider: r.provider,
    provider_ref: r.providerRef,
    needs_review: r.needsReview,
    /** The last error a background step hit (e.g. credentials that no longer decrypt); null when clean. */
    last_error: r.lastError,
    channel: r.channel,
    target: r.target,
  };
}

/** Every account's recharges with filters (status, operator, reference, account, dates, needs review). */
export async function listAllRecharges(ctx: Ctx, input: ListRechargesInput) {
  requireAdmin(ctx);
  const page = await listRecharges(ctx, input);
  const ids = [...new Set(page.data.map((r) => r.accountId))];
  const names = ids.length ? await ctx.db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(inArray(accounts.id, ids)) : [];
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return { data: page.data.map((r) => adminRecharge(r, byId.get(r.accountId) ?? null)), nextCursor: page.nextCursor };
}

/** One recharge with its events, every provider call and the admin actions taken on it. */
export async function rechargeDetail(ctx: Ctx, id: string) {
  requireAdmin(ctx);
  const { recharge, timeline, providerCalls } = await rechargeTimeline(ctx, id, { withProviderCalls: true });
  const [[owner], actions] = await Promise.all([
    ctx.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, recharge.accountId)),
    ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, "recharge"), eq(auditLog.targetId, id))).orderBy(asc(auditLog.createdAt)),
  ]);
  return {
    recharge: adminRecharge(recharge, owner?.name ?? null),
    timeline,
    providerCalls: providerCalls.map((c) => ({ ...c, id: c.id.toString() })),
    actions: actions.map((a) => ({ id: a.id, action: a.action, details: a.details, at: a.createdAt })),
  };
}
