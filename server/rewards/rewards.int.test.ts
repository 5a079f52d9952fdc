import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { cashbackOffers, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { getRecharge, refundRecharge } from "@/server/recharge/manage";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { rewardBlock, rewardStanding } from "./award";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function recharge(accountId: string, reference: string, amount: string, phone = "01712345678") {
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId, role: "merchant" });
  const created = await createRecharge({ ctx, input: { reference, phone, operator: "GP", amount, allow_duplicate: true }, options: { channel: "api" } });
  if (created.kind !== "created") throw new Error("expected a new order");
  await driveRecharge(await createCtx({ type: "system", name: "test" }), created.recharge.id);
  return getRecharge(await createCtx({ type: "cli" }), created.recharge.id);
}

describe("rewards", () => {
  it("awards points per amount and moves up a level by cumulative points", async () => {
    const acct = await makeAccount({ credit: "30000.00" });
    const first = await recharge(acct.account_id, "R-1", "20.00");
    expect(await rewardBlock(await getDb(), first)).toEqual({
      ok: true,
      points: { ok: true, message: "Points awarded successfully", points: 0.1, new_level_id: 1, new_level_key: "silver" },
      cashback: { ok: true, message: "No eligible active offer found" },
    });
    // 100 points make gold: 1000.00 earns 5 points, so 20 of them (plus the first) cross it.
    let last = first;
    for (let i = 0; i < 20; i++) last = await recharge(acct.account_id, `R-big-${i}`, "1000.00", `0171234${5100 + i}`);
    const block = await rewardBlock(await getDb(), last);
    expect(block.points).toMatchObject({ new_level_id: 2, new_level_key: "gold" });
  });

  it("pays the best active cashback offer once per account limit, and takes it back on refund", async () => {
    const acct = await makeAccount({ credit: "1000.00" });
    const db = await getDb();
    const now = Date.now();
    await db.insert(cashbackOffers).values([
      { id: "cb_small", name: "1% on GP", operatorCode: "GP", currency: "BDT", minAmount: 5000n, rateBps: 100, maxCashback: 500n, maxPerAccount: 1, startsAt: new Date(now - 60_000), endsAt: new Date(now + 3600_000) },
      { id: "cb_big", name: "5% on anything", operatorCode: null, currency: "BDT", minAmount: 5000n, rateBps: 500, maxCashback: 300n, maxPerAccount: 1, startsAt: new Date(now - 60_000), endsAt: new Date(now + 3600_000) },
      { id: "cb_expired", name: "Old", operatorCode: null, currency: "BDT", minAmount: 0n, rateBps: 5000, maxCashback: 100000n, maxPerAccount: 9, startsAt: new Date(now - 7200_000), endsAt: new Date(now - 3600_000) },
    ]);
    const small = await recharge(acct.account_id, "C-0", "20.00");
    expect((await rewardBlock(db, small)).cashback).toEqual({ ok: true, message: "No eligible active offer found" });
    const r1 = await recharge(acct.account_id, "C-1", "100.00");
    // 5% of 100.00 capped at 3.00 beats 1% (1.00).
    expect((await rewardBlock(db, r1)).cashback).toEqual({ ok: true, message: "Cashback credited", amount: "3.00" });
    const r2 = await recharge(acct.account_id, "C-2", "100.00");
    expect((await rewardBlock(db, r2)).cashback).toEqual({ ok: true, message: "Cashback credited", amount: "1.00" });
    const r3 = await recharge(acct.account_id, "C-3", "100.00");
    expect((await rewardBlock(db, r3)).cashback.message).toBe("No eligible active offer found");
    const [before] = await db.select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    // 1000 − 20 + .20 − 3×100 + 3×1.00 commission + 3.00 + 1.00 cashback
    expect(before.available).toBe(100_000n - 2_000n + 20n - 30_000n + 300n + 300n + 100n);
    await refundRecharge({ ctx: await createCtx({ type: "cli" }), input: { id: r1.id, reason: "dispute" } });
    const [after] = await db.select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(after.available - before.available).toBe(10_000n - 100n - 300n);
  });

  it("an account's standing is a running total that follows awards, take-backs and plain SQL", async () => {
    const acct = await makeAccount({ credit: "5000.00" });
    const db = await getDb();
    const summed = async () => {
      const [row] = (await db.execute(sql`SELECT coalesce(sum(points), 0)::text AS s FROM reward_points WHERE account_id = ${acct.account_id} AND revoked_at IS NULL`)) as unknown as { s: string }[];
      return BigInt(row.s);
    };
    expect(await rewardStanding(db, acct.account_id)).toEqual({ points: 0n, level: { id: 1, key: "silver" } });
    const a = await recharge(acct.account_id, "T-1", "1000.00", "01712346011");
    await recharge(acct.account_id, "T-2", "20.00", "01712346012");
    // 0.5 % of 1000.00 and of 20.00, in hundredths of a point.
    expect(await rewardStanding(db, acct.account_id)).toMatchObject({ points: 510n });
    expect(await summed()).toBe(510n);
    await refundRecharge({ ctx: await createCtx({ type: "cli" }), input: { id: a.id, reason: "dispute" } });
    expect(await rewardStanding(db, acct.account_id)).toMatchObject({ points: 10n });
    // An award revoked or restored by hand moves the total too.
    await db.execute(sql`UPDATE reward_points SET revoked_at = NULL WHERE recharge_id = ${a.id}`);
    expect((await rewardStanding(db, acct.account_id)).points).toBe(await summed());
    expect(await summed()).toBe(510n);
    await db.execute(sql`UPDATE reward_points SET revoked_at = now() WHERE recharge_id = ${a.id}`);
    expect((await rewardStanding(db, acct.account_id)).points).toBe(10n);
  });
});
