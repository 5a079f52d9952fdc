// The seed deposit interface (API.md §6) through its route handlers, and its form callback retried
// on the webhook schedule until the receiver answers `success`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookAttempts, webhookDeliveries } from "@/db/schema";
import { getDb } from "@/db/client";
import { checkLedger } from "@/server/ledger/check";
import { seedDepositRoute } from "@/server/http/seed-route";
import { deliverDueWebhooks } from "@/server/webhooks/deliver";
import { cliCtx, makeAccount } from "@/test/fixtures";
import { receiveChainNotification } from "./intake";
import { setUsdtRate } from "./rates";
import { seedCreateOrder, seedIssueAddress, seedQueryOrder } from "./seed";
import { seedSign, verifySeedSign } from "./sign";

const address = seedDepositRoute(seedIssueAddress);
const order = seedDepositRoute(seedCreateOrder);
const query = seedDepositRoute(seedQueryOrder);

function post(handler: (req: Request) => Promise<Response>, params: Record<string, string>, type: "form" | "json" = "form") {
  const body = type === "form" ? new URLSearchParams(params).toString() : JSON.stringify(params);
  const headers = { "content-type": type === "form" ? "application/x-www-form-urlencoded" : "application/json", "x-forwarded-for": "127.0.0.1" };
  return handler(new Request("http://localhost/api/merchant/x", { method: "POST", headers, body })).then(async (r) => ({ http: r.status, body: (await r.json()) as Record<string, any> }));
}

// A receiver that fails twice (a 500, then a 200 that is not "success") before acknowledging.
const received: Array<Record<string, string>> = [];
let answers = [{ status: 500, body: "oops" }, { status: 200, body: "ok" }, { status: 200, body: "success" }];
const receiver = createServer((req, res) => {
  let data = "";
  req.on("data", (c) => (data += c));
  req.on("end", () => {
    received.push(Object.fromEntries(new URLSearchParams(data)));
    const a = answers.shift() ?? { status: 200, body: "success" };
    res.writeHead(a.status, { "content-type": "text/plain" }).end(a.body);
  });
});
let hookUrl = "";
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/usdt/notify`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

async function merchant() {
  const ctx = await cliCtx();
  await setUsdtRate({ ctx, input: { currency: "BDT", rate: "120" } });
  const acct = await makeAccount();
  const signed = (p: Record<string, string>, secret = acct.api_secret) => ({ ...p, sign: seedSign(p, secret) });
  return { ctx, acct, signed };
}

describe("seed deposit endpoints", () => {
  it("issue an address, take an order, answer queries in the seed's shapes; refuse bad sign, key, fields", async () => {
    const { acct, signed } = await merchant();
    const a = await post(address, signed({ appid: acct.api_key, localusermark: "1" }));
    expect(a).toMatchObject({ http: 200, body: { status: 1, data: { address: expect.stringMatching(/^T[1-9A-HJ-NP-Za-km-z]{33}$/) } } });
    const addr = a.body.data.address as string;

    expect((await post(address, { appid: acct.api_key, localusermark: "1", sign: "0".repeat(32) })).body).toEqual({ status: 0, err: "Invalid sign." });
    expect((await post(address, signed({ appid: acct.api_key, localusermark: "1" }, "rs_wrong"))).body).toEqual({ status: 0, err: "Invalid sign." });
    expect((await post(address, signed({ appid: "rk_nobody", localusermark: "1" }))).body).toEqual({ status: 0, err: "Invalid appid." });
    expect((await post(address, signed({ appid: acct.api_key }))).body).toEqual({ status: 0, err: "Missing required parameter: localusermark." });

    const params = { username: "a123456", appid: acct.api_key, localusermark: "1", address: addr, orderid: "sh-1001", amount: "3.0000", notify_url: hookUrl };
    const created = await post(order, signed(params));
    expect(created).toEqual({ http: 200, body: { status: 1, data: { msg: "操作成功", ordersn: expect.stringMatching(/^cz-/) } } });
    // The same orderid again: the same ordersn (JSON bodies work too).
    expect((await post(order, signed(params), "json")).body.data.ordersn).toBe(created.body.data.ordersn);
    // An altered amount without re-signing, or re-signed with other parameters, is refused.
    expect((await post(order, { ...signed(params), amount: "30.0000" })).body).toEqual({ status: 0, err: "Invalid sign." });
    expect((await post(order, signed({ ...params, amount: "4.0000" }))).body).toEqual({ status: 0, err: "This orderid was already used with other parameters." });
    // The address has an open order: a second order on it would make payments ambiguous.
    expect((await post(order, signed({ ...params, orderid: "sh-1002" }))).body).toMatchObject({ status: 0, err: expect.stringMatching(/open order/) });
    // An address this merchant was not issued.
    const other = await makeAccount();
    const foreign = (await post(address, { appid: other.api_key, localusermark: "9", sign: seedSign({ appid: other.api_key, localusermark: "9" }, other.api_secret) })).body.data.address;
    expect((await post(order, signed({ ...params, orderid: "sh-1003", address: foreign }))).body).toEqual({ status: 0, err: "This address was not issued to you." });

    const q = await post(query, signed({ appid: acct.api_key, orderid: "sh-1001" }));
    expect(q.body).toEqual({ status: 1, data: { ordersn: created.body.data.ordersn, orderid: "sh-1001", state: "awaiting_payment", amount: "3.0000", received: "0.0000", flags: [], credited_at: null } });
    expect((await post(query, signed({ appid: other.api_key, orderid: "sh-1001" }, other.api_secret))).body).toEqual({ status: 0, err: "No order with this orderid." });
  });

  it("funds arriving send the signed form callback, retried on schedule until the body is success, every attempt logged", async () => {
    const { ctx, acct, signed } = await merchant();
    const addr = (await post(address, signed({ appid: acct.api_key, localusermark: "77" }))).body.data.address as string;
    const params = { username: "u", appid: acct.api_key, localusermark: "77", address: addr, orderid: "sh-2001", amount: "3.0000", notify_url: hookUrl };
    expect((await post(order, signed(params))).body.status).toBe(1);
    const result = await receiveChainNotification(ctx, { tx_hash: "cd".repeat(32), log_index: 0, address: addr, amount: "3000000", block_number: 9, confirmations: 19 });
    expect(result.state).toBe("credited");

    const db = await getDb();
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subjectId, result.deposit_id!));
    expect(delivery).toMatchObject({ format: "seed_form", url: hookUrl, status: "pending" });
    // Drive the clock through the schedule (5 s, then 5 min) and send what is due each time.
    let now = new Date();
    for (let i = 0; i < 3; i += 1) {
      await deliverDueWebhooks(db, { now });
      now = new Date(now.getTime() + 6 * 60_000);
    }
    const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
    expect(attempts.map((a) => [a.statusCode, a.error === null])).toEqual([[500, false], [200, false], [200, true]]);
    const [after] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id));
    expect(after.status).toBe("delivered");
    expect(received).toHaveLength(3);
    for (const form of received) {
      expect(form).toMatchObject({ orderid: "sh-2001", localusermark: "77", amount: "30000", appid: acct.api_key });
      expect(form.t).toMatch(/^\d{10}$/);
      expect(verifySeedSign(form, acct.api_secret)).toBe(true);
    }
    const q = await post(query, signed({ appid: acct.api_key, orderid: "sh-2001" }));
    expect(q.body.data).toMatchObject({ state: "credited", received: "3.0000", flags: [] });
    expect(await checkLedger(ctx.db)).toEqual([]);
  });
});
