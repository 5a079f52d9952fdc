import { asc, eq, like, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { journals, providerCalls, rechargeEvents, recharges, wallets } from "@/db/schema";
import { createCtx, withTransaction } from "@/server/context";
import { runSweep } from "@/server/jobs/sweep";
import { recordProviderFailure } from "@/server/providers/breaker";
import { adapterFor, getProvider } from "@/server/providers/store";
import type { SimServer } from "@/server/sim/node-server";
import { simState } from "@/server/sim/state";
import { ledgerClean, resetEngine, settleOrder, simControl, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { advanceRecharge, driveRecharge } from "./advance";
import { createRecharge } from "./create";
import { refundRecharge, resolvePendingRecharge } from "./manage";

// Races and crashes of the recharge engine, forced rather than hoped for: a second worker starts while
// the first is inside its provider call, a process dies between the provider's answer and the
// capture, an admin decides while a status check is in flight. Each asserts the money, exactly.

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
  // A "process dies here" switch: any update that marks a listed order succeeded raises, so the
  // transaction that would capture it rolls back, as if the process had died at that line.
  const db = await getDb();
  await db.execute(sql`CREATE TABLE test_crash_points (recharge_id text PRIMARY KEY)`);
  await db.execute(sql.raw(`CREATE FUNCTION test_crash_on_success() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.status = 'succeeded' AND EXISTS (SELECT 1 FROM test_crash_points WHERE recharge_id = NEW.id) THEN
        RAISE EXCEPTION 'simulated crash before the capture of %', NEW.id;
      END IF;
      RETURN NEW;
    END $$`));
  await db.execute(sql`CREATE TRIGGER test_crash BEFORE UPDATE ON recharges FOR EACH ROW EXECUTE FUNCTION test_crash_on_success()`);
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  await (await getDb()).execute(sql`UPDATE providers SET timeout_ms = 1500, updated_at = now() WHERE timeout_ms <> 1500`);
});
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const sys = () => createCtx({ type: "system", name: "test" });
let seq = 0;

async function setup(credit = "1000.00") {
  const acct = await makeAccount({ credit });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  return { acct, ctx };
}
type Merchant = Awaited<ReturnType<typeof setup>>["ctx"];

/** An accepted order whose first step has not run yet (as the API leaves it). */
async function accepted(ctx: Merchant, phone: string, amount = "20.00") {
  const result = await createRecharge({ ctx, input: { reference: `RACE-${++seq}-${Date.now()}`, phone, operator: "GP", amount, allow_duplicate: true }, options: { channel: "api" } });
  if (result.kind !== "created") throw new Error(`expected a new order, got ${result.kind}`);
  return result.recharge;
}

async function row(id: string) {
  const [r] = await (await getDb()).select().from(recharges).where(eq(recharges.id, id));
  return r;
}

async function balance(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return { available: w.available, held: w.held };
}

async function calls(id: string, operation?: "submit" | "status") {
  const rows = await (await getDb()).select().from(providerCalls).where(eq(providerCalls.rechargeId, id)).orderBy(asc(providerCalls.id));
  return operation ? rows.filter((c) => c.operation === operation) : rows;
}

/** Every order the simulated providers hold for this recharge: what they would actually perform. */
function performedAt(id: string) {
  const state = simState();
  return (["alpha", "bravo", "charlie"] as const).flatMap((name) => [...state.orders[name].keys()].filter((orderId) => orderId.startsWith(`${id}-`)).map((orderId) => `${name}:${orderId}`));
}

async function journalCount(key: string) {
  return (await (await getDb()).select().from(journals).where(like(journals.idempotencyKey, key))).length;
}

/** Resolves once `check` holds, polling the database (bounded: a stuck engine fails the test). */
async function until(what: string, check: () => Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never happened: ${what}`);
}

/** Phase 1 of a step has committed: the order's next run moved past `since` (its lease). */
const leased = (id: string, since: Date) => until(`lease taken on ${id}`, async () => ((await row(id)).nextRunAt?.getTime() ?? 0) > since.getTime());

describe("two workers on one order", () => {
  it("a second worker arriving while the first is inside the provider call skips; one submit, one capture", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    await simControl(sim, "alpha", { latency_ms: 700 });
    const worker = await sys();
    const startedAt = new Date();
    const first = advanceRecharge(worker, r.id);
    await leased(r.id, startedAt);
    expect((await row(r.id)).status).toBe("submitting");
    // The first is mid-call (700 ms at the provider). A restarted process runs the same step now.
    expect(await advanceRecharge(worker, r.id)).toMatchObject({ status: "skipped" });
    expect(await driveRecharge(worker, r.id)).toMatchObject({ status: "skipped" });
    expect(await first).toMatchObject({ status: "succeeded" });
    await settleOrder(r.id);
    expect(await calls(r.id, "submit")).toHaveLength(1);
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await journalCount(`rch:${r.id}:capture`)).toBe(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("two workers on one pending order's status check: one provider call, one capture", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345002");
    await driveRecharge(await sys(), r.id);
    expect((await row(r.id)).status).toBe("pending");
    // Its check is due; two workers (the same clock) take it at once, then a third while the
    // first is still waiting on the provider.
    await withTransaction(await sys(), (tx) => tx.db.update(recharges).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id)));
    await simControl(sim, "alpha", { latency_ms: 500 });
    const now = new Date();
    const pair = Promise.all([advanceRecharge(await sys(), r.id, now), advanceRecharge(await sys(), r.id, now)]);
    await leased(r.id, now);
    expect(await advanceRecharge(await sys(), r.id, now)).toMatchObject({ status: "skipped" });
    expect((await pair).map((s) => s.status).sort()).toEqual(["pending", "skipped"]);
    expect(await calls(r.id, "status")).toHaveLength(1);
    await simControl(sim, "alpha", { latency_ms: 0 });
    expect((await settleOrder(r.id)).status).toBe("succeeded");
    expect(await journalCount(`rch:${r.id}:capture`)).toBe(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("four sweepers over 24 due orders at once: each order submitted once, every one settled", async () => {
    const { acct, ctx } = await setup("1000.00");
    const orders = [];
    for (let i = 0; i < 24; i++) orders.push(await accepted(ctx, `0171235${String(1100 + i)}`));
    const worker = await sys();
    const now = new Date();
    await Promise.all(Array.from({ length: 4 }, () => runSweep(worker, { now, limit: 100 })));
    for (const r of orders) {
      expect((await row(r.id)).status, r.id).toBe("succeeded");
      expect(await calls(r.id, "submit"), r.id).toHaveLength(1);
      expect(performedAt(r.id)).toHaveLength(1);
      expect(await journalCount(`rch:${r.id}:capture`)).toBe(1);
    }
    // 1000.00 − 24 × 20.00 + 24 × 0.20 commission
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n - 24n * 2_000n + 24n * 20n, held: 0n });
  });
});

describe("the duplicate guard under concurrency", () => {
  it("ten orders at once for the same number and amount, distinct references: one accepted, nine refused as duplicates, one hold", async () => {
    const { acct, ctx } = await setup();
    const stamp = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => createRecharge({ ctx, input: { reference: `DUP-${stamp}-${i}`, phone: "01712349876", operator: "GP", amount: "20.00" }, options: { channel: "api" } })),
    );
    const created = results.filter((r) => r.status === "fulfilled" && r.value.kind === "created");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "duplicate_recharge" });
    const db = await getDb();
    expect(await db.select().from(recharges).where(eq(recharges.accountId, acct.account_id))).toHaveLength(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    // With allow_duplicate the same ten all go through.
    const repeats = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createRecharge({ ctx, input: { reference: `DUP-OK-${stamp}-${i}`, phone: "01712349876", operator: "GP", amount: "20.00", allow_duplicate: true }, options: { channel: "api" } })),
    );
    expect(repeats.filter((r) => r.kind === "created")).toHaveLength(10);
    expect(await balance(acct.wallet_id)).toEqual({ available: 78_000n, held: 22_000n });
    const worker = await sys();
    await runSweep(worker, { limit: 100 });
    for (const r of await db.select().from(recharges).where(eq(recharges.accountId, acct.account_id))) await settleOrder(r.id);
  });
});

describe("crashes", () => {
  it("a crash between the provider's success and the capture: after the lease, one status check with the same provider, one capture, no re-submit", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    const db = await getDb();
    await db.execute(sql`INSERT INTO test_crash_points VALUES (${r.id})`);
    const crash = await advanceRecharge(await sys(), r.id).then(() => null, (e: Error & { cause?: Error }) => e);
    expect(String(crash?.cause?.message ?? crash?.message)).toMatch(/simulated crash before the capture/);
    await db.execute(sql`DELETE FROM test_crash_points`);
    // The provider performed it; we recorded nothing of its answer. The hold is still held.
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await row(r.id)).toMatchObject({ status: "submitting", provider: "alpha" });
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    // Until the lease runs out nobody touches it; then the next process picks it up.
    expect(await advanceRecharge(await sys(), r.id)).toMatchObject({ status: "skipped" });
    const done = await settleOrder(r.id);
    expect(done).toMatchObject({ status: "succeeded", provider: "alpha" });
    expect(await calls(r.id, "submit")).toHaveLength(1);
    expect((await calls(r.id, "status"))[0]).toMatchObject({ provider: "alpha", outcome: "succeeded" });
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await journalCount(`rch:${r.id}:capture`)).toBe(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("the test helper that settles orders fails on a step that throws (the sweeper alone would log it and go on)", async () => {
    const { ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    const db = await getDb();
    await db.execute(sql`INSERT INTO test_crash_points VALUES (${r.id})`);
    try {
      const failure = await settleOrder(r.id).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(String(failure?.cause?.message ?? failure?.message)).toMatch(/simulated crash before the capture/);
    } finally {
      await db.execute(sql`DELETE FROM test_crash_points`);
    }
    expect((await settleOrder(r.id)).status).toBe("succeeded");
  });

  /** The dying process committed `submitting` with alpha and its request reached alpha; then it died. */
  async function diedAfterSending(id: string) {
    const r = await row(id);
    const provider = await getProvider(await getDb(), "alpha");
    await adapterFor(provider!).submit({ orderId: `${id}-1`, operator: r.operator, country: "BD", service: r.service, target: r.target, amount: r.amount, currency: r.currency, accountType: r.accountType });
    await withTransaction(await sys(), (tx) => tx.db.update(recharges).set({ status: "submitting", provider: "alpha", nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, id)));
  }

  it("the provider has it and performed it: found by a status check, never sent to a second provider", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    await diedAfterSending(r.id);
    const done = await settleOrder(r.id);
    expect(done).toMatchObject({ status: "succeeded", provider: "alpha", triedProviders: [] });
    expect(await calls(r.id, "submit")).toHaveLength(0);
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("the provider has it, still pending: the order waits on that provider until it succeeds", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345002");
    await diedAfterSending(r.id);
    const done = await settleOrder(r.id);
    expect(done).toMatchObject({ status: "succeeded", provider: "alpha", triedProviders: [] });
    expect((await calls(r.id, "status")).map((c) => c.outcome).slice(0, 2)).toEqual(["pending", "succeeded"]);
    expect(await calls(r.id, "submit")).toHaveLength(0);
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("the provider has it but its status checks go unanswered: pending with the hold, no second provider", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    await diedAfterSending(r.id);
    await simControl(sim, "alpha", { latency_ms: 2500 }); // past the 1.5 s timeout: unknown
    const waiting = await settleOrder(r.id, 3);
    expect(waiting).toMatchObject({ status: "pending", provider: "alpha", triedProviders: [] });
    expect((await calls(r.id, "status")).map((c) => c.outcome)).toContain("unknown");
    expect(await calls(r.id, "submit")).toHaveLength(0);
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    await simControl(sim, "alpha", { latency_ms: 0 });
    expect(await settleOrder(r.id)).toMatchObject({ status: "succeeded", provider: "alpha" });
    expect(performedAt(r.id)).toEqual([`alpha:${r.id}-1`]);
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });
});

describe("admin decisions racing the engine", () => {
  it("an admin resolves it failed while a status check is in flight, then the provider reports success: flagged for review, the loss booked", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345002");
    await driveRecharge(await sys(), r.id);
    const db = await getDb();
    // Its checks ran out (one worker flagged it) while another worker's check is still due.
    await db.update(recharges).set({ needsReview: true, nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id));
    await db.execute(sql`UPDATE providers SET timeout_ms = 5000, updated_at = now() WHERE name = 'alpha'`);
    // One status check first: …002 answers pending once, then succeeded.
    await advanceRecharge(await sys(), r.id);
    await db.update(recharges).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id));
    await simControl(sim, "alpha", { latency_ms: 1500 });
    const startedAt = new Date();
    const check = advanceRecharge(await sys(), r.id);
    await leased(r.id, startedAt);
    const resolved = await resolvePendingRecharge({ ctx: await createCtx({ type: "cli" }), input: { id: r.id, outcome: "failed", note: "Provider support says it was not performed" } });
    expect(resolved.status).toBe("failed");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    await check;
    expect((await calls(r.id, "status")).at(-1)).toMatchObject({ provider: "alpha", outcome: "succeeded" });

    // The customer keeps what they were told; we owe alpha the 20.00 it performed, booked as a loss,
    // and the order waits for an admin to look again.
    const after = await row(r.id);
    expect(after).toMatchObject({ status: "failed", needsReview: true, nextRunAt: null });
    expect(after.operatorTransactionId).toBeTruthy();
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    const [loss] = await db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${r.id}:late-success`));
    expect(loss).toBeDefined();
    const lines = rowsOf(await db.execute(sql`SELECT w.code, p.amount::text AS amount FROM postings p JOIN wallets w ON w.id = p.wallet_id WHERE p.journal_id = ${loss.id} ORDER BY w.code`));
    expect(lines).toEqual([
      { code: "losses", amount: "-2000" },
      { code: "provider:alpha", amount: "2000" },
    ]);
    const events = await db.select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, r.id)).orderBy(asc(rechargeEvents.createdAt), asc(rechargeEvents.id));
    expect(events.at(-1)?.note).toMatch(/reported success after this order was resolved as failed/);
  });

  it("a refund while the post-success reversal check is in flight: the money comes back once", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345005"); // succeeds, then the provider reverses it
    await driveRecharge(await sys(), r.id);
    expect((await row(r.id)).status).toBe("succeeded");
    await (await getDb()).update(recharges).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id));
    await simControl(sim, "alpha", { latency_ms: 700 });
    const startedAt = new Date();
    const check = advanceRecharge(await sys(), r.id);
    await leased(r.id, startedAt);
    const refunded = await refundRecharge({ ctx: await createCtx({ type: "cli" }), input: { id: r.id, reason: "Customer dispute" } });
    expect(refunded.status).toBe("refunded");
    await check;
    expect((await calls(r.id, "status")).at(-1)).toMatchObject({ outcome: "reversed" });
    expect(await settleOrder(r.id)).toMatchObject({ status: "refunded" });
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect(await journalCount(`rch:${r.id}:reversal%`)).toBe(0);
  });

  it("a refund and the reversal check started together: exactly one of them returns the money", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345005");
    await driveRecharge(await sys(), r.id);
    await (await getDb()).update(recharges).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id));
    const [check, refund] = await Promise.allSettled([
      advanceRecharge(await sys(), r.id),
      refundRecharge({ ctx: await createCtx({ type: "cli" }), input: { id: r.id, reason: "Customer dispute" } }),
    ]);
    expect(check.status).toBe("fulfilled");
    const final = await settleOrder(r.id);
    expect(["refunded", "reversed"]).toContain(final.status);
    // A refund that lost the race is refused as a conflict, never paid on top of the reversal.
    if (final.status === "reversed" && refund.status === "rejected") expect(refund.reason).toMatchObject({ code: "conflict" });
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect((await journalCount(`rch:${r.id}:refund`)) + (await journalCount(`rch:${r.id}:reversal`))).toBe(1);
  });

  it("two admins refund the same recharge at once: one refund", async () => {
    const { acct, ctx } = await setup();
    const r = await accepted(ctx, "01712345678");
    await settleOrder((await driveRecharge(await sys(), r.id)).id);
    const admin = await createCtx({ type: "cli" });
    const both = await Promise.all([refundRecharge({ ctx: admin, input: { id: r.id, reason: "one" } }), refundRecharge({ ctx: admin, input: { id: r.id, reason: "two" } })]);
    expect(both.map((x) => x.status)).toEqual(["refunded", "refunded"]);
    expect(await journalCount(`rch:${r.id}:refund`)).toBe(1);
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
  });
});

describe("breakers", () => {
  async function openBreaker(name: string) {
    const db = await getDb();
    for (let i = 0; i < 5; i++) await recordProviderFailure(db, name);
    const [b] = rowsOf(await db.execute(sql`SELECT state FROM provider_breakers WHERE provider = ${name}`));
    expect(b.state).toBe("open");
  }
  /** The cool-down has passed. */
  const cooled = async (name: string) => (await getDb()).execute(sql`UPDATE provider_breakers SET probe_at = now() - interval '1 second' WHERE provider = ${name}`);
  const breaker = async (name: string) => rowsOf(await (await getDb()).execute(sql`SELECT state, probe_at > now() AS waiting FROM provider_breakers WHERE provider = ${name}`))[0];

  it("after the cool-down exactly one order probes; a failed probe re-opens it, a good one closes it", async () => {
    const { acct, ctx } = await setup();
    await simControl(sim, "alpha", { down: true });
    await openBreaker("alpha");
    await cooled("alpha");
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await accepted(ctx, `0171236${String(1200 + i)}`));
    const worker = await sys();
    await Promise.all(orders.map((o) => driveRecharge(worker, o.id)));
    const alphaSubmits = (await Promise.all(orders.map((o) => calls(o.id, "submit")))).flat().filter((c) => c.provider === "alpha");
    expect(alphaSubmits).toHaveLength(1);
    expect(alphaSubmits[0].outcome).toBe("failed:provider_down");
    expect(await breaker("alpha")).toEqual({ state: "open", waiting: true });
    for (const o of orders) expect((await settleOrder(o.id)).status).toBe("succeeded");

    // alpha is back; after the next cool-down one probe gets through and closes the breaker.
    await simControl(sim, "alpha", { down: false });
    await cooled("alpha");
    const probe = await accepted(ctx, "01712361300");
    await driveRecharge(worker, probe.id);
    expect((await calls(probe.id, "submit")).map((c) => [c.provider, c.outcome])).toEqual([["alpha", "succeeded"]]);
    expect((await breaker("alpha")).state).toBe("closed");
    const next = await accepted(ctx, "01712361301");
    await driveRecharge(worker, next.id);
    expect((await row(next.id)).provider).toBe("alpha");
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n - 8n * 2_000n + 8n * 20n, held: 0n });
  });

  it("every breaker open: the order waits with its hold, then fails with the hold released", async () => {
    const { acct, ctx } = await setup();
    for (const name of ["alpha", "bravo", "charlie"]) await openBreaker(name);
    const r = await accepted(ctx, "01712345678");
    const worker = await sys();
    await driveRecharge(worker, r.id);
    const waiting = await row(r.id);
    expect(waiting.status).toBe("held");
    expect(waiting.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await balance(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    expect(await calls(r.id)).toHaveLength(0);
    // Still nothing to send to after its patience runs out.
    await (await getDb()).update(recharges).set({ createdAt: new Date(Date.now() - 5 * 60_000), nextRunAt: new Date(Date.now() - 1000) }).where(eq(recharges.id, r.id));
    await driveRecharge(worker, r.id);
    expect(await row(r.id)).toMatchObject({ status: "failed", nextRunAt: null });
    expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
    expect(await calls(r.id)).toHaveLength(0);
  });
});

describe("rewards", () => {
  it("a reversal takes the cashback back with the amount and the commission", async () => {
    const { acct, ctx } = await setup();
    const db = await getDb();
    const now = Date.now();
    const offer = `cb_rev_${now}`;
    await db.execute(sql`INSERT INTO cashback_offers (id, name, operator_code, currency, min_amount, rate_bps, max_cashback, max_per_account, starts_at, ends_at)
      VALUES (${offer}, '5% on GP', 'GP', 'BDT', 5000, 500, 300, 1, ${new Date(now - 60_000).toISOString()}::timestamptz, ${new Date(now + 3_600_000).toISOString()}::timestamptz)`);
    try {
      const r = await accepted(ctx, "01712345005", "100.00");
      await driveRecharge(await sys(), r.id);
      expect((await row(r.id)).status).toBe("succeeded");
      // 1000.00 − 100.00 + 1.00 commission + 3.00 cashback (5% capped at 3.00)
      expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n - 10_000n + 100n + 300n, held: 0n });
      expect(await journalCount(`rch:${r.id}:cashback`)).toBe(1);
      expect(await settleOrder(r.id)).toMatchObject({ status: "reversed" });
      expect(await balance(acct.wallet_id)).toEqual({ available: 100_000n, held: 0n });
      expect(await journalCount(`rch:${r.id}:reversal-cashback`)).toBe(1);
    } finally {
      await db.execute(sql`UPDATE cashback_offers SET ends_at = now() WHERE id = ${offer}`);
    }
  });
});

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);
}

