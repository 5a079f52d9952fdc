// Issue #8, items 7 and 8: what a refund or a reversal books. A refund takes back what the order
// earned (points, level, cashback) and is paid from the refunds account, not the provider's float.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { cashbackOffers, postings, rewardLevels, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { rewardBlock } from "@/server/rewards/award";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { driveRecharge } from "./advance";
import { createRecharge } from "./create";
import { getRecharge, refundRecharge } from "./manage";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
  // Gold from 5 points (one 1000.00 recharge earns 5), so a level change needs one order.
  await (await getDb()).update(rewardLevels).set({ minPoints: 500n }).where(eq(rewardLevels.key, "gold"));
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

let seq = 0;
async function recharge(accountId: string, amount: string, phone: string) {
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId, role: "merchant" });
  const created = await createRecharge({ ctx, input: { reference: `RB-${++seq}-${Date.now()}`, phone, operator: "GP", amount, allow_duplicate: true }, options: { channel: "api" } });
  if (created.kind !== "created") throw new Error("expected a new order");
  await driveRecharge(await createCtx({ type: "system", name: "test" }), created.recharge.id);
  return getRecharge(await createCtx({ type: "cli" }), created.recharge.id);
}

/** A system account's balance: the sum of its postings (system accounts keep no cached balance). */
async function systemBalance(code: string) {
  const [row] = await (await getDb())
    .select({ total: sql<string>`coalesce(sum(${postings.amount}), 0)::text` })
    .from(postings)
    .innerJoin(wallets, eq(wallets.id, postings.walletId))
    .where(and(eq(wallets.code, code), eq(wallets.currency, "BDT")));
  return BigInt(row?.total ?? "0");
}

const admin = () => createCtx({ type: "cli" });

describe("item 7: a refund takes back points, level and cashback", () => {
  it("the level is recounted without the refunded order's points", async () => {
    const acct = await makeAccount({ credit: "3000.00" });
    const big = await recharge(acct.account_id, "1000.00", "01712345901");
    expect((await rewardBlock(await getDb(), big)).points).toMatchObject({ points: 5, new_level_key: "gold" });
    await refundRecharge({ ctx: await admin(), input: { id: big.id, reason: "dispute" } });
    // The next order counts only what still stands: 0.10 points, silver.
    const next = await recharge(acct.account_id, "20.00", "01712345902");
    expect((await rewardBlock(await getDb(), next)).points).toMatchObject({ points: 0.1, new_level_key: "silver" });
  });

  it("a reversal takes them back too", async () => {
    const acct = await makeAccount({ credit: "3000.00" });
    const reversed = await recharge(acct.account_id, "1000.00", "01712345005");
    expect((await settleOrder(reversed.id)).status).toBe("reversed");
    const next = await recharge(acct.account_id, "20.00", "01712345903");
    expect((await rewardBlock(await getDb(), next)).points).toMatchObject({ new_level_key: "silver" });
  });

  it("a refunded order's cashback grant no longer uses up the offer", async () => {
    const acct = await makeAccount({ credit: "1000.00" });
    const now = Date.now();
    await (await getDb()).insert(cashbackOffers).values({
      id: `cb_rb_${now}`,
      name: "2% once",
      operatorCode: "GP",
      currency: "BDT",
      minAmount: 5000n,
      rateBps: 200,
      maxCashback: 1000n,
      maxPerAccount: 1,
      startsAt: new Date(now - 60_000),
      endsAt: new Date(now + 3_600_000),
    });
    const first = await recharge(acct.account_id, "100.00", "01712345904");
    expect((await rewardBlock(await getDb(), first)).cashback).toEqual({ ok: true, message: "Cashback credited", amount: "2.00" });
    await refundRecharge({ ctx: await admin(), input: { id: first.id, reason: "dispute" } });
    const second = await recharge(acct.account_id, "100.00", "01712345905");
    expect((await rewardBlock(await getDb(), second)).cashback).toEqual({ ok: true, message: "Cashback credited", amount: "2.00" });
    // 1000 − 100 + 1.00 commission + 2.00 cashback, all three taken back by the refund; then the second order.
    const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(w.available).toBe(100_000n - 10_000n + 100n + 200n);
  });
});

describe("item 8: an admin refund is booked to the refunds account, not the provider's float", () => {
  it("the provider keeps what it was paid; the refund comes from the refunds account", async () => {
    const acct = await makeAccount({ credit: "1000.00" });
    const floatBefore = await systemBalance("provider:alpha");
    const refundsBefore = await systemBalance("refunds");
    const r = await recharge(acct.account_id, "20.00", "01712345906");
    expect(r).toMatchObject({ status: "succeeded", provider: "alpha" });
    expect((await systemBalance("provider:alpha")) - floatBefore).toBe(2_000n);
    await refundRecharge({ ctx: await admin(), input: { id: r.id, reason: "Customer dispute #9" } });
    expect((await systemBalance("provider:alpha")) - floatBefore).toBe(2_000n);
    expect((await systemBalance("refunds")) - refundsBefore).toBe(-2_000n);
    const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, acct.wallet_id));
    expect(w.available).toBe(100_000n);
  });

  it("a provider reversal does come back from the provider's float", async () => {
    const acct = await makeAccount({ credit: "1000.00" });
    const floatBefore = await systemBalance("provider:alpha");
    const r = await recharge(acct.account_id, "20.00", "01712345005");
    expect((await settleOrder(r.id)).status).toBe("reversed");
    expect((await systemBalance("provider:alpha")) - floatBefore).toBe(0n);
  });
});
