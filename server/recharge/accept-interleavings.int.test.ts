// The one-statement acceptance (acceptOrder in create.ts) under two interleavings on one wallet that
// its snapshot cannot see: a racing retry of the same reference that used the balance, and a credit
// that committed while the order waited for the wallet. Each test holds the wallet's row lock from
// another transaction so the order's statement starts (takes its snapshot) before that one commits.
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, rowsOf, type Tx } from "@/db/client";
import { operators, recharges, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { credit } from "@/server/ledger";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";
import { createRecharge } from "./create";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await resetEngine(sim);
  const db = await getDb();
  await db.update(operators).set({ enabled: true, minAmount: 1000n }).where(eq(operators.code, "GP"));
});
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function merchant(amount: string) {
  const acct = await makeAccount({ credit: amount });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  return { acct, ctx };
}

/** Backends of this test's database waiting on a lock inside the order's writing statement (or, with `guardToo`, on the duplicate guard's lock). */
async function waitForAcceptWaiters(n: number, guardToo = false) {
  const db = await getDb();
  const guard = guardToo ? sql`OR query LIKE '%pg_advisory_xact_lock%'` : sql``;
  for (let i = 0; i < 400; i++) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(
        sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND (query LIKE '%INSERT INTO recharges%' ${guard}) AND pid <> pg_backend_pid()`,
      ),
    );
    if (row.n >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${n} order statements waiting on the wallet`);
}

/** A transaction holding the wallet's row lock (after `inside` ran in it) until release() is called. */
async function holdWallet(walletId: string, inside?: (tx: Tx) => Promise<void>) {
  const db = await getDb();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM wallets WHERE id = ${walletId} FOR UPDATE`);
    if (inside) await inside(tx);
    locked();
    await gate;
  });
  await isLocked;
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

async function walletOf(walletId: string) {
  const [w] = await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId));
  return { available: w.available, held: w.held };
}

describe("acceptOrder: a racing replay of the same reference (no duplicate guard)", () => {
  it("is answered with the order the first request created, not insufficient_balance, when that order used the balance", async () => {
    // API.md §3: "Sending the same reference again returns the existing recharge (200) and never
    // charges twice, also when the two requests race". allow_duplicate: true (or an operator with no
    // duplicate window) takes the path without the advisory lock.
    const { acct, ctx } = await merchant("20.00");
    const input = { reference: "REVIEW-RACE", phone: "01712345690", operator: "GP", amount: "20.00", allow_duplicate: true };
    const blocker = await holdWallet(acct.wallet_id);
    const both = Promise.allSettled([
      createRecharge({ ctx, input, options: { channel: "api" } }),
      createRecharge({ ctx, input, options: { channel: "api" } }),
    ]);
    // Both requests looked the reference up (nothing yet) and wait on the wallet inside acceptOrder.
    await waitForAcceptWaiters(2);
    await blocker.release();
    const results = await both;

    const db = await getDb();
    const orders = await db.select().from(recharges).where(eq(recharges.accountId, acct.account_id));
    expect(orders).toHaveLength(1);
    expect(await walletOf(acct.wallet_id)).toEqual({ available: 0n, held: 2_000n });
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code ?? String(r.reason)] : []));
    // Before the fix the second answer was insufficient_balance (422) for an order that exists and is
    // charged; a client that takes it as "not created" and tries again under a new reference after
    // topping up is charged twice.
    expect(rejected).toEqual([]);
    const kinds = results.map((r) => (r.status === "fulfilled" ? r.value.kind : "rejected")).sort();
    expect(kinds).toEqual(["created", "existing"]);
    await settleOrder(orders[0].id);
  });
});

describe("acceptOrder: the wallet rose while the order waited for it", () => {
  it.each([
    { guard: "without the duplicate guard", allowDuplicate: true },
    { guard: "under the duplicate guard", allowDuplicate: false },
  ])("is accepted on the balance it locked, not refused with a 500 ($guard)", async ({ allowDuplicate }) => {
    // 50.00 in the wallet; a credit of 100.00 is in flight on it (a deposit, a release of a failed
    // order, a success's commission): the order of 100.00 starts, waits for the wallet, then runs
    // on 150.00.
    const { acct, ctx } = await merchant("50.00");
    const system = await createCtx({ type: "system", name: "review" });
    const blocker = await holdWallet(acct.wallet_id, async (tx) => {
      await credit({ ...system, db: tx, inTransaction: true }, { walletId: acct.wallet_id, amount: 10_000n, idempotencyKey: `review:${acct.wallet_id}:topup` });
    });
    const order = createRecharge({
      ctx,
      input: { reference: `REVIEW-RISE-${allowDuplicate}`, phone: "01712345691", operator: "GP", amount: "100.00", allow_duplicate: allowDuplicate },
      options: { channel: "api" },
    }).then(
      (value) => ({ ok: true as const, value }),
      // drizzle wraps the database's error ("Failed query: …"): its cause says what Postgres refused.
      (error: unknown) => ({ ok: false as const, error: String((error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message ?? error) }),
    );
    await waitForAcceptWaiters(1);
    await blocker.release();
    const result = await order;

    // Before the fix: `wallet` (FOR UPDATE) returns the row as committed (150.00) and `created` inserts
    // on it, but `moved` evaluates its WHERE `available - amount >= 0` on the row version of the
    // statement's snapshot (50.00) and skips the row (no EvalPlanQual for a row that fails the qual):
    // the hold_placed assertion fails ("invalid input syntax for type integer: "refill: an order
    // without its wallet move"") and the merchant gets a 500 for an order the wallet could pay.
    // Dropping that qual is no fix: the CHECK wallets_customer_available_nonneg is then evaluated on
    // the new tuple computed from the snapshot version (50.00 - 100.00) before the concurrent update
    // is detected, and fails. Setting `available = (SELECT available FROM wallet) - amount` (the
    // locked value) with no qual on it passes this test.
    expect(result.ok ? null : result.error).toBeNull();
    expect(result).toMatchObject({ ok: true, value: { kind: "created", recharge: { balanceBefore: 15_000n, balanceAfter: 5_000n } } });
    expect(await walletOf(acct.wallet_id)).toEqual({ available: 5_000n, held: 10_000n });
    if (result.ok && result.value.kind === "created") await settleOrder(result.value.recharge.id);
  });
});

describe("the duplicate guard when every racing create reaches the database at once", () => {
  it("twelve creates of one top-up, all started while the wallet is locked: one order, eleven duplicates", async () => {
    // Deterministic where a plain Promise.all race is not: every request is inside its transaction
    // (waiting on the guard's advisory lock, or on the wallet in the write) before any can commit.
    // Without the advisory lock each write's snapshot predates the others' commits and all twelve pass.
    const { acct, ctx } = await merchant("1000.00");
    const blocker = await holdWallet(acct.wallet_id);
    const attempts = Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        createRecharge({ ctx, input: { reference: `GUARD-${i}`, phone: "01712345692", operator: "GP", amount: "20.00" }, options: { channel: "api" } }),
      ),
    );
    await waitForAcceptWaiters(12, true);
    await blocker.release();
    const results = await attempts;
    const created = results.filter((r) => r.status === "fulfilled" && r.value.kind === "created");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code?: string }).code] : []));
    expect(created).toHaveLength(1);
    expect(refused).toEqual(Array(11).fill("duplicate_recharge"));
    const orders = await (await getDb()).select().from(recharges).where(eq(recharges.accountId, acct.account_id));
    expect(orders).toHaveLength(1);
    expect(await walletOf(acct.wallet_id)).toEqual({ available: 98_000n, held: 2_000n });
    await settleOrder(orders[0].id);
  });
});
