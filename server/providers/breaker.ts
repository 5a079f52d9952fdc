import { and, eq, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { providerBreakers } from "@/db/schema";
import { env } from "@/server/env.mjs";

// A circuit breaker per provider, kept in Postgres so all instances share it. Closed: calls flow.
// After N consecutive failures it opens: no calls until the cool-down ends, when exactly one caller
// (an atomic UPDATE) gets the half-open probe. The probe's outcome closes or re-opens it.

const PROBE_STALE_SECONDS = 60;

export async function breakerState(db: Executor, provider: string) {
  const [row] = await db.select().from(providerBreakers).where(eq(providerBreakers.provider, provider));
  return row ?? { provider, state: "closed" as const, consecutiveFailures: 0, openedAt: null, probeAt: null, updatedAt: new Date() };
}

/** May we send to this provider now? Claims the probe when the cool-down is over. */
export async function breakerAllows(db: Executor, provider: string, now = new Date()): Promise<boolean> {
  const row = await breakerState(db, provider);
  if (row.state === "closed") return true;
  const claimed = await db
    .update(providerBreakers)
    .set({ state: "half_open", probeAt: new Date(now.getTime() + PROBE_STALE_SECONDS * 1000), updatedAt: now })
    .where(
      and(
        eq(providerBreakers.provider, provider),
        or(
          and(eq(providerBreakers.state, "open"), lte(providerBreakers.probeAt, now)),
          // A probe that never reported back (crashed caller) may be retried.
          and(eq(providerBreakers.state, "half_open"), lte(providerBreakers.probeAt, now)),
        ),
      ),
    )
    .returning({ provider: providerBreakers.provider });
  return claimed.length > 0;
}

/** Without claiming anything: is the provider currently accepting traffic? (for ranking and dashboards) */
export function breakerLooksOpen(row: { state: string; probeAt: Date | null }, now = new Date()) {
  return row.state !== "closed" && !(row.probeAt && row.probeAt <= now);
}

/**
 * A success closes the breaker and clears its count. Most calls find it closed and clean already, so
 * this writes (and locks) the provider's row only when there is something to reset: every order of a
 * provider would otherwise queue on that one row. No row means closed.
 */
export async function recordProviderSuccess(db: Executor, provider: string) {
  await db
    .update(providerBreakers)
    .set({ state: "closed", consecutiveFailures: 0, openedAt: null, probeAt: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(providerBreakers.provider, provider),
        sql`(${providerBreakers.state} <> 'closed' OR ${providerBreakers.consecutiveFailures} <> 0 OR ${providerBreakers.openedAt} IS NOT NULL OR ${providerBreakers.probeAt} IS NOT NULL)`,
      ),
    );
}

export async function recordProviderFailure(db: Executor, provider: string, now = new Date()) {
  const threshold = env.BREAKER_FAILURE_THRESHOLD;
  const probeAt = new Date(now.getTime() + env.BREAKER_COOLDOWN_SECONDS * 1000);
  await db
    .insert(providerBreakers)
    .values({ provider, state: threshold <= 1 ? "open" : "closed", consecutiveFailures: 1, openedAt: threshold <= 1 ? now : null, probeAt: threshold <= 1 ? probeAt : null })
    .onConflictDoUpdate({
      target: providerBreakers.provider,
      set: {
        consecutiveFailures: sql`${providerBreakers.consecutiveFailures} + 1`,
        // A failed probe re-opens at once; otherwise open on reaching the threshold.
        state: sql`CASE WHEN ${providerBreakers.state} = 'half_open' OR ${providerBreakers.consecutiveFailures} + 1 >= ${threshold} THEN 'open' ELSE ${providerBreakers.state} END`,
        openedAt: sql`CASE WHEN ${providerBreakers.state} = 'half_open' OR ${providerBreakers.consecutiveFailures} + 1 >= ${threshold} THEN ${now.toISOString()}::timestamptz ELSE ${providerBreakers.openedAt} END`,
        probeAt: sql`CASE WHEN ${providerBreakers.state} = 'half_open' OR ${providerBreakers.consecutiveFailures} + 1 >= ${threshold} THEN ${probeAt.toISOString()}::timestamptz ELSE ${providerBreakers.probeAt} END`,
        updatedAt: sql`now()`,
      },
    });
}

export async function resetBreaker(db: Executor, provider: string) {
  await recordProviderSuccess(db, provider);
}
