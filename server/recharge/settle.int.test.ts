// A success is settled by one statement (settleSuccess): the capture to the provider's float, the
// commission, the order's new state and event, the number learned, the points and the webhook. Each
// effect is checked here against the rows, and a settlement that finds its hold already settled
// throws and leaves every row as it was.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts, holds, journals, numberLearnings, postings, rechargeEvents, recharges, rewardPoints, wallets, webhookDeliveries } from "@/db/schema";
import { createCtx, withTransaction } from "@/server/context";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { driveRecharge } from "./advance";
import { createRecharge } from "./create";
import { getRecharge } from "./manage";
import { settleSuccess } from "./settle";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function walletOf(accountId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.accountId, accountId));
  return w;
}

async function rowsAbout(id: string) {
  const db = await getDb();
  const count = async (q: Promise<unknown[]>) => (await q).length;
  return {
    journals: await count(db.select().from(journals).where(sql`${journals.idempotencyKey} LIKE ${`rch:${id}:%`}`)),
    events: await count(db.select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id))),
    points: await count(db.select().from(rewardPoints).where(eq(rewardPoints.rechargeId, id))),
    webhooks: await count(db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subjectId, id))),
  };
}

describe("settleSuccess", () => {
  it("books the capture, the commission, the event, the number, the points and the webhook together", async () => {
    const acct = await makeAccount({ credit: "500.00" });
    const db = await getDb();
    await db.update(accounts).set({ webhookUrl: "https://merchant.example/hooks" }).where(eq(accounts.id, acct.account_id));
    const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
    const created = await createRecharge({ ctx, input: { reference: `ST-${Date.now()}`, phone: "01712345810", operator: "GP", amount: "200.00", allow_duplicate: true }, options: { channel: "api" } });
    if (created.kind !== "created") throw new Error("expected a new order");
    const id = created.recharge.id;
    await driveRecharge(await createCtx({ type: "system", name: "test" }), id);

    const r = await getRecharge(await createCtx({ type: "cli" }), id);
    expect(r.status).toBe("succeeded");
    expect(r.commission).toBeGreaterThan(0n);
    // The wallet: 500.00 − 200.00 + the commission, nothing held.
    const w = await walletOf(acct.account_id);
    expect(w.held).toBe(0n);
    expect(w.available).toBe(50_000n - 20_000n + r.commission);
    // The capture: held out of the wallet, into the provider's float.
    const [capture] = await db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${id}:capture`));
    expect(capture.kind).toBe("capture");
    const lines = await db.select({ bucket: postings.bucket, amount: postings.amount, code: wallets.code }).from(postings).innerJoin(wallets, eq(wallets.id, postings.walletId)).where(eq(postings.journalId, capture.id));
    expect(lines.map((l) => [l.code ?? "customer", l.bucket, l.amount]).sort()).toEqual([
      ["customer", "held", -20_000n],
      [`provider:${r.provider}`, "available", 20_000n],
    ].sort());
    const [hold] = await db.select().from(holds).where(and(eq(holds.ownerType, "recharge"), eq(holds.ownerId, id)));
    expect(hold).toMatchObject({ status: "captured", settleJournalId: capture.id });
    // The commission: from the commission account to the wallet.
    const [earned] = await db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${id}:commission`));
    const earnedLines = await db.select({ amount: postings.amount, code: wallets.code }).from(postings).innerJoin(wallets, eq(wallets.id, postings.walletId)).where(eq(postings.journalId, earned.id));
    expect(earnedLines.map((l) => [l.code ?? "customer", l.amount]).sort()).toEqual([["commission", -r.commission], ["customer", r.commission]].sort());
    // The event, the number learned, the points, the webhook with the order as succeeded.
    const events = await db.select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id));
    expect(events.map((e) => e.toStatus)).toContain("succeeded");
    const [learned] = await db.select().from(numberLearnings).where(eq(numberLearnings.e164, "+8801712345810"));
    expect(learned?.operatorCode).toBe("GP");
    expect((await rowsAbout(id)).points).toBe(1);
    const [hook] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subjectId, id));
    expect(hook).toMatchObject({ type: "recharge.succeeded", url: "https://merchant.example/hooks", status: "pending" });
    expect((hook.payload as { data: { status: string; amount: string } }).data).toMatchObject({ status: "succeeded", amount: "200.00" });
  });

  it("refuses a hold that is already settled, and leaves every row as it was", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
    const created = await createRecharge({ ctx, input: { reference: `ST2-${Date.now()}`, phone: "01712345811", operator: "GP", amount: "40.00", allow_duplicate: true }, options: { channel: "api" } });
    if (created.kind !== "created") throw new Error("expected a new order");
    const id = created.recharge.id;
    await driveRecharge(await createCtx({ type: "system", name: "test" }), id);
    const db = await getDb();
    // As if the order had been put back to pending while its hold stayed captured (a bug elsewhere).
    await db.update(recharges).set({ status: "pending" }).where(eq(recharges.id, id));
    const before = { wallet: await walletOf(acct.account_id), rows: await rowsAbout(id) };
    const pending = await getRecharge(await createCtx({ type: "cli" }), id);

    const system = await createCtx({ type: "system", name: "test" });
    await expect(withTransaction(system, (tx) => settleSuccess(tx, pending, { providerRef: "again", operatorTransactionId: "again" }))).rejects.toThrow(/hold of recharge .* is captured/);

    const after = await walletOf(acct.account_id);
    expect({ available: after.available, held: after.held }).toEqual({ available: before.wallet.available, held: before.wallet.held });
    expect(await rowsAbout(id)).toEqual(before.rows);
    expect((await getRecharge(await createCtx({ type: "cli" }), id)).providerRef).not.toBe("again");
    await db.update(recharges).set({ status: "succeeded" }).where(eq(recharges.id, id));
  });
});
