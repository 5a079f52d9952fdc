import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { providerCalls } from "@/db/schema";
import { createCtx } from "@/server/context";
import { recordProviderFailure } from "@/server/providers/breaker";
import type { SimServer } from "@/server/sim/node-server";
import { resetEngine, startEngine } from "@/test/engine";
import { listAudit } from "./audit";
import { checkProviderHealth, healthOf, listProviderCalls, listProviderCosts, providerHealth, resetProviderCircuit, setProviderCost, updateProvider } from "./providers";
import { setSimulatorControl, simulatorControls } from "./simulator";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  await (await getDb()).execute(sql`DELETE FROM provider_calls`);
});

const admin = () => createCtx({ type: "cli" });

async function logCalls(provider: string, rows: Array<{ outcome: string; latencyMs: number; hoursAgo: number }>) {
  const now = Date.now();
  await (await getDb()).insert(providerCalls).values(
    rows.map((r) => ({ provider, operation: "submit", method: "POST", url: "http://sim", latencyMs: r.latencyMs, outcome: r.outcome, createdAt: new Date(now - r.hoursAgo * 3_600_000) })),
  );
}

describe("provider health", () => {
  it("counts success rate and latency per hour over the last 24 h; provider faults only", async () => {
    const ctx = await admin();
    await logCalls("alpha", [
      { outcome: "succeeded", latencyMs: 100, hoursAgo: 0 },
      { outcome: "succeeded", latencyMs: 300, hoursAgo: 0 },
      { outcome: "failed:invalid_number", latencyMs: 200, hoursAgo: 0 },
      { outcome: "unknown", latencyMs: 1500, hoursAgo: 0 },
      { outcome: "failed:provider_down", latencyMs: 10, hoursAgo: 3 },
      { outcome: "succeeded", latencyMs: 50, hoursAgo: 30 }, // outside the window
    ]);
    const alpha = (await providerHealth(ctx)).find((p) => p.name === "alpha")!;
    expect(alpha.stats).toMatchObject({ calls: 5, errors: 2, successRate: 0.6 });
    expect(alpha.series).toHaveLength(24);
    const last = alpha.series[23];
    expect(last).toMatchObject({ calls: 4, errors: 1, avgLatencyMs: 525 });
    expect(alpha.series[20]).toMatchObject({ calls: 1, errors: 1 });
    expect(alpha.series.reduce((n, b) => n + b.calls, 0)).toBe(5);
    expect(alpha).not.toHaveProperty("credentialsEnc");
  });

  it("taking a simulator down shows the provider down at once; up again, healthy", async () => {
    const ctx = await admin();
    expect((await simulatorControls(ctx)).enabled).toBe(true);
    const down = await setSimulatorControl({ ctx, input: { name: "bravo", down: true } });
    expect(down.control.down).toBe(true);
    expect(down.health?.ok).toBe(false);
    let bravo = (await providerHealth(ctx)).find((p) => p.name === "bravo")!;
    expect(bravo).toMatchObject({ health: "down", healthReason: "Last health check failed", lastCheck: { ok: false } });
    await setSimulatorControl({ ctx, input: { name: "bravo", down: false } });
    bravo = (await providerHealth(ctx)).find((p) => p.name === "bravo")!;
    expect(bravo.health).toBe("healthy");
    const log = await listAudit(ctx, { action: "simulator.update" });
    expect(log.data[0]).toMatchObject({ targetId: "bravo", details: { to: { down: false } } });
    expect((await checkProviderHealth({ ctx, input: { name: "bravo" } })).ok).toBe(true);
    const calls = await listProviderCalls(ctx, { provider: "bravo", limit: 2 });
    expect(calls.data.map((c) => c.operation)).toEqual(["health", "health"]);
    expect(calls.nextCursor).toBeTruthy();
  });

  it("an open circuit reads down, and an admin can close it", async () => {
    const ctx = await admin();
    for (let i = 0; i < 5; i++) await recordProviderFailure(ctx.db, "charlie");
    expect((await providerHealth(ctx)).find((p) => p.name === "charlie")).toMatchObject({ health: "down", breaker: { state: "open", open: true } });
    await resetProviderCircuit({ ctx, input: { name: "charlie" } });
    expect((await providerHealth(ctx)).find((p) => p.name === "charlie")).toMatchObject({ breaker: { state: "closed" } });
    expect((await listAudit(ctx, { action: "provider.circuit_reset" })).data[0]).toMatchObject({ targetId: "charlie", details: { from: "open", failures: 5 } });
  });

  it("health words", () => {
    const base = { enabled: true, breakerOpen: false, breakerState: "closed", failures: 0, lastCheck: null, lastOkAt: null, stats: { calls: 10, successRate: 1 } };
    expect(healthOf(base).health).toBe("healthy");
    expect(healthOf({ ...base, enabled: false }).health).toBe("disabled");
    expect(healthOf({ ...base, stats: { calls: 10, successRate: 0.5 } }).health).toBe("degraded");
    expect(healthOf({ ...base, failures: 2 }).healthReason).toBe("2 failures in a row");
    const at = new Date();
    expect(healthOf({ ...base, lastCheck: { ok: false, at }, lastOkAt: new Date(at.getTime() + 1) }).health).toBe("healthy");
  });
});

describe("routing settings", () => {
  it("changes priority, weight and enabled, audit-logging what changed", async () => {
    const ctx = await admin();
    const updated = await updateProvider({ ctx, input: { name: "alpha", priority: 5, weight: 3 } });
    expect(updated).toMatchObject({ priority: 5, weight: 3 });
    await updateProvider({ ctx, input: { name: "alpha", enabled: false } });
    const log = await listAudit(ctx, { targetId: "alpha" });
    expect(log.data.map((e) => e.action).slice(0, 2)).toEqual(["provider.disable", "provider.update"]);
    expect(log.data[1].details).toEqual({ changes: { priority: { from: 100, to: 5 }, weight: { from: 1, to: 3 } } });
    expect((await providerHealth(ctx)).find((p) => p.name === "alpha")?.health).toBe("disabled");
    await expect(updateProvider({ ctx, input: { name: "alpha", weight: 0 } })).rejects.toMatchObject({ code: "validation_failed", details: { weight: "Weight is at least 1." } });
    await expect(updateProvider({ ctx, input: { name: "zulu", enabled: true } })).rejects.toMatchObject({ code: "not_found" });
    await updateProvider({ ctx, input: { name: "alpha", enabled: true, priority: 100, weight: 1 } });
  });

  it("lists and edits costs per operator", async () => {
    const ctx = await admin();
    const page = await listProviderCosts(ctx, { provider: "alpha", pageSize: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    const gp = (await listProviderCosts(ctx, { provider: "alpha", search: "GP" })).data.find((c) => c.operatorCode === "GP")!;
    expect(gp.operatorName).toBeTruthy();
    const changed = await setProviderCost({ ctx, input: { provider: "alpha", operatorCode: "GP", costBps: gp.costBps + 10, enabled: false } });
    expect(changed).toMatchObject({ costBps: gp.costBps + 10, enabled: false });
    await expect(setProviderCost({ ctx, input: { provider: "alpha", operatorCode: "GP", costBps: 20_000 } })).rejects.toMatchObject({ code: "validation_failed" });
    expect((await listAudit(ctx, { action: "provider.cost_update" })).data[0].details).toMatchObject({ operator: "GP", to: { enabled: false } });
  });
});
