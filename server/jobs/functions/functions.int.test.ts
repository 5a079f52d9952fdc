import { InngestTestEngine } from "@inngest/test";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rechargeEvents, recharges, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { createRecharge } from "@/server/recharge/create";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { EVENTS } from "../client";
import { processRecharge } from "./process-recharge";
import { sweeper } from "./sweeper";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function newOrder(phone: string, reference: string) {
  const acct = await makeAccount({ credit: "1000.00" });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  const created = await createRecharge({ ctx, input: { reference, phone, operator: "GP", amount: "20.00" }, options: { channel: "api" } });
  if (created.kind !== "created") throw new Error("expected a new order");
  return { acct, id: created.recharge.id };
}

/**
 * step.sleepUntil is mocked (the test engine cannot wait): the mock makes the order due now, which is
 * what the passing of time does for the real function.
 */
function sleepMocks(id: string) {
  return Array.from({ length: 20 }, (_, i) => ({
    id: `wait-${i + 1}`,
    handler: async () => {
      await (await getDb()).update(recharges).set({ nextRunAt: new Date() }).where(eq(recharges.id, id));
    },
  }));
}

async function trail(id: string) {
  const rows = await (await getDb()).select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id)).orderBy(asc(rechargeEvents.createdAt), asc(rechargeEvents.id));
  return rows.map((e) => e.toStatus);
}

describe("Inngest functions take the embedded driver's path", () => {
  it("process-recharge: …002 goes pending, is checked after a sleep, and succeeds", async () => {
    const { acct, id } = await newOrder("01712345002", "INN-1");
    const engine = new InngestTestEngine({ function: processRecharge, events: [{ name: EVENTS.rechargeCreated, data: { id } }], steps: sleepMocks(id) });
    const { result, error } = await engine.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ id, status: "succeeded" });
    expect(await trail(id)).toEqual(["held", "submitting", "pending", "succeeded"]);
    const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(w.available).toBe(98_020n);
  });

  it("process-recharge: …001 fails at once and releases the hold", async () => {
    const { acct, id } = await newOrder("01712345001", "INN-2");
    const engine = new InngestTestEngine({ function: processRecharge, events: [{ name: EVENTS.rechargeCreated, data: { id } }], steps: sleepMocks(id) });
    const { result } = await engine.execute();
    expect(result).toMatchObject({ status: "failed" });
    expect(await trail(id)).toEqual(["held", "submitting", "failed"]);
    const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(w.available).toBe(100_000n);
  });

  it("the sweeper cron picks up an order whose creation event was lost", async () => {
    const { id } = await newOrder("01712345678", "INN-3");
    const engine = new InngestTestEngine({ function: sweeper });
    const { result } = await engine.execute();
    expect(result).toMatchObject({ recharges: 1 });
    const [r] = await (await getDb()).select().from(recharges).where(eq(recharges.id, id));
    expect(r.status).toBe("succeeded");
  });
});
