import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { basic, cli, newMerchant, sql, stateOf } from "./api-helpers";

// Contract tests of API.md §1–§4 against the running server, as a merchant's code would call it.

test.describe.configure({ mode: "serial" });

const A = newMerchant("1000.00");
const B = newMerchant("1000.00");
const auth = (m: { api_key: string; api_secret: string }) => ({ authorization: basic(m.api_key, m.api_secret) });
const asJson = (m: { api_key: string; api_secret: string }) => ({ ...auth(m), "content-type": "application/json" });

let ref = 0;
const nextRef = () => `ORD-${Date.now()}-${++ref}`;

async function waitFinal(request: import("@playwright/test").APIRequestContext, id: string, who = A) {
  for (let i = 0; i < 60; i++) {
    const res = await request.get(`/api/v1/recharges/${id}`, { headers: auth(who) });
    const body = await res.json();
    if (body.status !== "pending") return body;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`recharge ${id} never became final`);
}

test("every response carries X-Request-Id, and errors use the error envelope", async ({ request }) => {
  const ok = await request.get("/api/v1/balance", { headers: auth(A) });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["x-request-id"]).toBeTruthy();
  expect(await ok.json()).toEqual({ currency: "BDT", available: "1000.00", held: "0.00" });
  const bad = await request.get("/api/v1/balance");
  expect(bad.status()).toBe(401);
  expect(bad.headers()["x-request-id"]).toBeTruthy();
  expect(await bad.json()).toMatchObject({ error: { code: "unauthorized", message: expect.any(String), details: {} } });
  const echoed = await request.get("/api/v1/balance", { headers: { ...auth(A), "x-request-id": "trace-me-123" } });
  expect(echoed.headers()["x-request-id"]).toBe("trace-me-123");
});

test("catalog endpoints: operators, detection, number validation, plans, bills", async ({ request }) => {
  const ops = await (await request.get("/api/v1/operators?country=BD", { headers: auth(A) })).json();
  // Billers (DTH, electricity, water, gas) are operators too; the mobile ones come first.
  expect(ops.data.filter((o: { services: string[] }) => o.services.includes("mobile")).map((o: { code: string }) => o.code)).toEqual(["GP", "GP ST", "BL", "RB", "AT", "TT"]);
  expect(ops.data.slice(0, 6).map((o: { code: string }) => o.code)).toEqual(["GP", "GP ST", "BL", "RB", "AT", "TT"]);
  expect(ops.data[0]).toMatchObject({ code: "GP", name: "Grameenphone", prefixes: expect.arrayContaining(["17", "13"]), min_amount: expect.stringMatching(/^\d+\.\d{2}$/) });
  const detect = await (await request.get("/api/v1/operators/detect?phone=%2B8801912345678", { headers: auth(A) })).json();
  expect(detect).toMatchObject({ country: "BD", operator: "BL", source: "prefix", phone: "01912345678" });
  const valid = await request.post("/api/v1/numbers/validate", { headers: asJson(A), data: { phone: "01712345678", operator: "BL" } });
  expect(await valid.json()).toMatchObject({ valid: true, rechargeable: false, reason: "operator_number_mismatch" });
  const plans = await request.get("/api/v1/plans?operator=GP", { headers: auth(A) });
  expect(plans.status()).toBe(200);
  expect((await plans.json()).plans.length).toBeGreaterThan(0);
  const bill = await request.post("/api/v1/bills/fetch", { headers: asJson(A), data: { biller: "BESCOM", account: "1234567890" } });
  expect(await bill.json()).toMatchObject({ biller: "BESCOM", customer_name: expect.any(String), amount_due: expect.stringMatching(/^\d+\.\d{2}$/) });
  const noBill = await request.post("/api/v1/bills/fetch", { headers: asJson(A), data: { biller: "BESCOM", account: "1234560000" } });
  expect(noBill.status()).toBe(404);
});

test("create a recharge, poll it to success, find it by reference, and get the signed webhook", async ({ request }) => {
  const received: Array<{ body: string; headers: IncomingMessage["headers"] }> = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, headers: req.headers });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    const reference = nextRef();
    const created = await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference, phone: "01712345678", operator: "GP", amount: "20.00", notify_url: url } });
    expect(created.status()).toBe(201);
    const order = await created.json();
    expect(order).toMatchObject({ id: expect.stringMatching(/^rch_/), reference, status: "pending", amount: "20.00", currency: "BDT", commission: "0.20", balance_before: "1000.00", balance_after: "980.00" });
    const final = await waitFinal(request, order.id);
    expect(final).toMatchObject({ status: "succeeded", operator_transaction_id: expect.any(String) });
    expect(final.timeline.map((t: { status: string }) => t.status)).toEqual(["held", "submitting", "succeeded"]);
    // Same reference again: the first order, never a second charge.
    const again = await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference, phone: "01712345678", operator: "GP", amount: "20.00", notify_url: url } });
    expect(again.status()).toBe(200);
    expect((await again.json()).id).toBe(order.id);
    const byRef = await (await request.get(`/api/v1/recharges?reference=${reference}`, { headers: auth(A) })).json();
    expect(byRef.data.map((r: { id: string }) => r.id)).toEqual([order.id]);
    expect(await (await request.get("/api/v1/balance", { headers: auth(A) })).json()).toMatchObject({ available: "980.20", held: "0.00" });

    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const hook = received[0];
    const verified = new Webhook(A.webhook_secret).verify(hook.body, hook.headers as Record<string, string>) as { type: string; data: { id: string; status: string } };
    expect(verified).toMatchObject({ type: "recharge.succeeded", data: { id: order.id, status: "succeeded" } });
    expect(hook.headers["webhook-id"]).toMatch(/^evt_/);
  } finally {
    receiver.close();
  }
});

test("validate_only checks everything and creates nothing; Idempotency-Key is honoured", async ({ request }) => {
  const before = await stateOf(A.account_id);
  const res = await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference: nextRef(), phone: "01812345678", amount: "50", validate_only: true } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ valid: true, operator: "RB", amount: "50.00", commission: "0.50" });
  expect(await stateOf(A.account_id)).toEqual(before);
  const key = `idem-${Date.now()}`;
  const first = await request.post("/api/v1/recharges", { headers: { ...asJson(A), "idempotency-key": key }, data: { reference: nextRef(), phone: "01812345670", amount: "15.00" } });
  const second = await request.post("/api/v1/recharges", { headers: { ...asJson(A), "idempotency-key": key }, data: { reference: nextRef(), phone: "01812345670", amount: "15.00" } });
  expect(first.status()).toBe(201);
  expect(second.status()).toBe(200);
  expect((await second.json()).id).toBe((await first.json()).id);
});

test("every error row of API.md §1 answers its code and status", async ({ request }) => {
  const create = (data: Record<string, unknown>, who = A) => request.post("/api/v1/recharges", { headers: asJson(who), data: { reference: nextRef(), ...data } });
  const expectError = async (res: import("@playwright/test").APIResponse, status: number, code: string) => {
    expect(res.status(), await res.text()).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/\w/);
    return body.error;
  };
  await expectError(await request.get("/api/v1/balance", { headers: { authorization: basic(A.api_key, "wrong") } }), 401, "unauthorized");
  const v = await expectError(await create({ phone: "01712345678", amount: "20.00", account_type: "prepay" }), 422, "validation_failed");
  expect(v.details).toHaveProperty("account_type");
  await expectError(await request.post("/api/v1/recharges", { headers: asJson(A), data: "{not json" }), 422, "validation_failed");
  await expectError(await create({ phone: "01712345678", operator: "XX", amount: "20.00" }), 422, "invalid_operator");
  await expectError(await create({ phone: "01912345678", operator: "GP", amount: "20.00" }), 422, "operator_number_mismatch");
  const amount = await expectError(await create({ phone: "01712345678", operator: "GP", amount: "5.00" }), 422, "invalid_amount");
  expect(amount.details).toMatchObject({ min: "10.00", max: "1000.00" });
  const poor = newMerchant("15.00");
  await expectError(await create({ phone: "01712345678", operator: "GP", amount: "20.00" }, poor), 422, "insufficient_balance");
  const reference = nextRef();
  expect((await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference, phone: "01612345678", operator: "AT", amount: "30.00" } })).status()).toBe(201);
  await expectError(await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference, phone: "01612345678", operator: "AT", amount: "31.00" } }), 409, "idempotency_conflict");
  const dup = await expectError(await create({ phone: "01612345678", operator: "AT", amount: "30.00" }), 409, "duplicate_recharge");
  expect(dup.details).toMatchObject({ recharge_id: expect.stringMatching(/^rch_/), retry_after_seconds: expect.any(Number) });
  expect((await create({ phone: "01612345678", operator: "AT", amount: "30.00", allow_duplicate: true })).status()).toBe(201);
  await expectError(await request.get("/api/v1/recharges/rch_doesnotexist", { headers: auth(A) }), 404, "not_found");

  // 403: a key whose allow-list excludes this machine.
  const fenced = cli<{ api_key: string; api_secret: string }>("key", "create", "--account", A.account_id, "--ip", "10.9.8.0/24");
  await expectError(await request.get("/api/v1/balance", { headers: auth(fenced) }), 403, "forbidden");
  // Revoked keys are refused.
  const revoked = cli<{ api_key: string; api_secret: string }>("key", "create", "--account", A.account_id);
  expect((await request.get("/api/v1/balance", { headers: auth(revoked) })).status()).toBe(200);
  cli("key", "revoke", "--key", revoked.api_key);
  await expectError(await request.get("/api/v1/balance", { headers: auth(revoked) }), 401, "unauthorized");

  // 503: no provider serves the operator.
  await sql`UPDATE provider_operator_costs SET enabled = false WHERE operator_code = 'TT'`;
  try {
    await expectError(await create({ phone: "01512345678", operator: "TT", amount: "20.00" }), 503, "provider_unavailable");
  } finally {
    await sql`UPDATE provider_operator_costs SET enabled = true WHERE operator_code = 'TT'`;
  }

  // 429 with Retry-After: a key is limited per minute (the server under test allows 600). Rather than
  // race 601 requests into one window, the key's window starts now with 599 already counted: the
  // 600th request passes, the 601st is refused.
  const busy = cli<{ api_key: string; api_secret: string }>("key", "create", "--account", B.account_id);
  await sql`INSERT INTO rate_limits (key, window_start, count) SELECT 'api:' || id, now(), 599 FROM api_keys WHERE api_key = ${busy.api_key}`;
  expect((await request.get("/api/v1/balance", { headers: auth(busy) })).status()).toBe(200);
  const limited = await request.get("/api/v1/balance", { headers: auth(busy) });
  await expectError(limited, 429, "rate_limited");
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(Number(limited.headers()["retry-after"])).toBeLessThanOrEqual(60);
});

test("account A's key cannot read, list or reference account B's recharges", async ({ request }) => {
  const reference = nextRef();
  const created = await request.post("/api/v1/recharges", { headers: asJson(B), data: { reference, phone: "01712345111", operator: "GP", amount: "20.00" } });
  const bOrder = await created.json();
  expect((await request.get(`/api/v1/recharges/${bOrder.id}`, { headers: auth(A) })).status()).toBe(404);
  expect((await (await request.get(`/api/v1/recharges?reference=${reference}`, { headers: auth(A) })).json()).data).toEqual([]);
  const listA = await (await request.get("/api/v1/recharges?limit=100", { headers: auth(A) })).json();
  expect(listA.data.map((r: { id: string }) => r.id)).not.toContain(bOrder.id);
  // The same reference under A is A's own, new order: B's is untouched.
  const mine = await request.post("/api/v1/recharges", { headers: asJson(A), data: { reference, phone: "01712345111", operator: "GP", amount: "20.00", allow_duplicate: true } });
  expect(mine.status()).toBe(201);
  expect((await mine.json()).id).not.toBe(bOrder.id);
  expect((await request.get(`/api/v1/recharges/${bOrder.id}`, { headers: auth(B) })).status()).toBe(200);
});

test("cursor pagination walks every recharge once", async ({ request }) => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await (await request.get(`/api/v1/recharges?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: auth(A) })).json();
    seen.push(...page.data.map((r: { id: string }) => r.id));
    cursor = page.next_cursor;
  } while (cursor);
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM recharges WHERE account_id = ${A.account_id}`;
  expect(seen).toHaveLength(n);
  expect(new Set(seen).size).toBe(n);
});
