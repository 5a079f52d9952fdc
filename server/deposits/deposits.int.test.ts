// USDT deposits on real Postgres: addresses, intake, crediting, flags, reorgs, replays, expiry.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, chainTransfers, journals, postings, wallets, webhookDeliveries } from "@/db/schema";
import { createCustomerWallet } from "@/server/ledger";
import { checkLedger } from "@/server/ledger/check";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { createDeposit, issueDepositAddress } from "./create";
import { expireDueDeposits, receiveChainNotification } from "./intake";
import { setUsdtRate } from "./rates";
import { isTronAddress } from "./tron";
import { listDeposits, getDeposit } from "./view";
import { resolveDeposit } from "./admin";
import type { Ctx } from "@/server/context";

const REQUIRED = 19;
let txSeq = 0;
const txHash = () => (++txSeq).toString(16).padStart(64, "a");

async function setup(opts: { usdtWallet?: boolean } = {}) {
  const ctx = await cliCtx();
  await setUsdtRate({ ctx, input: { currency: "BDT", rate: "120.00" } });
  const acct = await makeAccount();
  if (opts.usdtWallet) await createCustomerWallet(ctx.db, acct.account_id, "USDT");
  const order = (reference: string, amount = "25.00", extra: Record<string, unknown> = {}) =>
    createDeposit({ ctx, input: { reference, amount, ...extra }, options: { channel: "cli", accountId: acct.account_id } });
  const pay = (address: string, amount: string, over: Partial<{ tx: string; conf: number; block: number; status: "seen" | "dropped"; log: number }> = {}, now?: Date) =>
    receiveChainNotification(
      ctx,
      { tx_hash: over.tx ?? txHash(), log_index: over.log ?? 0, address, amount, block_number: over.block ?? 100, confirmations: over.conf ?? REQUIRED, status: over.status ?? "seen" },
      now,
    );
  const balance = async (currency = "BDT") => {
    const [w] = await ctx.db.select().from(wallets).where(and(eq(wallets.accountId, acct.account_id), eq(wallets.currency, currency)));
    return w.available;
  };
  return { ctx, acct, order, pay, balance };
}

async function expectLedgerClean(ctx: Awaited<ReturnType<typeof cliCtx>>) {
  expect(await checkLedger(ctx.db)).toEqual([]);
}

describe("deposit orders", () => {
  it("20 concurrent orders get 20 distinct valid TRON addresses", async () => {
    const { order } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => order(`C-${i}`)));
    const addresses = new Set(results.map((r) => r.deposit.address));
    expect(addresses.size).toBe(20);
    for (const a of addresses) expect(isTronAddress(a)).toBe(true);
    expect(results.every((r) => r.kind === "created" && r.deposit.status === "awaiting_payment")).toBe(true);
  });

  it("is idempotent on the reference, also when racing; other parameters are a 409", async () => {
    const { order } = await setup();
    const raced = await Promise.all([order("R-1"), order("R-1"), order("R-1")]);
    expect(new Set(raced.map((r) => r.deposit.id)).size).toBe(1);
    expect(raced.filter((r) => r.kind === "created")).toHaveLength(1);
    await expect(order("R-1", "26.00")).rejects.toMatchObject({ code: "idempotency_conflict" });
    await expect(order("R-2", "0")).rejects.toMatchObject({ code: "invalid_amount" });
    await expect(order("R-3", "1.23456")).rejects.toMatchObject({ code: "invalid_amount" });
  });
});

describe("chain intake and crediting", () => {
  it("credits the amount received once confirmed, at the rate in force then, recorded on one deposit journal", async () => {
    const { ctx, order, pay, balance } = await setup();
    const { deposit } = await order("P-1", "25.00");
    const before = await balance();
    const tx = txHash();
    expect((await pay(deposit.address, "25000000", { tx, conf: 1 })).state).toBe("confirming");
    expect((await getDeposit(ctx, deposit.id)).object.status).toBe("confirming");
    expect(await balance()).toBe(before);
    // The admin changes the rate before confirmation: the new one applies.
    await setUsdtRate({ ctx, input: { currency: "BDT", rate: "121.50" } });
    expect((await pay(deposit.address, "25000000", { tx, conf: REQUIRED })).state).toBe("credited");
    expect(await balance()).toBe(before + 303_750n);
    const view = (await getDeposit(ctx, deposit.id)).object;
    expect(view).toMatchObject({ status: "credited", flags: [], received: "25.0000", credited_amount: "3037.50" });
    expect(view.transfers[0]).toMatchObject({ rate: "121.50", credited_amount: "3037.50", status: "credited" });
    const [t] = await ctx.db.select().from(chainTransfers).where(eq(chainTransfers.txHash, tx));
    const [j] = await ctx.db.select().from(journals).where(eq(journals.id, t.journalId!));
    expect(j.kind).toBe("deposit");
    expect(j.memo).toContain(deposit.id);
    expect(j.metadata).toMatchObject({ usdt_amount: "25.000000", rate: "121.50", rate_pair: "USDT/BDT", credited: "3037.50", deposit_id: deposit.id });
    await expectLedgerClean(ctx);
  });

  it("a notification replayed 10 times (concurrently) credits once", async () => {
    const { ctx, order, pay, balance } = await setup();
    const { deposit } = await order("X-1", "10.00");
    const before = await balance();
    const tx = txHash();
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(deposit.address, "10000000", { tx })));
    expect(results.every((r) => r.state === "credited")).toBe(true);
    expect(await balance()).toBe(before + 120_000n);
    const rows = await ctx.db.select().from(chainTransfers).where(eq(chainTransfers.txHash, tx));
    expect(rows).toHaveLength(1);
    const lines = await ctx.db.select().from(postings).where(eq(postings.journalId, rows[0].journalId!));
    expect(lines).toHaveLength(2);
    expect((await getDeposit(ctx, deposit.id)).object.received).toBe("10.0000");
    // The same transfer reported with another amount is refused, changing nothing.
    await expect(pay(deposit.address, "99000000", { tx })).rejects.toMatchObject({ code: "conflict" });
    expect(await balance()).toBe(before + 120_000n);
    await expectLedgerClean(ctx);
  });

  it("under- and over-payments are credited as received and flagged; a second transfer tops up", async () => {
    const { ctx, order, pay, balance } = await setup();
    const under = (await order("U-1", "25.00")).deposit;
    const over = (await order("O-1", "25.00")).deposit;
    const before = await balance();
    await pay(under.address, "20000000");
    await pay(over.address, "30500000");
    expect((await getDeposit(ctx, under.id)).object).toMatchObject({ status: "credited", flags: ["underpaid"], received: "20.0000", credited_amount: "2400.00" });
    expect((await getDeposit(ctx, over.id)).object).toMatchObject({ status: "credited", flags: ["overpaid"], received: "30.5000", credited_amount: "3660.00" });
    expect(await balance()).toBe(before + 240_000n + 366_000n);
    // The rest arrives in a second transfer: its own journal, the flag clears.
    await pay(under.address, "5000000");
    expect((await getDeposit(ctx, under.id)).object).toMatchObject({ flags: [], received: "25.0000", credited_amount: "3000.00" });
    expect((await getDeposit(ctx, under.id)).transfers).toHaveLength(2);
    await expectLedgerClean(ctx);
  });

  it("a payment after expiry is credited, not lost, and flagged late; expiry is announced", async () => {
    const { ctx, order, pay, balance } = await setup();
    const { deposit } = await order("L-1", "5.00", { notify_url: "http://127.0.0.1:9/hook" });
    const later = new Date(deposit.expiresAt.getTime() + 60_000);
    expect(await expireDueDeposits(ctx, later)).toBeGreaterThanOrEqual(1);
    expect((await getDeposit(ctx, deposit.id)).object.status).toBe("expired");
    const hooks = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subjectId, deposit.id));
    expect(hooks.map((h) => h.type)).toEqual(["deposit.expired"]);
    const before = await balance();
    await pay(deposit.address, "5000000", {}, later);
    expect((await getDeposit(ctx, deposit.id)).object).toMatchObject({ status: "credited", flags: ["late"], received: "5.0000" });
    expect(await balance()).toBe(before + 60_000n);
    const after = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subjectId, deposit.id));
    expect(after.map((h) => h.type).sort()).toEqual(["deposit.credited", "deposit.expired"]);
    const credited = after.find((h) => h.type === "deposit.credited")!;
    expect((credited.payload as { data: { status: string; flags: string[] } }).data).toMatchObject({ status: "credited", flags: ["late"] });
    await expectLedgerClean(ctx);
  });

  it("a transfer dropped by a reorg before confirmation credits nothing, even if a stale notice follows", async () => {
    const { ctx, order, pay, balance } = await setup();
    const { deposit } = await order("G-1", "7.00");
    const before = await balance();
    const tx = txHash();
    await pay(deposit.address, "7000000", { tx, conf: 3, block: 500 });
    expect((await pay(deposit.address, "7000000", { tx, conf: 0, block: 500, status: "dropped" })).state).toBe("dropped");
    expect((await getDeposit(ctx, deposit.id)).object.status).toBe("awaiting_payment");
    // A delayed notification from before the reorg, claiming depth: the drop stands.
    expect((await pay(deposit.address, "7000000", { tx, conf: REQUIRED, block: 500 })).state).toBe("dropped");
    expect(await balance()).toBe(before);
    const [t] = await ctx.db.select().from(chainTransfers).where(eq(chainTransfers.txHash, tx));
    expect(t).toMatchObject({ status: "dropped", journalId: null });
    // Re-included in another block, it confirms again from there and is then credited once.
    expect((await pay(deposit.address, "7000000", { tx, conf: 2, block: 510 })).state).toBe("confirming");
    expect((await pay(deposit.address, "7000000", { tx, conf: REQUIRED, block: 510 })).state).toBe("credited");
    expect(await balance()).toBe(before + 84_000n);
    await expectLedgerClean(ctx);
  });

  it("credits a USDT wallet 1:1 where the account has one; a payment to an address with no order is not lost", async () => {
    const { ctx, acct, order, pay, balance } = await setup({ usdtWallet: true });
    const { deposit } = await order("W-1", "3.00");
    expect(deposit.creditCurrency).toBe("USDT");
    await pay(deposit.address, "3123456");
    expect(await balance("USDT")).toBe(31_234n);
    expect((await getDeposit(ctx, deposit.id)).object).toMatchObject({ received: "3.1234", credited_amount: "3.1234", flags: ["overpaid"] });
    // An address we never issued (the USDT contract's) is ignored.
    expect((await pay("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "1000000")).state).toBe("ignored");
    // An issued address with no order: an `unsolicited` deposit is opened and credited.
    const issued = await issueDepositAddress({ ctx, accountId: acct.account_id, localUserMark: "u-9" });
    const before = await balance("USDT");
    const result = await pay(issued.address, "2000000");
    expect(result.state).toBe("credited");
    expect((await getDeposit(ctx, result.deposit_id!)).object).toMatchObject({ status: "credited", flags: ["unsolicited"], received: "2.0000", channel: "chain" });
    expect(await balance("USDT")).toBe(before + 20_000n);
    await expectLedgerClean(ctx);
  });
});

describe("scoping and admin resolution", () => {
  it("another account's deposit is not found; an admin resolves a flag or cancels an open order, with a reason, audited", async () => {
    const { ctx, acct, order, pay } = await setup();
    const { deposit } = await order("A-1", "9.00");
    const other = await makeAccount();
    const otherCtx: Ctx = { ...ctx, actor: { type: "api_key", keyId: "key_x", accountId: other.account_id, role: "merchant" } };
    await expect(getDeposit(otherCtx, deposit.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await listDeposits(otherCtx, {})).data).toEqual([]);
    const ownCtx: Ctx = { ...ctx, actor: { type: "api_key", keyId: "key_y", accountId: acct.account_id, role: "merchant" } };
    await expect(resolveDeposit({ ctx: ownCtx, input: { id: deposit.id, action: "cancel", reason: "mine" } })).rejects.toMatchObject({ code: "forbidden" });

    await pay(deposit.address, "4000000");
    await expect(resolveDeposit({ ctx, input: { id: deposit.id, action: "cancel", reason: "too late" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(resolveDeposit({ ctx, input: { id: deposit.id, action: "acknowledge", reason: "" } })).rejects.toBeTruthy();
    const resolved = await resolveDeposit({ ctx, input: { id: deposit.id, action: "acknowledge", reason: "Customer will pay the rest" } });
    expect(resolved).toMatchObject({ status: "credited", flags: ["underpaid"], resolution: "Reviewed: Customer will pay the rest" });
    const open = (await order("A-2", "1.00")).deposit;
    expect(await resolveDeposit({ ctx, input: { id: open.id, action: "cancel", reason: "Customer gave up" } })).toMatchObject({ status: "expired" });
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.targetType, "deposit"));
    expect(audit.map((a) => a.action).sort()).toEqual(["deposit.acknowledge", "deposit.cancel"]);
  });
});

