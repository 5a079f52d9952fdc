// A reconciliation run: fetch a provider's statement for a UTC day, compare it with our orders, store
// every difference (once: a rerun finds the known ones again and says so), and the float we book next
// to the float they report. Daily from the background driver / Inngest, on demand from the admin page
// and the CLI.
import { and, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { type Recharge, type ReconRun, providerOperatorCosts, providers, reconDifferences, reconRuns, recharges } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, withTransaction } from "@/server/context";
import { recordAudit } from "@/server/admin/guard";
import { Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { logger } from "@/server/lib/logger";
import { adapterFor, getProvider, logProviderCall } from "@/server/providers/store";
import { ProviderCallError } from "@/server/providers/types";
import { classify, type OurAttempt } from "./classify";

const DAY_MS = 24 * 60 * 60_000;
/** Their clock and ours differ by a little: an order of ours from 23:59:59 may be stamped 00:00:00 there. */
const STATEMENT_MARGIN_MS = 10 * 60_000;

export function yesterday(now = new Date()): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

function periodOf(day: string, now = new Date()) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw ValidationFailed("The date must be a day as YYYY-MM-DD.", { date: "invalid" });
  }
  const start = new Date(`${day}T00:00:00Z`);
  if (start > now) throw ValidationFailed("That day has not started yet.", { date: "in the future" });
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** Every attempt we made at `provider`: orders of the period, plus any their statement names. */
async function loadAttempts(ctx: Ctx, provider: string, start: Date, end: Date, named: string[]): Promise<OurAttempt[]> {
  const touchesProvider = or(eq(recharges.provider, provider), sql`${provider} = ANY(${recharges.triedProviders})`);
  const inPeriod = await ctx.db.select().from(recharges).where(and(touchesProvider, gte(recharges.createdAt, start), lt(recharges.createdAt, end)));
  const known = new Set(inPeriod.map((r) => r.id));
  const extra = named.filter((id) => !known.has(id));
  const outside = extra.length ? await ctx.db.select().from(recharges).where(and(touchesProvider, inArray(recharges.id, extra))) : [];
  const costs = new Map(
    (await ctx.db.select({ op: providerOperatorCosts.operatorCode, bps: providerOperatorCosts.costBps }).from(providerOperatorCosts).where(eq(providerOperatorCosts.provider, provider))).map((c) => [c.op, BigInt(c.bps)]),
  );
  const attempts: OurAttempt[] = [];
  const add = (r: Recharge, inP: boolean) => {
    const bps = costs.get(r.operator);
    const base = { rechargeId: r.id, accountId: r.accountId, amount: r.amount, currency: r.currency, expectedCost: bps === undefined ? null : r.amount - (r.amount * bps) / 10_000n, inPeriod: inP };
    r.triedProviders.forEach((p, i) => {
      if (p === provider) attempts.push({ ...base, orderId: `${r.id}-${i + 1}`, status: "failed_over", providerRef: null });
    });
    // After a failover `provider` still names the abandoned one until the next is chosen.
    if (r.provider === provider && !r.triedProviders.includes(provider)) {
      attempts.push({ ...base, orderId: `${r.id}-${r.triedProviders.length + 1}`, status: r.status, providerRef: r.providerRef });
    }
  };
  for (const r of inPeriod) add(r, true);
  for (const r of outside) add(r, false);
  return attempts;
}

export type RunInput = { provider: string; day?: string; trigger: ReconRun["trigger"] };

/**
 * Runs one reconciliation now. A provider that cannot answer leaves a failed run with the reason
 * (and nothing else); the run row is returned either way. `claimed` lets the scheduler hand in the
 * run row it already claimed.
 */
export async function runReconciliation(ctx: Ctx, input: RunInput, claimed?: ReconRun): Promise<ReconRun> {
  if (!isPrivileged(ctx.actor)) throw Forbidden();
  const row = await getProvider(ctx.db, input.provider);
  if (!row) throw NotFound("Provider", { provider: input.provider });
  const day = input.day ?? yesterday();
  const { start, end } = periodOf(day);
  const run =
    claimed ??
    (
      await ctx.db
        .insert(reconRuns)
        .values({ id: createId("rcn"), provider: row.name, day, periodStart: start, periodEnd: end, trigger: input.trigger, ...actorRef(ctx.actor) })
        .returning()
    )[0];

  const fail = async (message: string) => {
    const [failed] = await ctx.db.update(reconRuns).set({ status: "failed", error: message, finishedAt: new Date() }).where(eq(reconRuns.id, run.id)).returning();
    // The CLI and the admin page show the reason themselves; the daily run has only the log.
    if (input.trigger === "schedule") logger.warn({ run_id: run.id, provider: row.name, day, error: message }, "reconciliation run failed");
    return failed;
  };

  let statement;
  try {
    const fetched = await adapterFor(row).statement({ from: start, to: new Date(end.getTime() + STATEMENT_MARGIN_MS) });
    await logProviderCall(ctx.db, { provider: row.name, call: fetched.call, outcome: "ok" });
    statement = fetched.statement;
  } catch (error) {
    if (!(error instanceof ProviderCallError)) throw error;
    await logProviderCall(ctx.db, { provider: row.name, call: error.call, outcome: "error" });
    return fail(error.message);
  }

  // Rows stamped after the day only serve to match our late orders; they are judged on their own day.
  const rows = statement.rows;
  const named = rows.map((r) => /^(rch_[A-Za-z0-9]+)-\d+$/.exec(r.orderId)?.[1]).filter((id): id is string => Boolean(id));
  const attempts = await loadAttempts(ctx, row.name, start, end, named);
  const ours = new Set(attempts.map((a) => a.orderId));
  const judged = { ...statement, rows: rows.filter((r) => Date.parse(r.at) < end.getTime() || ours.has(r.orderId)) };
  const result = classify({ provider: row.name, day, attempts, statement: judged });

  return withTransaction(ctx, async (tx) => {
    let fresh = 0;
    const counts: Record<string, number> = {};
    for (const d of result.differences) {
      counts[d.kind] = (counts[d.kind] ?? 0) + 1;
      const [saved] = await tx.db
        .insert(reconDifferences)
        .values({ id: createId("rdf"), runId: run.id, lastRunId: run.id, provider: row.name, ...d })
        .onConflictDoUpdate({
          target: [reconDifferences.provider, reconDifferences.kind, reconDifferences.subject],
          // A known difference is seen again: its latest view, unless it was already settled.
          set: {
            lastRunId: run.id,
            summary: sql`CASE WHEN ${reconDifferences.state} = 'open' THEN excluded.summary ELSE ${reconDifferences.summary} END`,
            theirs: sql`CASE WHEN ${reconDifferences.state} = 'open' THEN excluded.theirs ELSE ${reconDifferences.theirs} END`,
            ours: sql`CASE WHEN ${reconDifferences.state} = 'open' THEN excluded.ours ELSE ${reconDifferences.ours} END`,
            amount: sql`CASE WHEN ${reconDifferences.state} = 'open' THEN excluded.amount ELSE ${reconDifferences.amount} END`,
          },
        })
        .returning({ id: reconDifferences.id, inserted: sql<boolean>`(xmax = 0)` });
      if (saved.inserted) fresh += 1;
    }
    const [done] = await tx.db
      .update(reconRuns)
      .set({
        status: "completed",
        statementOrders: rows.filter((r) => Date.parse(r.at) < end.getTime()).length,
        ourOrders: attempts.filter((a) => a.inPeriod).length,
        matched: result.matched,
        differences: result.differences.length,
        newDifferences: fresh,
        counts,
        floatCurrency: result.float?.currency ?? null,
        openingBalance: result.float?.opening ?? null,
        reportedBalance: result.float?.reported ?? null,
        bookedBalance: result.float?.booked ?? null,
        finishedAt: new Date(),
      })
      .where(eq(reconRuns.id, run.id))
      .returning();
    if (input.trigger !== "schedule") {
      await recordAudit(tx, { action: "recon.run", targetType: "recon_run", targetId: run.id, details: { provider: row.name, day, differences: result.differences.length, new: fresh } });
    }
    return done;
  });
}

/** How long after a failed daily run the scheduler tries again. */
const RETRY_FAILED_MS = 15 * 60_000;
/** The daily run waits this long past midnight UTC, so late status checks of the day have landed. */
export const DAILY_RUN_AFTER_MS = 30 * 60_000;

/**
 * Yesterday's run for every enabled provider, once: the unique (provider, day) index of scheduled
 * runs decides which worker does it, so any number of drivers and instances may call this.
 */
export async function runDueReconciliations(ctx: Ctx, now = new Date()): Promise<ReconRun[]> {
  const sinceMidnight = now.getTime() - Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  if (sinceMidnight < DAILY_RUN_AFTER_MS) return [];
  const day = yesterday(now);
  const { start, end } = periodOf(day, now);
  const enabled = await ctx.db.select({ name: providers.name }).from(providers).where(eq(providers.enabled, true));
  const out: ReconRun[] = [];
  for (const { name } of enabled) {
    const [claimed] =
      (await ctx.db
        .insert(reconRuns)
        .values({ id: createId("rcn"), provider: name, day, periodStart: start, periodEnd: end, trigger: "schedule", ...actorRef(ctx.actor) })
        .onConflictDoNothing()
        .returning()) ?? [];
    const retry = claimed
      ? null
      : (
          await ctx.db
            .update(reconRuns)
            .set({ status: "running", error: null, startedAt: now, finishedAt: null })
            .where(and(eq(reconRuns.provider, name), eq(reconRuns.day, day), eq(reconRuns.trigger, "schedule"), eq(reconRuns.status, "failed"), lt(reconRuns.finishedAt, new Date(now.getTime() - RETRY_FAILED_MS))))
            .returning()
        )[0];
    const run = claimed ?? retry;
    if (!run) continue;
    try {
      out.push(await runReconciliation(ctx, { provider: name, day, trigger: "schedule" }, run));
    } catch (error) {
      logger.error({ err: error, provider: name, day }, "daily reconciliation failed");
      await ctx.db.update(reconRuns).set({ status: "failed", error: (error as Error).message, finishedAt: new Date() }).where(eq(reconRuns.id, run.id));
    }
  }
  return out;
}

export async function latestRuns(ctx: Ctx, provider?: string, limit = 50) {
  return ctx.db
    .select()
    .from(reconRuns)
    .where(provider ? eq(reconRuns.provider, provider) : undefined)
    .orderBy(desc(reconRuns.startedAt))
    .limit(limit);
}
