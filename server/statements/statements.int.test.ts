import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adjustWallet, fundRetailer } from "@/server/accounts/wallet";
import { createCtx } from "@/server/context";
import { getAccountWallet } from "@/server/ledger";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { refundRecharge } from "@/server/recharge/manage";
import { getDb } from "@/db/client";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { getStatement, rechargeMoney, rechargeMovements, statementCsvRows, statementObject } from "./movements";
import { formatAmount } from "@/server/lib/money";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const today = () => new Date().toISOString().slice(0, 10);
let seq = 0;

async function merchant(credit = "1000.00") {
  const acct = await makeAccount({ credit });
  const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
  return { acct, ctx };
}

async function settled(ctx: Awaited<ReturnType<typeof merchant>>["ctx"], phone: string, amount: string) {
  const result = await createRecharge({ ctx, input: { reference: `S-${++seq}-${Date.now()}`, phone, amount, allow_duplicate: true }, options: { channel: "api" } });
  if (result.kind !== "created") throw new Error(result.kind);
  await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return settleOrder(result.recharge.id);
}

describe("statements", () => {
  it("a day's closing balance equals the wallet's balance, with recharges, a failure, a refund, an admin credit and funding", async () => {
    const { acct, ctx } = await merchant("1000.00");
    const ok = await settled(ctx, "01712345678", "100.00");
    const failed = await settled(ctx, "01712345001", "25.00");
    const refunded = await settled(ctx, "01712345679", "40.00");
    expect([ok.status, failed.status, refunded.status]).toEqual(["succeeded", "failed", "succeeded"]);
    await refundRecharge({ ctx: await cliCtx(), input: { id: refunded.id, reason: "complaint 7" } });
    await adjustWallet({ ctx: await cliCtx(), input: { accountId: acct.account_id, amount: "12.34", note: "bank transfer 4411" } });
    const retailer = await makeAccount({ type: "retailer", parentAccountId: acct.account_id });
    await fundRetailer({ ctx, input: { retailerAccountId: retailer.account_id, amount: "50.00", idempotencyKey: "fund-s1" } });

    const statement = await getStatement({ ctx, input: { date: today() } });
    const wallet = await getAccountWallet(await getDb(), acct.account_id);
    expect(statement.closing).toBe(wallet.available);
    expect(statement.opening).toBe(0n);
    // Opening plus every movement is the closing balance, and each balance_after continues the chain.
    let running = statement.opening;
    for (const m of statement.movements) {
      running += m.amount;
      expect(m.balanceAfter).toBe(running);
    }
    expect(running).toBe(statement.closing);

    const body = statementObject(statement);
    const byRecharge = (id: string) => body.movements.filter((m) => m.recharge_id === id).map((m) => [m.type, m.amount]);
    expect(body.movements[0]).toMatchObject({ type: "initial_credit", amount: "1000.00", balance_after: "1000.00" });
    expect(byRecharge(ok.id)).toEqual([["recharge", "-100.00"], ["commission", "1.00"]]);
    expect(byRecharge(failed.id)).toEqual([["recharge", "-25.00"], ["recharge_returned", "25.00"]]);
    expect(byRecharge(refunded.id)).toEqual([["recharge", "-40.00"], ["commission", "0.40"], ["refund", "40.00"], ["commission_taken_back", "-0.40"]]);
    expect(body.movements.find((m) => m.type === "admin_credit")).toMatchObject({ amount: "12.34", description: "Credit by Refill · bank transfer 4411" });
    expect(body.movements.at(-1)).toMatchObject({ type: "funding_sent", amount: "-50.00", description: "Funding sent to Test Co" });
    // The order's drawer shows the same rows: a failure charged then returned, a refund with its commission taken back.
    const db = await getDb();
    expect((await rechargeMovements(db, failed)).map((m) => [m.type, m.amount])).toEqual([["recharge", -2500n], ["recharge_returned", 2500n]]);
    const trail = await rechargeMovements(db, refunded);
    expect(trail.map((m) => m.type)).toEqual(["recharge", "commission", "refund", "commission_taken_back"]);
    expect(trail.map((m) => m.balanceAfter)).toEqual(body.movements.filter((m) => m.recharge_id === refunded.id).map((m) => BigInt(m.balance_after.replace(".", ""))));
    expect((await rechargeMoney(db, [failed, refunded, ok])).get(failed.id)).toEqual({ charged: 2500n, returned: 2500n, commission: 0n, cashback: 0n, net: 0n });
    expect((await rechargeMoney(db, [failed, refunded, ok])).get(refunded.id)).toMatchObject({ charged: 4000n, returned: 4000n, commission: 0n, net: 0n });
    expect(body.closing_balance).toBe(formatAmount(wallet.available, "BDT"));
    expect(body.totals).toMatchObject({ recharges: "-100.00", commission_and_cashback: "1.00", funding_and_deposits: "962.34", movements: 11 });

    // The retailer's own statement shows the funding as received, and its merchant may read it.
    const forMerchant = await getStatement({ ctx, input: { date: today() }, accountId: retailer.account_id });
    expect(statementObject(forMerchant).movements).toEqual([expect.objectContaining({ type: "funding_received", amount: "50.00", balance_after: "50.00" })]);
    const stranger = await merchant();
    await expect(getStatement({ ctx: stranger.ctx, input: { date: today() }, accountId: retailer.account_id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("pages through a day without breaking the balance chain, and the CSV adds up", async () => {
    const { acct, ctx } = await merchant("500.00");
    for (let i = 0; i < 3; i++) await settled(ctx, "01712345678", "10.00");
    const first = await getStatement({ ctx, input: { date: today(), limit: 2 } });
    expect(first.movements).toHaveLength(2);
    const rest = await getStatement({ ctx, input: { date: today(), cursor: first.nextCursor!, limit: 100 } });
    const all = [...first.movements, ...rest.movements];
    expect(all).toHaveLength(7);
    expect(all.at(-1)!.balanceAfter).toBe(rest.closing);
    expect(rest.nextCursor).toBeNull();

    const rows: unknown[][] = [];
    for await (const row of statementCsvRows(ctx, { date: today() })) rows.push(row);
    expect(rows[0]).toEqual(["date", "time_utc", "type", "description", "reference", "phone", "recharge_id", "deposit_id", "amount", "balance_after", "currency"]);
    expect(rows[1].slice(0, 4)).toEqual([today(), "00:00:00", "opening_balance", "Opening balance"]);
    expect(rows.at(-1)).toEqual([today(), "24:00:00", "closing_balance", "Closing balance", null, null, null, null, null, "470.30", "BDT"]);
    expect(rows[2].slice(0, 6)).toEqual([today(), expect.any(String), "initial_credit", "Opening credit", null, null]);
    expect(rows[3].slice(0, 6)).toEqual([today(), expect.any(String), "recharge", expect.stringContaining("Recharge · S-"), expect.any(String), { text: "01712345678" }]);
    const wallet = await getAccountWallet(await getDb(), acct.account_id);
    expect(formatAmount(wallet.available, "BDT")).toBe("470.30");
  });

  it("refuses a malformed, impossible or future date and changes nothing", async () => {
    const { ctx } = await merchant();
    await expect(getStatement({ ctx, input: { date: "27-11-2026" } })).rejects.toMatchObject({ code: "validation_failed", details: { date: expect.anything() } });
    await expect(getStatement({ ctx, input: { date: "2026-02-30" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(getStatement({ ctx, input: { date: "2999-01-01" } })).rejects.toMatchObject({ code: "validation_failed" });
    // A day before the account existed is an empty statement at zero.
    expect(statementObject(await getStatement({ ctx, input: { date: "2020-01-01" } }))).toMatchObject({ opening_balance: "0.00", closing_balance: "0.00", movements: [] });
  });
});
