// Shared setup for engine tests: the simulators on a real local HTTP server, registered as providers.
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recharges } from "@/db/schema";
import { seedOperators } from "@/server/catalog/catalog";
import { seedRewardLevels } from "@/server/rewards/award";
import { createCtx } from "@/server/context";
import { runSweep } from "@/server/jobs/sweep";
import { checkLedger } from "@/server/ledger";
import { ensureSimProviders } from "@/server/providers/store";
import { driveRecharge } from "@/server/recharge/advance";
import { getRecharge } from "@/server/recharge/manage";
import { startSimServer, type SimServer } from "@/server/sim/node-server";

export async function startEngine(opts: { timeoutMs?: number } = {}): Promise<SimServer> {
  const sim = await startSimServer();
  const db = await getDb();
  await seedOperators(db);
  await seedRewardLevels(db);
  await ensureSimProviders(db, sim.origin);
  await db.execute(sql`UPDATE providers SET timeout_ms = ${opts.timeoutMs ?? 1500}, updated_at = now()`);
  return sim;
}

/** Simulator control is never anonymous: tests carry the token that int-setup configures. */
export const SIM_CONTROL_HEADERS = { authorization: `Bearer ${process.env.SIM_CONTROL_TOKEN}`, "content-type": "application/json" };

export async function resetEngine(sim: SimServer) {
  await fetch(`${sim.origin}/api/sim/providers/reset`, { method: "POST", headers: SIM_CONTROL_HEADERS });
  const db = await getDb();
  await db.execute(sql`DELETE FROM provider_breakers`);
}

export async function simControl(sim: SimServer, name: string, body: Record<string, unknown>) {
  const res = await fetch(`${sim.origin}/api/sim/providers/${name}`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`sim control ${res.status}`);
}

const FINAL = new Set(["succeeded", "failed", "refunded", "reversed"]);

/**
 * Moves the clock forward, as the driver would over hours, running the order's due steps until it is
 * final and has nothing more due (or `rounds` run out). Returns the order. The order's own steps run
 * directly, so a step that throws fails the test (the sweeper would log it and carry on); a sweep
 * then moves everything else that is due (webhooks, other orders) as the driver would.
 */
export async function settleOrder(id: string, rounds = 12, stepMs = 10 * 60_000) {
  const ctx = await createCtx({ type: "system", name: "test" });
  let now = Date.now();
  for (let i = 0; i < rounds; i++) {
    const r = await getRecharge(ctx, id);
    if (FINAL.has(r.status) && !r.nextRunAt) return r;
    await driveRecharge(ctx, id, 8, new Date(now));
    await runSweep(ctx, { now: new Date(now) });
    now += stepMs;
  }
  return getRecharge(ctx, id);
}

export async function ledgerClean() {
  return checkLedger(await getDb());
}

export { recharges };
