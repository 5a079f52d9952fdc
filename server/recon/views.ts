// What the admin page reads: runs, their differences (money as decimal strings), and the provider
// float we book against the one they report, day by day.
import { and, asc, desc, eq, gte, type SQL } from "drizzle-orm";
import { z } from "zod";
import { type ReconDifference, type ReconRun, RECON_DIFFERENCE_KINDS, reconDifferences, reconRuns } from "@/db/schema";
import { parseInput, requireAdmin } from "@/server/admin/guard";
import type { Ctx } from "@/server/context";
import { NotFound } from "@/server/lib/errors";
import { olderThanCursor, pageOf } from "@/server/lib/keyset";
import { formatAmount } from "@/server/lib/money";
import { actionsFor } from "./resolve";

const money = (v: bigint | null, currency: string | null) => {
  if (v === null || !currency) return null;
  try {
    return formatAmount(v, currency);
  } catch {
    return v.toString();
  }
};

export function runView(r: ReconRun) {
  return {
    id: r.id,
    provider: r.provider,
    day: r.day,
    trigger: r.trigger,
    status: r.status,
    error: r.error,
    statementOrders: r.statementOrders,
    ourOrders: r.ourOrders,
    matched: r.matched,
    differences: r.differences,
    newDifferences: r.newDifferences,
    counts: r.counts,
    floatCurrency: r.floatCurrency,
    reported: money(r.reportedBalance, r.floatCurrency),
    booked: money(r.bookedBalance, r.floatCurrency),
    drift: r.reportedBalance !== null && r.bookedBalance !== null ? money(r.reportedBalance - r.bookedBalance, r.floatCurrency) : null,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export function differenceView(d: ReconDifference) {
  return {
    id: d.id,
    runId: d.runId,
    lastRunId: d.lastRunId,
    provider: d.provider,
    kind: d.kind,
    subject: d.subject,
    rechargeId: d.rechargeId,
    accountId: d.accountId,
    providerRef: d.providerRef,
    amount: money(d.amount, d.currency),
    currency: d.currency,
    summary: d.summary,
    ours: d.ours,
    theirs: d.theirs,
    state: d.state,
    resolution: d.resolution,
    reason: d.reason,
    journalId: d.journalId,
    settledBy: d.settledBy,
    settledAt: d.settledAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    actions: d.state === "open" ? actionsFor(d) : [],
  };
}

const Cursor = z.string().min(1).max(64).optional();

/** Keyset pages, newest first by (time, id): see olderThanCursor. */
const runsAfter = (ctx: Ctx, cursor: string) => olderThanCursor(ctx.db, { table: reconRuns, time: reconRuns.startedAt, id: reconRuns.id }, cursor);
const differencesAfter = (ctx: Ctx, cursor: string) =>
  olderThanCursor(ctx.db, { table: reconDifferences, time: reconDifferences.createdAt, id: reconDifferences.id }, cursor);

export const ListReconRunsInput = z.object({ provider: z.string().max(60).optional(), cursor: Cursor, limit: z.number().int().min(1).max(100).default(20) });
export type ListReconRunsInput = z.input<typeof ListReconRunsInput>;

export async function listReconRuns(ctx: Ctx, raw: ListReconRunsInput) {
  requireAdmin(ctx);
  const input = parseInput(ListReconRunsInput, raw);
  const where: Array<SQL | undefined> = [input.provider ? eq(reconRuns.provider, input.provider) : undefined, input.cursor ? await runsAfter(ctx, input.cursor) : undefined];
  const rows = await ctx.db
    .select()
    .from(reconRuns)
    .where(and(...where))
    .orderBy(desc(reconRuns.startedAt), desc(reconRuns.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit);
  return { data: page.data.map(runView), nextCursor: page.nextCursor };
}

export const ListReconDifferencesInput = z.object({
  runId: z.string().max(64).optional(),
  provider: z.string().max(60).optional(),
  state: z.enum(["open", "resolved", "dismissed"]).optional(),
  kind: z.enum(RECON_DIFFERENCE_KINDS).optional(),
  cursor: Cursor,
  limit: z.number().int().min(1).max(500).default(25),
});
export type ListReconDifferencesInput = z.input<typeof ListReconDifferencesInput>;

/** A run's differences are the ones it found (new or seen again); without a run, all of them. */
export async function listReconDifferences(ctx: Ctx, raw: ListReconDifferencesInput) {
  requireAdmin(ctx);
  const input = parseInput(ListReconDifferencesInput, raw);
  const where: SQL[] = [];
  if (input.runId) {
    const [run] = await ctx.db.select({ id: reconRuns.id }).from(reconRuns).where(eq(reconRuns.id, input.runId));
    if (!run) throw NotFound("Run");
    where.push(eq(reconDifferences.lastRunId, input.runId));
  }
  if (input.provider) where.push(eq(reconDifferences.provider, input.provider));
  if (input.state) where.push(eq(reconDifferences.state, input.state));
  if (input.kind) where.push(eq(reconDifferences.kind, input.kind));
  if (input.cursor) where.push(await differencesAfter(ctx, input.cursor));
  const rows = await ctx.db
    .select()
    .from(reconDifferences)
    .where(and(...where))
    .orderBy(desc(reconDifferences.createdAt), desc(reconDifferences.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit);
  return { data: page.data.map(differenceView), nextCursor: page.nextCursor };
}

export const FloatSeriesInput = z.object({ provider: z.string().min(1).max(60), days: z.number().int().min(1).max(365).default(30) });
export type FloatSeriesInput = z.input<typeof FloatSeriesInput>;

/** One point per day (its latest completed run): the float they report and the one our books expect. */
export async function floatSeries(ctx: Ctx, raw: FloatSeriesInput) {
  requireAdmin(ctx);
  const input = parseInput(FloatSeriesInput, raw);
  const since = new Date(Date.now() - input.days * 24 * 3600_000).toISOString().slice(0, 10);
  const rows = await ctx.db
    .select()
    .from(reconRuns)
    .where(and(eq(reconRuns.provider, input.provider), eq(reconRuns.status, "completed"), gte(reconRuns.day, since)))
    .orderBy(asc(reconRuns.day), asc(reconRuns.startedAt));
  const byDay = new Map<string, ReconRun>();
  for (const r of rows) if (r.reportedBalance !== null && r.bookedBalance !== null) byDay.set(r.day, r);
  return [...byDay.values()].map((r) => ({ day: r.day, currency: r.floatCurrency!, reported: money(r.reportedBalance, r.floatCurrency)!, booked: money(r.bookedBalance, r.floatCurrency)!, runId: r.id }));
}
