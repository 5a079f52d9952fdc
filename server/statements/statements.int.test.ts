import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as statementsRoute } from "@/app/api/v1/statements/route";
import { createAdminUser } from "@/server/accounts/accounts";
import { adjustWallet, fundRetailer } from "@/server/accounts/wallet";
import { raiseComplaint, resolveComplaint } from "@/server/complaints/complaints";
import { createCtx } from "@/server/context";
import { createDeposit } from "@/server/deposits/create";
import { setUsdtRate } from "@/server/deposits/rates";
import { getDeposit } from "@/server/deposits/view";
import { handleChainNotification } from "@/server/http/chain-intake";
import { getAccountWallet } from "@/server/ledger";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { refundRecharge } from "@/server/recharge/manage";
import { getDb, rowsOf } from "@/db/client";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, SIM_CONTROL_HEADERS, settleOrder, startEngine } from "@/test/engine";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { getStatement, rechargeMoney, rechargeMovements, statementCsvRows, statementObject } from "./movements";
import { formatAmount } from "@/server/lib/money";

let sim: SimServer;
// The chain watcher's door, served by a bare node server running the same handler as
// app/api/chain/notifications: the chain simulator posts its signed transfer notifications here.
const intake = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await handleChainNotification(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
  res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
});
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
  await new Promise<void>((r) => intake.listen(0, "127.0.0.1", r));
  const notifyUrl = `http://127.0.0.1:${(intake.address() as AddressInfo).port}/api/chain/notifications`;
  expect((await chain("/config", { notify_url: notifyUrl })).status).toBe(200);
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((r) => intake.close(() => r()));
});
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const today = () => new Date().toISOString().slice(0, 10);

async function chain(path: string, body: unknown) {
  const res = await fetch(`${sim.origin}/api/sim/chain${path}`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
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

  it("yesterday and today each add up to the wallet's balance at the day's end: recharges, failures, complaint and admin refunds, USDT deposits through the chain intake", async () => {
    const db = await getDb();
    const system = await createCtx({ type: "system", name: "test" });
    await setUsdtRate({ ctx: await cliCtx(), input: { currency: "BDT", rate: "110.00" } });
    const admin = await createAdminUser({ ctx: await cliCtx(), input: { email: `stmt-admin-${Date.now()}@example.test`, password: "password-123" } });
    const adminCtx = await createCtx({ type: "user", userId: admin.user_id, role: "admin", accountId: null });
    const dbNow = async () => rowsOf<{ now: Date | string }>(await db.execute(sql`SELECT clock_timestamp() AS now`))[0].now;
    const cached = async (accountId: string) => (await getAccountWallet(db, accountId)).available;
    /** A USDT deposit as a merchant makes it: an order, the chain simulator's signed notifications to the intake, blocks until credited. */
    const deposit = async (ctx: Awaited<ReturnType<typeof merchant>>["ctx"], reference: string, usdt: string) => {
      const order = (await createDeposit({ ctx, input: { reference, amount: usdt }, options: { channel: "api" } })).deposit;
      const sent = await chain("/transfers", { address: order.address, amount: usdt });
      expect(sent).toMatchObject({ status: 201, body: { last_result: { status: 200, state: "confirming" } } });
      await chain("/blocks", { count: 20 });
      const view = (await getDeposit(system, order.id)).object;
      expect(view).toMatchObject({ status: "credited", flags: [] });
      return view;
    };
    const complaintRefund = async (ctx: Awaited<ReturnType<typeof merchant>>["ctx"], id: string) => {
      const raised = await raiseComplaint({ ctx, input: { rechargeId: id, kind: "not_received", message: "The customer says nothing arrived." } });
      await resolveComplaint({ ctx: adminCtx, input: { id: raised.id, outcome: "refund", note: "Refunded after checking with the operator." } });
    };

    // Day 1. The ledger stamps its rows with Postgres' now() (the transaction's start), which no
    // caller can set: the day's activity happens now, through the real paths, and then every ledger
    // row it wrote (journals, their postings on every wallet, holds) moves back into yesterday by one
    // interval, keeping their order and the gaps between them.
    const dayOneStart = await dbNow();
    const { acct, ctx } = await merchant("1000.00");
    const ok1 = await settled(ctx, "01712345678", "100.00");
    const failed1 = await settled(ctx, "01712345001", "25.00");
    const disputed = await settled(ctx, "01712345679", "40.00");
    expect([ok1.status, failed1.status, disputed.status]).toEqual(["succeeded", "failed", "succeeded"]);
    await complaintRefund(ctx, disputed.id);
    const dep1 = await deposit(ctx, `DEP-1-${Date.now()}`, "12.5");
    expect(dep1.credited_amount).toBe("1375.00");
    // The wallet's own balance (the cached figure every debit checks) when day 1 ends.
    const endOfDayOne = await cached(acct.account_id);

    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
    const shift = sql`(${dayOneStart}::timestamptz - ${`${yesterday}T10:00:00Z`}::timestamptz)`;
    await db.transaction(async (tx) => {
      // Journals and postings are append-only (migration 0001's triggers); this test fixture, and
      // nothing else, lifts that for its own transaction to backdate them.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`
        WITH moved AS (UPDATE journals SET created_at = created_at - ${shift} WHERE created_at >= ${dayOneStart}::timestamptz RETURNING id)
        UPDATE postings SET created_at = created_at - ${shift} WHERE journal_id IN (SELECT id FROM moved)`);
      await tx.execute(sql`UPDATE holds SET created_at = created_at - ${shift}, settled_at = settled_at - ${shift} WHERE created_at >= ${dayOneStart}::timestamptz`);
    });
    const [{ left }] = rowsOf<{ left: string }>(await db.execute(sql`SELECT count(*)::text AS left FROM postings WHERE created_at >= ${dayOneStart}::timestamptz`));
    expect(left).toBe("0");

    // Day 2 (today): more of the same, with an admin's refund instead of a complaint's.
    const ok2 = await settled(ctx, "01712345678", "30.00");
    const failed2 = await settled(ctx, "01712345001", "20.00");
    const refunded2 = await settled(ctx, "01712345679", "15.00");
    expect([ok2.status, failed2.status, refunded2.status]).toEqual(["succeeded", "failed", "succeeded"]);
    await refundRecharge({ ctx: await cliCtx(), input: { id: refunded2.id, reason: "operator confirmed it failed" } });
    const dep2 = await deposit(ctx, `DEP-2-${Date.now()}`, "3");
    expect(dep2.credited_amount).toBe("330.00");
    const endOfDayTwo = await cached(acct.account_id);

    const wallet = await getAccountWallet(db, acct.account_id);
    /** The balance at an instant from the postings alone, summed here rather than by the statement code. */
    const postingsBefore = async (at: string) =>
      BigInt(rowsOf<{ total: string }>(await db.execute(sql`SELECT coalesce(sum(amount), 0)::text AS total FROM postings WHERE wallet_id = ${wallet.id} AND bucket = 'available' AND created_at < ${at}::timestamptz`))[0].total);
    const day1 = await getStatement({ ctx, input: { date: yesterday } });
    const day2 = await getStatement({ ctx, input: { date: today() } });

    expect(day1.opening).toBe(0n);
    expect(day1.closing).toBe(endOfDayOne);
    expect(day1.closing).toBe(await postingsBefore(`${today()}T00:00:00Z`));
    expect(day2.opening).toBe(day1.closing);
    expect(day2.closing).toBe(endOfDayTwo);
    expect(day2.closing).toBe(wallet.available);
    for (const day of [day1, day2]) {
      let running = day.opening;
      for (const m of day.movements) {
        running += m.amount;
        expect(m.balanceAfter).toBe(running);
      }
      expect(running).toBe(day.closing);
      expect(day.nextCursor).toBeNull();
    }

    // Every movement is on its day, with what caused it.
    const rows = (s: typeof day1) => statementObject(s).movements.map((m) => [m.type, m.amount, m.recharge_id ?? m.deposit_id]);
    expect(rows(day1)).toEqual([
      ["initial_credit", "1000.00", null],
      ["recharge", "-100.00", ok1.id],
      ["commission", "1.00", ok1.id],
      ["recharge", "-25.00", failed1.id],
      ["recharge_returned", "25.00", failed1.id],
      ["recharge", "-40.00", disputed.id],
      ["commission", "0.40", disputed.id],
      ["refund", "40.00", disputed.id],
      ["commission_taken_back", "-0.40", disputed.id],
      ["deposit", "1375.00", dep1.id],
    ]);
    expect(rows(day2)).toEqual([
      ["recharge", "-30.00", ok2.id],
      ["commission", "0.30", ok2.id],
      ["recharge", "-20.00", failed2.id],
      ["recharge_returned", "20.00", failed2.id],
      ["recharge", "-15.00", refunded2.id],
      ["commission", "0.15", refunded2.id],
      ["refund", "15.00", refunded2.id],
      ["commission_taken_back", "-0.15", refunded2.id],
      ["deposit", "330.00", dep2.id],
    ]);
    expect(day1.movements.every((m) => m.at.toISOString().startsWith(yesterday))).toBe(true);
    expect(day2.movements.every((m) => m.at.toISOString().startsWith(today()))).toBe(true);

    // The same statements through GET /api/v1/statements with the merchant's API key.
    const auth = `Basic ${Buffer.from(`${acct.api_key}:${acct.api_secret}`).toString("base64")}`;
    for (const [date, statement] of [[yesterday, day1], [today(), day2]] as const) {
      const res = await statementsRoute(new Request(`http://127.0.0.1/api/v1/statements?date=${date}`, { headers: { authorization: auth } }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as ReturnType<typeof statementObject>;
      expect(body).toEqual(statementObject(statement));
    }
    const bad = await statementsRoute(new Request(`http://127.0.0.1/api/v1/statements?date=${yesterday.replaceAll("-", "/")}`, { headers: { authorization: auth } }));
    expect(bad.status).toBe(422);
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
