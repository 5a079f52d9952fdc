import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { holds, providerCalls, rechargeEvents, recharges, wallets } from "@/db/schema";
import { createCtx, withTransaction } from "@/server/context";
import type { SimServer } from "@/server/sim/node-server";
import { makeAccount } from "@/test/fixtures";
import { ledgerClean, resetEngine, settleOrder, simControl, startEngine } from "@/test/engine";
import { advanceRecharge, driveRecharge } from "./advance";
import { createRecharge } from "./create";
import { refundRecharge, resolvePendingRecharge } from "./manage";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

let seq = 0;
async function setup(credit = "1000.00") {
  const acct = await makeAccount({ credit });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  return { acct, ctx };
}

async function order(ctx: Awaited<ReturnType<typeof setup>>["ctx"], phone: string, extra: Record<string, unknown> = {}) {
  const result = await createRecharge({ ctx, input: { reference: `ORD-${++seq}-${Date.now()}`, phone, operator: "GP", amount: "20.00", allow_duplicate: true, ...extra }, options: { channel: "api" } });
  if (result.kind !== "created") throw new Error(`expected a new order, got ${result.kind}`);
  await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return result.recharge;
}

async function balance(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return { available: w.available, held: w.held };
}

async function statuses(id: string) {
  const rows = await (await getDb()).select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id)).orderBy(asc(rechargeEvents.createdAt), asc(rechargeEvents.id));
  return rows.map((e) => e.toStatus);
}

async function calls(id: string) {
  return (await getDb()).select().from(providerCalls).where(eq(providerCalls.rechargeId, id)).orderBy(asc(providerCalls.id));
}

describe("each simulator outcome ends right, with the right money and events", () => {
  it("plain success: captured, commission credited, the cheapest provider used", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345678");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("succeeded");
    expect(done.provider).toBe("alpha");
    expect(done.operatorTransactionId).toBeTruthy();
    // 1000.00 − 20.00 + 0.20 commission
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
    expect(await statuses(r.id)).toEqual(["held", "submitting", "succeeded"]);
    const log = await calls(r.id);
    expect(log[0]).toMatchObject({ provider: "alpha", operation: "submit", outcome: "succeeded", attempt: 1 });
    expect(JSON.stringify(log, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("sim-alpha-token");
  });

  it("…001 fails definitively: the hold is released, with a friendly reason", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345001");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("failed");
    expect(done.failureReason).toBe("Please check the number and try again.");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect(await statuses(r.id)).toEqual(["held", "submitting", "failed"]);
    // A fault of the order is not retried elsewhere.
    expect((await calls(r.id)).filter((c) => c.operation === "submit")).toHaveLength(1);
  });

  it("…002 is pending, then succeeds on a later status check", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345002");
    const [first] = await (await getDb()).select().from(recharges).where(eq(recharges.id, r.id));
    expect(first.status).toBe("pending");
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    const done = await settleOrder(r.id);
    expect(done.status).toBe("succeeded");
    // The first status check still says pending; a later one succeeds.
    expect((await calls(r.id)).filter((c) => c.operation === "status").map((c) => c.outcome).slice(0, 2)).toEqual(["pending", "succeeded"]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
    expect(await statuses(r.id)).toEqual(["held", "submitting", "pending", "succeeded"]);
  });

  it("…003 is pending, then fails: the money comes back", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345003");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("failed");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect(await statuses(r.id)).toEqual(["held", "submitting", "pending", "failed"]);
  });

  it("…004 times out on submit: never sent to another provider, resolved as succeeded by status checks", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345004");
    const [afterSubmit] = await (await getDb()).select().from(recharges).where(eq(recharges.id, r.id));
    expect(afterSubmit.status).toBe("pending");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("succeeded");
    const log = await calls(r.id);
    expect(new Set(log.map((c) => c.provider))).toEqual(new Set(["alpha"]));
    expect(log.filter((c) => c.operation === "submit")).toHaveLength(1);
    expect(log[0].outcome).toBe("unknown");
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("…005 succeeds, then the provider reverses it: amount back, commission taken back", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345005");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("reversed");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect(await statuses(r.id)).toEqual(["held", "submitting", "succeeded", "reversed"]);
  });
});

describe("failover and the circuit breaker", () => {
  it("provider A down → the order succeeds on B", async () => {
    const { acct, ctx } = await setup();
    await simControl(sim, "alpha", { down: true });
    const r = await order(ctx, "01712345678");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("succeeded");
    expect(done.provider).not.toBe("alpha");
    expect(done.triedProviders).toEqual(["alpha"]);
    const submits = (await calls(r.id)).filter((c) => c.operation === "submit");
    expect(submits.map((c) => [c.provider, c.outcome])).toEqual([
      ["alpha", "failed:provider_down"],
      [done.provider, expect.stringMatching(/succeeded|pending/)],
    ]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("a provider that keeps failing is skipped once its breaker opens", async () => {
    const { ctx } = await setup("5000.00");
    await simControl(sim, "alpha", { down: true });
    for (let i = 0; i < 6; i++) await order(ctx, `0171234${String(6100 + i)}`);
    const [breaker] = rowsOf(await (await getDb()).execute(sql`SELECT state FROM provider_breakers WHERE provider = 'alpha'`));
    expect(breaker.state).toBe("open");
    const r = await order(ctx, "01712346200");
    const submits = (await calls(r.id)).filter((c) => c.operation === "submit");
    expect(submits.map((c) => c.provider)).not.toContain("alpha");
  });

  it("all providers down → failed with the money returned, never left hanging", async () => {
    const { acct, ctx } = await setup();
    for (const name of ["alpha", "bravo", "charlie"]) await simControl(sim, name, { down: true });
    const r = await order(ctx, "01712345678");
    const done = await settleOrder(r.id);
    expect(done.status).toBe("failed");
    expect(done.triedProviders.sort()).toEqual(["alpha", "bravo", "charlie"]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
  });
});

describe("idempotency and crashes", () => {
  it("100 concurrent creates with one reference → one order, one hold", async () => {
    const { acct, ctx } = await setup();
    const input = { reference: "RACE-1", phone: "01712345678", operator: "GP", amount: "20.00" };
    const results = await Promise.all(Array.from({ length: 100 }, () => createRecharge({ ctx, input, options: { channel: "api" } })));
    expect(new Set(results.map((r) => (r.kind === "validated" ? null : r.recharge.id))).size).toBe(1);
    expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
    const db = await getDb();
    const orders = await db.select().from(recharges).where(and(eq(recharges.accountId, acct.account_id), eq(recharges.reference, "RACE-1")));
    expect(orders).toHaveLength(1);
    expect(await db.select().from(holds).where(eq(holds.accountId, acct.account_id))).toHaveLength(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    // Same reference, other parameters: a conflict, not a second charge.
    await expect(createRecharge({ ctx, input: { ...input, amount: "30.00" }, options: { channel: "api" } })).rejects.toMatchObject({ code: "idempotency_conflict" });
    await settleOrder(orders[0].id);
  });

  it("a step run twice, as a restarted process would, never submits or captures twice", async () => {
    const { acct, ctx } = await setup();
    const created = await createRecharge({ ctx, input: { reference: "CRASH-1", phone: "01712345678", operator: "GP", amount: "20.00" }, options: { channel: "api" } });
    const id = created.kind === "created" ? created.recharge.id : "";
    const sys = await createCtx({ type: "system", name: "test" });
    // Two workers race for the same due step: one wins, the other skips.
    const both = await Promise.all([advanceRecharge(sys, id), advanceRecharge(sys, id)]);
    expect(both.map((s) => s.status).sort()).toEqual(["skipped", "succeeded"]);
    // Run everything again from fresh transactions.
    await advanceRecharge(sys, id);
    await settleOrder(id);
    await settleOrder(id);
    const log = await calls(id);
    expect(log.filter((c) => c.operation === "submit")).toHaveLength(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("a crash after the intent to submit committed: the same provider is asked first, and only its \"no such order\" allows failover", async () => {
    const { acct, ctx } = await setup();
    const created = await createRecharge({ ctx, input: { reference: "CRASH-2", phone: "01712345678", operator: "GP", amount: "20.00" }, options: { channel: "api" } });
    const id = created.kind === "created" ? created.recharge.id : "";
    const sys = await createCtx({ type: "system", name: "test" });
    // The dying process got as far as marking the order `submitting` with alpha, then vanished
    // (maybe after the provider got the request). Its lease has run out.
    await withTransaction(sys, (tx) => tx.db.update(recharges).set({ status: "submitting", provider: "alpha", nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, id)));
    const done = await settleOrder(id);
    // alpha never received it, says so, and only then may another provider take it.
    expect(done.status).toBe("succeeded");
    const log = await calls(id);
    expect(log[0]).toMatchObject({ provider: "alpha", operation: "status" });
    expect(log.filter((c) => c.operation === "submit")).toHaveLength(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("a pending order is never failed by guesswork: when checks run out it waits for an admin", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345002");
    await simControl(sim, "alpha", { down: true });
    const waiting = await settleOrder(r.id, 40, 60 * 60_000);
    expect(waiting.status).toBe("pending");
    expect(waiting.needsReview).toBe(true);
    expect(waiting.nextRunAt).toBeNull();
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    const admin = await createCtx({ type: "cli" });
    const resolved = await resolvePendingRecharge({ ctx: admin, input: { id: r.id, outcome: "failed", note: "Provider confirmed it was not performed" } });
    expect(resolved.status).toBe("failed");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
  });

  it("an admin refund of a succeeded recharge returns the amount less the commission once", async () => {
    const { acct, ctx } = await setup();
    const r = await order(ctx, "01712345678");
    await settleOrder(r.id);
    const admin = await createCtx({ type: "cli" });
    await expect(refundRecharge({ ctx: ctx, input: { id: r.id, reason: "x" } })).rejects.toMatchObject({ code: "forbidden" });
    const refunded = await refundRecharge({ ctx: admin, input: { id: r.id, reason: "Customer dispute #12" } });
    expect(refunded.status).toBe("refunded");
    await refundRecharge({ ctx: admin, input: { id: r.id, reason: "again" } });
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
  });
});

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);
}
