import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db/client";
import { createCtx } from "@/server/context";
import { healthOf, providerHealth } from "@/server/admin/providers";
import { runSweep } from "@/server/jobs/sweep";
import { env } from "@/server/env.mjs";
import type { SimServer } from "@/server/sim/node-server";
import { resetEngine, simControl, startEngine } from "@/test/engine";
import { breakerState, recordProviderFailure } from "./breaker";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  await (await getDb()).execute(sql`DELETE FROM provider_calls`);
});

async function openCircuit(provider: string, at: Date) {
  const db = await getDb();
  for (let i = 0; i < env.BREAKER_FAILURE_THRESHOLD; i++) await recordProviderFailure(db, provider, at);
  expect((await breakerState(db, provider)).state).toBe("open");
}

const healthCalls = async (provider: string) =>
  rowsOf<{ outcome: string }>(await (await getDb()).execute(sql`SELECT outcome FROM provider_calls WHERE provider = ${provider} AND operation = 'health' ORDER BY id`)).map((r) => r.outcome);

describe("breaker probes", () => {
  it("a provider that is back closes its circuit on the cool-down, with no order needed", async () => {
    const db = await getDb();
    const ctx = await createCtx({ type: "system", name: "test" });
    const opened = new Date();
    await openCircuit("bravo", opened);
    // Before the cool-down ends nothing is probed.
    await runSweep(ctx, { now: new Date(opened.getTime() + 1000) });
    expect(await healthCalls("bravo")).toEqual([]);
    expect((await breakerState(db, "bravo")).state).toBe("open");

    const after = new Date(opened.getTime() + env.BREAKER_COOLDOWN_SECONDS * 1000 + 1000);
    const sweep = await runSweep(ctx, { now: after });
    expect(sweep.breakers).toEqual({ probed: 1, closed: 1 });
    expect(await healthCalls("bravo")).toEqual(["ok"]);
    expect(await breakerState(db, "bravo")).toMatchObject({ state: "closed", consecutiveFailures: 0 });
    // And the page says so.
    const row = (await providerHealth(await createCtx({ type: "cli" }))).find((p) => p.name === "bravo");
    expect(row).toMatchObject({ breaker: { state: "closed", open: false }, health: "healthy" });
  });

  it("a provider still down stays open for another cool-down, probed once per cool-down", async () => {
    const db = await getDb();
    const ctx = await createCtx({ type: "system", name: "test" });
    await simControl(sim, "charlie", { down: true });
    const opened = new Date();
    await openCircuit("charlie", opened);
    const due = new Date(opened.getTime() + env.BREAKER_COOLDOWN_SECONDS * 1000 + 1000);
    expect((await runSweep(ctx, { now: due })).breakers).toEqual({ probed: 1, closed: 0 });
    const state = await breakerState(db, "charlie");
    expect(state.state).toBe("open");
    expect(state.probeAt!.getTime()).toBe(due.getTime() + env.BREAKER_COOLDOWN_SECONDS * 1000);
    // The next sweep, a moment later, does not probe again.
    await runSweep(ctx, { now: new Date(due.getTime() + 1000) });
    expect(await healthCalls("charlie")).toEqual(["error"]);
  });

  it("an old outage does not keep a provider degraded: health words judge recent calls", () => {
    const base = { enabled: true, breakerOpen: false, breakerState: "closed", failures: 0, lastCheck: null, lastOkAt: null };
    expect(healthOf({ ...base, stats: { calls: 0, successRate: null } })).toEqual({ health: "healthy", healthReason: "No traffic in the last 15 min" });
    expect(healthOf({ ...base, stats: { calls: 10, successRate: 0.5 } })).toEqual({ health: "degraded", healthReason: "Success rate under 90% in the last 15 min" });
  });

  it("the provider page reads recent calls, not the last 24 h, for its health word", async () => {
    const db = await getDb();
    const now = Date.now();
    await db.execute(sql`INSERT INTO provider_calls (provider, operation, method, url, latency_ms, outcome, created_at)
      SELECT 'alpha', 'submit', 'POST', 'http://sim', 10, 'unknown', ${new Date(now - 2 * 3_600_000).toISOString()}::timestamptz FROM generate_series(1, 10)`);
    await db.execute(sql`INSERT INTO provider_calls (provider, operation, method, url, latency_ms, outcome, created_at)
      SELECT 'alpha', 'submit', 'POST', 'http://sim', 10, 'succeeded', ${new Date(now - 60_000).toISOString()}::timestamptz FROM generate_series(1, 6)`);
    const alpha = (await providerHealth(await createCtx({ type: "cli" }))).find((p) => p.name === "alpha")!;
    expect(alpha.stats.successRate).toBeCloseTo(6 / 16);
    expect(alpha).toMatchObject({ health: "healthy", healthReason: "Answering normally" });
  });
});
