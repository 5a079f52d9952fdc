import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { holds, journals, postings, wallets } from "@/db/schema";
import { withTransaction } from "@/server/context";
import { InsufficientBalance } from "@/server/lib/errors";
import { cliCtx, insertOrder, makeAccount, setOrderStatus } from "@/test/fixtures";
import { captureHold, checkLedger, credit, getSystemWallet, placeHold, releaseHold, reverseJournal, systemBalance } from "./index";

/** Resolves once `n` sessions of this database are blocked on a lock (bounded). */
async function waitForLockWaiters(n: number) {
  const db = await getDb();
  for (let i = 0; i < 1000; i++) {
    const [row] = rowsOf(await db.execute(sql`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`));
    if (Number(row.waiting) >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`fewer than ${n} sessions ever waited on a lock`);
}

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);
}

const wallet = async (id: string) => (await (await getDb()).select().from(wallets).where(eq(wallets.id, id)))[0];

describe("ledger on real Postgres", () => {
  it("200 concurrent holds of 10.00 on 1,500.00: exactly 150 succeed, 50 are refused", async () => {
    const acct = await makeAccount({ credit: "1500.00" });
    const ctx = await cliCtx();
    const attempts = Array.from({ length: 200 }, (_, i) =>
      withTransaction(ctx, async (tx) => {
        const orderId = await insertOrder(tx.db, acct.account_id, 1000n);
        return placeHold(tx, { walletId: acct.wallet_id, amount: 1000n, owner: { type: "recharge", id: orderId }, idempotencyKey: `hold-${i}` });
      }),
    );
    const results = await Promise.allSettled(attempts);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(150);
    expect(refused).toHaveLength(50);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(InsufficientBalance);
    const w = await wallet(acct.wallet_id);
    expect(w.available).toBe(0n);
    expect(w.held).toBe(150_000n);
    expect(await checkLedger(await getDb())).toEqual([]);
  });

  it("the same operation with the same idempotency key posts once", async () => {
    const acct = await makeAccount();
    const ctx = await cliCtx();
    // Eight racing credits with one key, made to overlap: a transaction holds the wallet's row until
    // all eight are inside theirs and waiting, then lets go. One posts, seven replay it.
    const db = await getDb();
    await getSystemWallet(db, "funding", "BDT"); // exists in any real database; its first creation would serialize them
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM wallets WHERE id = ${acct.wallet_id} FOR UPDATE`);
      await gate;
    });
    const pending = Promise.all(Array.from({ length: 8 }, () => credit(ctx, { walletId: acct.wallet_id, amount: 5000n, idempotencyKey: "topup-1" })));
    await waitForLockWaiters(8);
    release();
    await holder;
    const racing = await pending;
    const posted = racing.filter((r) => !r.replayed);
    expect(posted).toHaveLength(1);
    const first = posted[0];
    for (const r of racing) expect(r.journal.id).toBe(first.journal.id);
    expect((await wallet(acct.wallet_id)).available).toBe(5000n);
    expect(await db.select().from(journals).where(eq(journals.idempotencyKey, "topup-1"))).toHaveLength(1);

    const hold = await withTransaction(ctx, async (tx) => {
      const orderId = await insertOrder(tx.db, acct.account_id, 2000n);
      return placeHold(tx, { walletId: acct.wallet_id, amount: 2000n, owner: { type: "recharge", id: orderId }, idempotencyKey: "h-1" });
    });
    const holdAgain = await placeHold(ctx, { walletId: acct.wallet_id, amount: 2000n, owner: { type: "recharge", id: hold.hold.ownerId }, idempotencyKey: "h-1" });
    expect(holdAgain.replayed).toBe(true);
    expect(holdAgain.hold.id).toBe(hold.hold.id);

    const cap1 = await withTransaction(ctx, async (tx) => {
      await setOrderStatus(tx.db, hold.hold.ownerId, "succeeded");
      return captureHold(tx, { holdId: hold.hold.id, idempotencyKey: "cap-1" });
    });
    const cap2 = await captureHold(ctx, { holdId: hold.hold.id, idempotencyKey: "cap-1" });
    expect(cap2.replayed).toBe(true);
    expect(cap2.journal.id).toBe(cap1.journal.id);
    // A different key on a settled hold is a conflict, not a second capture.
    await expect(releaseHold(ctx, { holdId: hold.hold.id, idempotencyKey: "rel-1" })).rejects.toThrow(/already captured/);

    const w = await wallet(acct.wallet_id);
    expect(w.available).toBe(3000n);
    expect(w.held).toBe(0n);
    const count = await (await getDb()).select({ n: sql<number>`count(*)::int` }).from(journals).where(sql`${journals.metadata}->>'hold_id' = ${hold.hold.id} OR ${journals.idempotencyKey} IN ('topup-1','h-1')`);
    expect(count[0].n).toBe(3);
    expect(await checkLedger(await getDb())).toEqual([]);
  });

  it("postings and journals cannot be updated, deleted or truncated, even with raw SQL", async () => {
    const acct = await makeAccount({ credit: "10.00" });
    const db = await getDb();
    const statements = [
      sql`UPDATE postings SET amount = amount + 1`,
      sql`DELETE FROM postings`,
      sql`TRUNCATE postings CASCADE`,
      sql`UPDATE journals SET memo = 'rewritten'`,
      sql`DELETE FROM journals`,
      sql`TRUNCATE journals CASCADE`,
    ];
    for (const statement of statements) {
      const error = await db.execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(error?.cause?.message ?? error?.message).toMatch(/append-only/);
    }
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(postings);
    expect(n).toBeGreaterThan(0);
    expect((await wallet(acct.wallet_id)).available).toBe(1000n);
  });

  it("an unbalanced journal written by hand is refused at commit", async () => {
    const acct = await makeAccount({ credit: "10.00" });
    const db = await getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(journals).values({ id: "jnl_handmade", idempotencyKey: "handmade", kind: "credit" });
        await tx.insert(postings).values({ journalId: "jnl_handmade", walletId: acct.wallet_id, bucket: "available", currency: "BDT", amount: 100n });
      }),
    ).rejects.toSatisfy((e: Error & { cause?: Error }) => /does not balance/.test(e.cause?.message ?? e.message));
  });

  it("ledger check reports a wallet that disagrees with its postings", async () => {
    const acct = await makeAccount({ credit: "10.00" });
    const db = await getDb();
    await db.update(wallets).set({ available: 999n }).where(eq(wallets.id, acct.wallet_id));
    const violations = await checkLedger(db);
    expect(violations.map((v) => v.invariant)).toContain("wallet_equals_postings");
    await db.update(wallets).set({ available: 1000n }).where(eq(wallets.id, acct.wallet_id));
    expect(await checkLedger(db)).toEqual([]);
  });

  it("a hold whose order is no longer open is reported", async () => {
    const acct = await makeAccount({ credit: "10.00" });
    const ctx = await cliCtx();
    const { hold } = await withTransaction(ctx, async (tx) => {
      const orderId = await insertOrder(tx.db, acct.account_id, 100n);
      return placeHold(tx, { walletId: acct.wallet_id, amount: 100n, owner: { type: "recharge", id: orderId }, idempotencyKey: "orphan" });
    });
    const db = await getDb();
    await withTransaction(ctx, (tx) => setOrderStatus(tx.db, hold.ownerId, "failed"));
    expect((await checkLedger(db)).map((v) => v.invariant)).toContain("hold_has_open_owner");
    await releaseHold(ctx, { holdId: hold.id, idempotencyKey: "orphan-release" });
    expect(await checkLedger(db)).toEqual([]);
    const [h] = await db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h.status).toBe("released");
  });

  it("reversing a capture returns the money once", async () => {
    const acct = await makeAccount({ credit: "50.00" });
    const ctx = await cliCtx();
    const { hold } = await withTransaction(ctx, async (tx) => {
      const orderId = await insertOrder(tx.db, acct.account_id, 2000n);
      return placeHold(tx, { walletId: acct.wallet_id, amount: 2000n, owner: { type: "recharge", id: orderId }, idempotencyKey: "rv-h" });
    });
    const cap = await withTransaction(ctx, async (tx) => {
      await setOrderStatus(tx.db, hold.ownerId, "succeeded");
      return captureHold(tx, { holdId: hold.id, idempotencyKey: "rv-c" });
    });
    await reverseJournal(ctx, { journalId: cap.journal.id, idempotencyKey: "rv-r" });
    await reverseJournal(ctx, { journalId: cap.journal.id, idempotencyKey: "rv-r" });
    await expect(reverseJournal(ctx, { journalId: cap.journal.id, idempotencyKey: "rv-r2" })).rejects.toThrow(/already been reversed/);
    expect((await wallet(acct.wallet_id)).available).toBe(5000n);
    expect(await checkLedger(await getDb())).toEqual([]);
  });

  it("settlements of different wallets to the same system account never wait on each other", async () => {
    const ctx = await cliCtx();
    const a = await makeAccount({ credit: "100.00" });
    const b = await makeAccount({ credit: "100.00" });
    const holdFor = (acct: { account_id: string; wallet_id: string }, key: string) =>
      withTransaction(ctx, async (tx) => {
        const orderId = await insertOrder(tx.db, acct.account_id, 3000n);
        await setOrderStatus(tx.db, orderId, "succeeded");
        return (await placeHold(tx, { walletId: acct.wallet_id, amount: 3000n, owner: { type: "recharge", id: orderId }, idempotencyKey: key })).hold;
      });
    const [ha, hb] = [await holdFor(a, "float-a"), await holdFor(b, "float-b")];
    await getSystemWallet(await getDb(), "provider:alpha", "BDT"); // the float exists, as in steady state
    // One capture stays open (its transaction not committed)…
    let finishA!: () => void;
    const aOpen = new Promise<void>((r) => (finishA = r));
    let aCaptured!: () => void;
    const aDone = new Promise<void>((r) => (aCaptured = r));
    const first = withTransaction(ctx, async (tx) => {
      await captureHold(tx, { holdId: ha.id, idempotencyKey: "float-cap-a", destination: "provider:alpha" });
      aCaptured();
      await aOpen;
    });
    await aDone;
    // …while another wallet's capture to the same provider float commits (it would wait on the
    // float's row, then give up after lock_timeout, if the float kept a cached balance).
    await withTransaction(ctx, async (tx) => {
      await tx.db.execute(sql`SET LOCAL lock_timeout = '3s'`);
      await captureHold(tx, { holdId: hb.id, idempotencyKey: "float-cap-b", destination: "provider:alpha" });
    });
    finishA();
    await first;
    expect(await systemBalance(await getDb(), "provider:alpha", "BDT")).toEqual({ available: 6000n, held: 0n });
    const [float] = await (await getDb()).select().from(wallets).where(sql`${wallets.code} = 'provider:alpha'`);
    expect([float.available, float.held]).toEqual([0n, 0n]);
    expect(await checkLedger(await getDb())).toEqual([]);
  });

  it("a cached balance written to a system account is refused by the database", async () => {
    await makeAccount({ credit: "10.00" });
    const db = await getDb();
    const [funding] = await db.select().from(wallets).where(sql`${wallets.code} = 'funding'`);
    const before = await systemBalance(db, "funding", "BDT");
    expect(before.available).toBeLessThanOrEqual(-1000n);
    const refused = await db.update(wallets).set({ available: before.available }).where(eq(wallets.id, funding.id)).then(() => null, (e: { cause?: { constraint_name?: string } }) => e);
    expect(refused?.cause?.constraint_name).toBe("wallets_system_uncached");
    expect(await checkLedger(db)).toEqual([]);
  });
});
