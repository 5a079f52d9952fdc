// Issue #8, items 1, 3, 4 and 9: an order is performed by at most one provider and charged once,
// whatever the timing. Each test reproduces its interleaving against the simulators over real HTTP
// (the simulator's own record is the witness of what was performed) on real Postgres.
import { createCipheriv, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts, providerBreakers, providerCalls, providers, rechargeEvents, recharges, wallets, webhookDeliveries } from "@/db/schema";
import { createCtx, withTransaction } from "@/server/context";
import { encryptSecret } from "@/server/lib/crypto";
import type { SimServer } from "@/server/sim/node-server";
import { deliverDueWebhooks, enqueueWebhook } from "@/server/webhooks";
import { ledgerClean, resetEngine, SIM_CONTROL_HEADERS, settleOrder, simControl, startEngine } from "@/test/engine";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { advanceRecharge, driveRecharge, NOT_FOUND_CONFIRM_GAP_MS } from "./advance";
import { createRecharge } from "./create";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  const db = await getDb();
  await db.execute(sql`UPDATE providers SET priority = 100, timeout_ms = 1500, not_found_window_seconds = NULL, enabled = true, updated_at = now()`);
});
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const system = () => createCtx({ type: "system", name: "test" });
let seq = 0;

async function newOrder(phone: string, opts: { credit?: string } = {}) {
  const acct = await makeAccount({ credit: opts.credit ?? "1000.00" });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  const created = await createRecharge({ ctx, input: { reference: `EO-${++seq}-${Date.now()}`, phone, operator: "GP", amount: "20.00", allow_duplicate: true }, options: { channel: "api" } });
  if (created.kind !== "created") throw new Error("expected a new order");
  return { acct, id: created.recharge.id };
}

async function row(id: string) {
  const [r] = await (await getDb()).select().from(recharges).where(eq(recharges.id, id));
  return r;
}

async function callsOf(id: string) {
  return (await getDb()).select().from(providerCalls).where(eq(providerCalls.rechargeId, id)).orderBy(asc(providerCalls.id));
}

/** What each simulated provider says it did with this order (any attempt). */
async function witness(id: string) {
  const out: Record<string, Array<{ order_id: string; state: string; performed: boolean }>> = {};
  for (const name of ["alpha", "bravo", "charlie"]) {
    const res = await fetch(`${sim.origin}/api/sim/providers/${name}/orders?order_id=${id}`, { headers: SIM_CONTROL_HEADERS });
    out[name] = ((await res.json()) as { orders: Array<{ order_id: string; state: string; performed: boolean }> }).orders;
  }
  return out;
}

const performedBy = (w: Awaited<ReturnType<typeof witness>>) => Object.entries(w).flatMap(([name, orders]) => orders.filter((o) => o.performed).map(() => name));

async function available(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return { available: w.available, held: w.held };
}

const minutes = (n: number) => n * 60_000;

describe("item 1: no failover after an unknown outcome until the provider's window has passed", () => {
  it("a timed-out submit that the provider stores late: \"no such order\" does not send it to a second provider", async () => {
    // alpha performs …004 but never answers, and shows the order to status checks only 4 s later.
    await simControl(sim, "alpha", { timeout_visible_after_ms: 4_000 });
    const { acct, id } = await newOrder("01712345004");
    const sys = await system();
    expect((await driveRecharge(sys, id)).status).toBe("pending");
    const pending = await row(id);
    expect(pending).toMatchObject({ provider: "alpha", status: "pending" });

    // The first status check comes while alpha still answers "no such order".
    await advanceRecharge(sys, id, pending.nextRunAt!);
    const afterNotFound = await row(id);
    expect(afterNotFound).toMatchObject({ status: "pending", provider: "alpha", triedProviders: [] });
    expect((await callsOf(id)).map((c) => [c.provider, c.operation, c.outcome])).toEqual([
      ["alpha", "submit", "unknown"],
      ["alpha", "status", "not_found"],
    ]);

    // Once alpha shows it, it is settled as alpha's success: performed once, captured once.
    await new Promise((r) => setTimeout(r, 4_200));
    await advanceRecharge(sys, id, afterNotFound.nextRunAt!);
    expect(await row(id)).toMatchObject({ status: "succeeded", provider: "alpha" });
    expect(performedBy(await witness(id))).toEqual(["alpha"]);
    expect(await available(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("a provider that accepted the order (gave a reference) and then answers \"no such order\" is never failed over", async () => {
    await (await getDb()).update(providers).set({ priority: 1, updatedAt: new Date() }).where(eq(providers.name, "bravo"));
    const { acct, id } = await newOrder("01712345002");
    const sys = await system();
    await driveRecharge(sys, id);
    const accepted = await row(id);
    expect(accepted).toMatchObject({ status: "pending", provider: "bravo" });
    expect(accepted.providerRef).toBeTruthy();
    // bravo loses its record of the order.
    const lost = await fetch(`${sim.origin}/api/sim/providers/bravo/differences`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify({ kind: "lost", order_id: `${id}-1` }) });
    expect(lost.status).toBe(200);
    // Hours of status checks, far past bravo's window: it stays with bravo until an admin decides.
    const done = await settleOrder(id, 30, minutes(20));
    expect(done).toMatchObject({ status: "pending", provider: "bravo", needsReview: true, triedProviders: [] });
    expect(done.lastError).toMatch(/no such order.*accepted/i);
    const submits = (await callsOf(id)).filter((c) => c.operation === "submit");
    expect(submits.map((c) => c.provider)).toEqual(["bravo"]);
    expect(await available(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
  });

  it("a provider that never got the order: failover only after its window and two spaced answers, with a clean slate", async () => {
    const { acct, id } = await newOrder("01712345678");
    const sys = await system();
    const t0 = new Date();
    // A process marked the order `submitting` with alpha and died before the request left; its lease
    // ran out. (Old attempt state, which a failover must not carry over.)
    await withTransaction(sys, (tx) =>
      tx.db
        .update(recharges)
        .set({ status: "submitting", provider: "alpha", submittedAt: t0, nextRunAt: new Date(t0.getTime() - 1000), checkAttempts: 3, checkDeadline: new Date(t0.getTime() + minutes(30)) })
        .where(eq(recharges.id, id)),
    );
    // Within alpha's 15-minute window: "no such order" changes nothing.
    await driveRecharge(sys, id, 8, t0);
    await advanceRecharge(sys, id, new Date(t0.getTime() + minutes(5)));
    expect(await row(id)).toMatchObject({ status: "pending", provider: "alpha", notFoundChecks: 0 });
    // Past it: the first "no such order" counts, but one is not enough.
    await advanceRecharge(sys, id, new Date(t0.getTime() + minutes(16)));
    expect(await row(id)).toMatchObject({ status: "pending", provider: "alpha", notFoundChecks: 1 });
    // A second, too soon after the first: still not enough.
    await advanceRecharge(sys, id, new Date(t0.getTime() + minutes(16) + NOT_FOUND_CONFIRM_GAP_MS / 2));
    expect(await row(id)).toMatchObject({ status: "pending", provider: "alpha" });
    // A second, spaced apart: now the order goes to the next provider, starting from scratch.
    await driveRecharge(sys, id, 8, new Date(t0.getTime() + minutes(16) + NOT_FOUND_CONFIRM_GAP_MS + 1000));
    const moved = await row(id);
    expect(moved.triedProviders).toEqual(["alpha"]);
    expect(moved.provider).not.toBe("alpha");
    expect(moved.checkAttempts).toBe(0);
    expect(moved.notFoundChecks).toBe(0);
    if (moved.checkDeadline) expect(moved.checkDeadline.getTime()).toBeGreaterThan(t0.getTime() + minutes(60));
    const done = await settleOrder(id, 12, minutes(1));
    expect(done.status).toBe("succeeded");
    expect(performedBy(await witness(id))).toEqual([done.provider]);
    expect(await available(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("the window is set per provider", async () => {
    await (await getDb()).update(providers).set({ notFoundWindowSeconds: 60, updatedAt: new Date() }).where(eq(providers.name, "alpha"));
    const { id } = await newOrder("01712345678");
    const sys = await system();
    const t0 = new Date();
    await withTransaction(sys, (tx) => tx.db.update(recharges).set({ status: "submitting", provider: "alpha", submittedAt: t0, nextRunAt: new Date(t0.getTime() - 1000) }).where(eq(recharges.id, id)));
    await driveRecharge(sys, id, 8, new Date(t0.getTime() + 61_000));
    await driveRecharge(sys, id, 8, new Date(t0.getTime() + 61_000 + NOT_FOUND_CONFIRM_GAP_MS + 1000));
    expect((await row(id)).triedProviders).toEqual(["alpha"]);
    expect((await settleOrder(id, 12, minutes(1))).status).toBe("succeeded");
  });
});

describe("item 3: leases come from the time of the claim", () => {
  it("a step handed a stale clock (a slow sweep) still leases from now: a second worker cannot take the in-flight order", async () => {
    await simControl(sim, "alpha", { latency_ms: 1_200 });
    await (await getDb()).update(providers).set({ timeoutMs: 4_000, updatedAt: new Date() }).where(eq(providers.name, "alpha"));
    const { acct, id } = await newOrder("01712345678");
    const sys = await system();
    const sweepStarted = new Date(Date.now() - minutes(2)); // this sweep began two minutes ago
    await (await getDb()).update(recharges).set({ nextRunAt: new Date(sweepStarted.getTime() - 1000) }).where(eq(recharges.id, id));
    const first = driveRecharge(sys, id, 8, sweepStarted);
    await new Promise((r) => setTimeout(r, 400)); // alpha has the request and is still working
    const inFlight = await row(id);
    expect(inFlight.status).toBe("submitting");
    expect(inFlight.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    const second = await advanceRecharge(sys, id); // another instance's sweep, right now
    expect(second.status).toBe("skipped");
    expect((await first).status).toBe("succeeded");
    expect((await callsOf(id)).map((c) => c.operation)).toEqual(["submit"]);
    expect(await available(acct.wallet_id)).toEqual({ available: 98_020n, held: 0n });
  });

  it("webhook deliveries: a sender handed a stale clock leases from now, so a second sender leaves the row alone", async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      req.resume();
      received.push(req.headers["webhook-id"] as string);
      setTimeout(() => res.writeHead(200).end("ok"), 1_200);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const db = await getDb();
      await db.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: null }).where(eq(webhookDeliveries.status, "pending"));
      const acct = await makeAccount();
      await db.update(accounts).set({ webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` }).where(eq(accounts.id, acct.account_id));
      const deliveryId = await withTransaction(await cliCtx(), (tx) =>
        enqueueWebhook(tx.db, { accountId: acct.account_id, type: "recharge.succeeded", subjectId: "rch_lease", data: { id: "rch_lease", status: "succeeded" } }),
      );
      const stale = new Date(Date.now() - minutes(5)); // a sweep that started five minutes ago
      await db.update(webhookDeliveries).set({ nextAttemptAt: new Date(stale.getTime() - 1000) }).where(eq(webhookDeliveries.id, deliveryId!));
      const first = deliverDueWebhooks(db, { now: stale });
      await new Promise((r) => setTimeout(r, 400));
      const second = await deliverDueWebhooks(db);
      expect(second.claimed).toBe(0);
      expect((await first).delivered).toBe(1);
      expect(received).toEqual([deliveryId]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("item 4: after the cool-down, the breaker lets exactly one probe through", () => {
  async function openBreaker(name: string) {
    const db = await getDb();
    await db
      .insert(providerBreakers)
      .values({ provider: name, state: "open", consecutiveFailures: 5, openedAt: new Date(Date.now() - minutes(1)), probeAt: new Date(Date.now() - 1000) })
      .onConflictDoUpdate({ target: providerBreakers.provider, set: { state: "open", consecutiveFailures: 5, probeAt: new Date(Date.now() - 1000) } });
  }

  it("a still-sick provider gets one probe; the other orders go elsewhere at once", async () => {
    await simControl(sim, "alpha", { down: true, latency_ms: 300 });
    await openBreaker("alpha");
    const orders = await Promise.all(Array.from({ length: 6 }, (_, i) => newOrder(`0171234${5700 + i}`)));
    const sys = await system();
    await Promise.all(orders.map((o) => driveRecharge(sys, o.id)));
    const submits = (await (await getDb()).select().from(providerCalls).where(and(eq(providerCalls.provider, "alpha"), eq(providerCalls.operation, "submit")))).filter((c) =>
      orders.some((o) => o.id === c.rechargeId),
    );
    expect(submits).toHaveLength(1);
    for (const o of orders) expect((await settleOrder(o.id, 6, minutes(1))).status).toBe("succeeded");
    const [breaker] = await (await getDb()).select().from(providerBreakers).where(eq(providerBreakers.provider, "alpha"));
    expect(breaker.state).toBe("open");
  });

  it("a recovered provider: the probe succeeds and closes the breaker, and traffic comes back", async () => {
    await openBreaker("alpha");
    const first = await newOrder("01712345801");
    const sys = await system();
    await driveRecharge(sys, first.id);
    expect(await row(first.id)).toMatchObject({ status: "succeeded", provider: "alpha" });
    const [breaker] = await (await getDb()).select().from(providerBreakers).where(eq(providerBreakers.provider, "alpha"));
    expect(breaker.state).toBe("closed");
    const next = await newOrder("01712345802");
    await driveRecharge(sys, next.id);
    expect((await row(next.id)).provider).toBe("alpha");
  });
});

describe("item 9: a status step that throws every time still reaches an admin", () => {
  it("credentials that no longer decrypt: the order reaches needs_review at its deadline, with the error said plainly", async () => {
    const { acct, id } = await newOrder("01712345002");
    const sys = await system();
    await driveRecharge(sys, id);
    expect((await row(id)).status).toBe("pending");
    // The credentials were encrypted under another key (ENCRYPTION_KEY changed since).
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update('{"token":"sim-alpha-token"}', "utf8"), cipher.final()]);
    const foreign = `v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${body.toString("base64")}`;
    await (await getDb()).update(providers).set({ credentialsEnc: foreign, updatedAt: new Date() }).where(eq(providers.name, "alpha"));

    const waiting = await settleOrder(id, 40, minutes(60));
    expect(waiting).toMatchObject({ status: "pending", needsReview: true, nextRunAt: null });
    expect(waiting.lastError).toMatch(/encryption key differs from the one that encrypted this/);
    expect(waiting.lastError).not.toMatch(/Unsupported state/);
    const events = await (await getDb()).select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id)).orderBy(asc(rechargeEvents.createdAt));
    expect(events.at(-1)!.note).toMatch(/waiting for an admin decision.*encryption key differs/);
    expect(await available(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    await (await getDb()).update(providers).set({ credentialsEnc: encryptSecret('{"token":"sim-alpha-token"}'), updatedAt: new Date() }).where(eq(providers.name, "alpha"));
  });
});
