import { and, asc, desc, eq, ilike, lt, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { rowsOf } from "@/db/client";
import { operators, type Provider, providerBreakers, providerCalls, providerOperatorCosts, providers } from "@/db/schema";
import { type Ctx, withTransaction } from "@/server/context";
import { NotFound } from "@/server/lib/errors";
import { breakerLooksOpen, resetBreaker } from "@/server/providers/breaker";
import { probeProvider } from "@/server/providers/probe";
import { parseInput, recordAudit, requireAdmin } from "./guard";
import { ListProviderCallsInput, ListProviderCostsInput, SetProviderCostInput, UpdateProviderInput } from "./schemas";

export { ListProviderCallsInput, ListProviderCostsInput, SetProviderCostInput, UpdateProviderInput };

// Outcomes that are the provider's fault (as the breaker counts them, server/recharge/advance.ts),
// plus "error" from read-only calls. A customer's wrong number is not a provider failure.
const FAULTS = ["unknown", "error", "failed:provider_down", "failed:provider_balance"];
const FAULT_LIST = sql.raw(FAULTS.map((f) => `'${f}'`).join(","));

export type ProviderHealthState = "healthy" | "degraded" | "down" | "disabled";

type Bucket = { hour: string; calls: number; errors: number; avgLatencyMs: number | null; p95LatencyMs: number | null };

/**
 * Every provider with its circuit breaker, its last health check and its last 24 hours of calls:
 * totals and 24 hourly buckets (success rate and latency), from provider_calls.
 */
export async function providerHealth(ctx: Ctx, opts: { now?: Date } = {}) {
  requireAdmin(ctx);
  const now = opts.now ?? new Date();
  const since = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 23 * 3_600_000);
  // Health words judge the provider as it is now: an outage an hour ago is history, not "degraded".
  const recentSince = new Date(now.getTime() - RECENT_MINUTES * 60_000);
  const [rows, hourly, totals, checks] = await Promise.all([
    ctx.db.select({ provider: providers, breaker: providerBreakers }).from(providers).leftJoin(providerBreakers, eq(providerBreakers.provider, providers.name)).orderBy(asc(providers.priority), asc(providers.name)),
    ctx.db.execute(sql`
      SELECT provider, date_trunc('hour', created_at) AS hour, count(*)::int AS calls,
             count(*) FILTER (WHERE outcome IN (${FAULT_LIST}))::int AS errors,
             round(avg(latency_ms))::int AS avg_latency,
             round(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms))::int AS p95_latency
      FROM provider_calls WHERE created_at >= ${since.toISOString()}::timestamptz AND created_at <= ${now.toISOString()}::timestamptz
      GROUP BY provider, 2`),
    ctx.db.execute(sql`
      SELECT provider, count(*)::int AS calls,
             count(*) FILTER (WHERE outcome IN (${FAULT_LIST}))::int AS errors,
             round(avg(latency_ms))::int AS avg_latency,
             round(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms))::int AS p95_latency,
             max(created_at) FILTER (WHERE outcome NOT IN (${FAULT_LIST})) AS last_ok_at,
             count(*) FILTER (WHERE created_at >= ${recentSince.toISOString()}::timestamptz)::int AS recent_calls,
             count(*) FILTER (WHERE created_at >= ${recentSince.toISOString()}::timestamptz AND outcome IN (${FAULT_LIST}))::int AS recent_errors
      FROM provider_calls WHERE created_at >= ${since.toISOString()}::timestamptz AND created_at <= ${now.toISOString()}::timestamptz
      GROUP BY provider`),
    ctx.db.execute(sql`
      SELECT DISTINCT ON (provider) provider, outcome, latency_ms, error, created_at
      FROM provider_calls WHERE operation = 'health' ORDER BY provider, created_at DESC, id DESC`),
  ]);
  type HourRow = { provider: string; hour: Date | string; calls: number; errors: number; avg_latency: number | null; p95_latency: number | null };
  type TotalRow = { provider: string; calls: number; errors: number; avg_latency: number | null; p95_latency: number | null; last_ok_at: Date | string | null; recent_calls: number; recent_errors: number };
  type CheckRow = { provider: string; outcome: string; latency_ms: number; error: string | null; created_at: Date | string };
  const byHour = new Map<string, HourRow>();
  for (const h of rowsOf<HourRow>(hourly)) byHour.set(`${h.provider}|${new Date(h.hour).getTime()}`, h);
  const totalsBy = new Map(rowsOf<TotalRow>(totals).map((t) => [t.provider, t]));
  const checksBy = new Map(rowsOf<CheckRow>(checks).map((c) => [c.provider, c]));

  return rows.map(({ provider, breaker }) => {
    const series: Bucket[] = [];
    for (let i = 0; i < 24; i++) {
      const hour = new Date(since.getTime() + i * 3_600_000);
      const h = byHour.get(`${provider.name}|${hour.getTime()}`);
      series.push({ hour: hour.toISOString(), calls: h?.calls ?? 0, errors: h?.errors ?? 0, avgLatencyMs: h?.avg_latency ?? null, p95LatencyMs: h?.p95_latency ?? null });
    }
    const t = totalsBy.get(provider.name);
    const c = checksBy.get(provider.name);
    const lastCheck = c ? { ok: c.outcome === "ok", at: new Date(c.created_at), latencyMs: c.latency_ms, error: c.error } : null;
    const lastOkAt = t?.last_ok_at ? new Date(t.last_ok_at) : null;
    const b = breaker ?? { state: "closed" as const, consecutiveFailures: 0, openedAt: null, probeAt: null };
    const stats = { calls: t?.calls ?? 0, errors: t?.errors ?? 0, successRate: t && t.calls > 0 ? (t.calls - t.errors) / t.calls : null, avgLatencyMs: t?.avg_latency ?? null, p95LatencyMs: t?.p95_latency ?? null };
    return {
      ...publicProvider(provider),
      breaker: { state: b.state, consecutiveFailures: b.consecutiveFailures, openedAt: b.openedAt, probeAt: b.probeAt, open: breakerLooksOpen(b, now) },
      lastCheck,
      stats,
      series,
      ...healthOf({ enabled: provider.enabled, breakerOpen: breakerLooksOpen(b, now), breakerState: b.state, failures: b.consecutiveFailures, lastCheck, lastOkAt, stats: recentStats(t) }),
    };
  });
}

/** Calls of the last RECENT_MINUTES: what "degraded" is judged on. */
export const RECENT_MINUTES = 15;
function recentStats(t: { recent_calls: number; recent_errors: number } | undefined) {
  const calls = t?.recent_calls ?? 0;
  return { calls, successRate: calls > 0 ? (calls - (t?.recent_errors ?? 0)) / calls : null };
}

/** The one word an admin reads first, and why. */
export function healthOf(p: {
  enabled: boolean;
  breakerOpen: boolean;
  breakerState: string;
  failures: number;
  lastCheck: { ok: boolean; at: Date } | null;
  lastOkAt: Date | null;
  stats: { calls: number; successRate: number | null };
}): { health: ProviderHealthState; healthReason: string } {
  if (!p.enabled) return { health: "disabled", healthReason: "Switched off by an admin" };
  if (p.breakerOpen) return { health: "down", healthReason: "Circuit open after repeated failures" };
  if (p.lastCheck && !p.lastCheck.ok && (!p.lastOkAt || p.lastOkAt < p.lastCheck.at)) return { health: "down", healthReason: "Last health check failed" };
  if (p.breakerState === "half_open") return { health: "degraded", healthReason: "Probing after an outage" };
  if (p.failures > 0) return { health: "degraded", healthReason: `${p.failures} failure${p.failures === 1 ? "" : "s"} in a row` };
  if (p.stats.successRate !== null && p.stats.calls >= 5 && p.stats.successRate < 0.9) return { health: "degraded", healthReason: `Success rate under 90% in the last ${RECENT_MINUTES} min` };
  return { health: "healthy", healthReason: p.stats.calls ? "Answering normally" : `No traffic in the last ${RECENT_MINUTES} min` };
}

function publicProvider(p: Provider) {
  // Never the credentials.
  return { name: p.name, displayName: p.displayName, style: p.style, baseUrl: p.baseUrl, enabled: p.enabled, priority: p.priority, weight: p.weight, timeoutMs: p.timeoutMs, notFoundWindowSeconds: p.notFoundWindowSeconds, simulated: p.simulated, updatedAt: p.updatedAt };
}

async function providerRow(ctx: Ctx, name: string, lock = false) {
  const q = ctx.db.select().from(providers).where(eq(providers.name, name));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw NotFound("Provider");
  return row;
}


/** Routing settings: on/off, priority (lower first), weight among equals, timeout, not-found window. Audit-logged. */
export async function updateProvider(args: { ctx: Ctx; input: UpdateProviderInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(UpdateProviderInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const before = await providerRow(tx, input.name, true);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["enabled", "priority", "weight", "timeoutMs", "notFoundWindowSeconds"] as const) {
      if (input[key] !== undefined && input[key] !== before[key]) changes[key] = { from: before[key], to: input[key] };
    }
    if (Object.keys(changes).length === 0) return publicProvider(before);
    const [after] = await tx.db
      .update(providers)
      .set({ enabled: input.enabled, priority: input.priority, weight: input.weight, timeoutMs: input.timeoutMs, notFoundWindowSeconds: input.notFoundWindowSeconds, updatedAt: new Date() })
      .where(eq(providers.name, input.name))
      .returning();
    const action = "enabled" in changes && Object.keys(changes).length === 1 ? (input.enabled ? "provider.enable" : "provider.disable") : "provider.update";
    await recordAudit(tx, { action, targetType: "provider", targetId: input.name, details: { changes } });
    return publicProvider(after);
  });
}


/** What a provider charges per operator, with the operator's name, a page at a time. */
export async function listProviderCosts(ctx: Ctx, raw: z.input<typeof ListProviderCostsInput>) {
  requireAdmin(ctx);
  const input = parseInput(ListProviderCostsInput, raw);
  const conditions: SQL[] = [eq(providerOperatorCosts.provider, input.provider)];
  if (input.search) conditions.push(ilike(providerOperatorCosts.operatorCode, `%${input.search.replace(/[%_\\]/g, "\\$&")}%`));
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select({ operatorCode: providerOperatorCosts.operatorCode, costBps: providerOperatorCosts.costBps, enabled: providerOperatorCosts.enabled, operatorName: operators.name, country: operators.country })
      .from(providerOperatorCosts)
      .leftJoin(operators, eq(operators.code, providerOperatorCosts.operatorCode))
      .where(and(...conditions))
      .orderBy(asc(providerOperatorCosts.operatorCode))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(providerOperatorCosts).where(and(...conditions)),
  ]);
  return { data: rows, total: count?.n ?? 0, page: input.page, pageSize: input.pageSize };
}


/** Changes the discount a provider gives us on an operator, or stops routing that operator to it. */
export async function setProviderCost(args: { ctx: Ctx; input: SetProviderCostInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(SetProviderCostInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const where = and(eq(providerOperatorCosts.provider, input.provider), eq(providerOperatorCosts.operatorCode, input.operatorCode));
    const [before] = await tx.db.select().from(providerOperatorCosts).where(where).for("update");
    if (!before) throw NotFound("Provider cost");
    const [after] = await tx.db.update(providerOperatorCosts).set({ costBps: input.costBps, enabled: input.enabled }).where(where).returning();
    await recordAudit(tx, {
      action: "provider.cost_update",
      targetType: "provider",
      targetId: input.provider,
      details: { operator: input.operatorCode, from: { cost_bps: before.costBps, enabled: before.enabled }, to: { cost_bps: after.costBps, enabled: after.enabled } },
    });
    return after;
  });
}

/** Closes a provider's circuit by hand (after fixing what tripped it). Audit-logged. */
export async function resetProviderCircuit(args: { ctx: Ctx; input: { name: string } }) {
  requireAdmin(args.ctx);
  return withTransaction(args.ctx, async (tx) => {
    await providerRow(tx, args.input.name);
    const [before] = await tx.db.select().from(providerBreakers).where(eq(providerBreakers.provider, args.input.name));
    await resetBreaker(tx.db, args.input.name);
    await recordAudit(tx, { action: "provider.circuit_reset", targetType: "provider", targetId: args.input.name, details: { from: before?.state ?? "closed", failures: before?.consecutiveFailures ?? 0 } });
    return { name: args.input.name, state: "closed" as const };
  });
}

/** Asks the provider whether it is up, and logs the call (operation `health`) like any other; success closes its circuit. */
export async function checkProviderHealth(args: { ctx: Ctx; input: { name: string } }) {
  requireAdmin(args.ctx);
  const row = await providerRow(args.ctx, args.input.name);
  // A passing check closes an open circuit: the provider is back, no need to wait for orders.
  const { ok, call } = await probeProvider(args.ctx.db, row, { claimed: false });
  return { name: row.name, ok, latencyMs: Math.round(call.latencyMs), error: call.error ?? (ok ? null : `HTTP ${call.httpStatus ?? "no answer"}`), at: new Date() };
}


/** The provider's most recent calls, newest first (request/response bodies left out of the list). */
export async function listProviderCalls(ctx: Ctx, raw: z.input<typeof ListProviderCallsInput>) {
  requireAdmin(ctx);
  const input = parseInput(ListProviderCallsInput, raw);
  const conditions: SQL[] = [eq(providerCalls.provider, input.provider)];
  if (input.outcome === "failed") conditions.push(sql`${providerCalls.outcome} LIKE 'failed:%'`);
  else if (input.outcome) conditions.push(eq(providerCalls.outcome, input.outcome));
  if (input.cursor) conditions.push(lt(providerCalls.id, BigInt(input.cursor)));
  const rows = await ctx.db
    .select({ id: providerCalls.id, rechargeId: providerCalls.rechargeId, operation: providerCalls.operation, httpStatus: providerCalls.httpStatus, latencyMs: providerCalls.latencyMs, outcome: providerCalls.outcome, error: providerCalls.error, createdAt: providerCalls.createdAt })
    .from(providerCalls)
    .where(and(...conditions))
    .orderBy(desc(providerCalls.id))
    .limit(input.limit + 1);
  const data = rows.slice(0, input.limit).map((r) => ({ ...r, id: r.id.toString() }));
  return { data, nextCursor: rows.length > input.limit ? data[data.length - 1].id : null };
}
