// v1 deposits over HTTP (API.md §3): create, idempotent replay, conflict, read, list by reference,
// another account's id is 404; then paid through the chain simulator and read back credited, with
// the same money in the ledger (ledger check clean).
import { expect, test } from "@playwright/test";
import { basic, cli, newMerchant } from "./api-helpers";
import { DEMO, signIn } from "./helpers";

test("v1 deposits: create, replay, conflict, read, list; paid and credited once; other accounts see 404", async ({ request, browser }) => {
  // Paying through the chain simulator is simulator control: an admin's session (API.md §7).
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  const m = newMerchant("0.00");
  const other = newMerchant("0.00");
  const auth = { authorization: basic(m.api_key, m.api_secret) };
  const body = { reference: `TOPUP-${Date.now()}`, amount: "10.00" };

  const created = await request.post("/api/v1/deposits", { headers: auth, data: body });
  expect(created.status()).toBe(201);
  const d = await created.json();
  expect(d).toMatchObject({ reference: body.reference, status: "awaiting_payment", amount: "10.0000", received: "0.0000", currency: "USDT", network: "TRC20", credit_currency: "BDT", rate: "121.50", flags: [] });
  expect(d.id).toMatch(/^dep_/);
  expect(d.address).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
  expect(created.headers()["x-request-id"]).toBeTruthy();

  const replay = await request.post("/api/v1/deposits", { headers: auth, data: body });
  expect(replay.status()).toBe(200);
  expect((await replay.json()).address).toBe(d.address);
  const conflict = await request.post("/api/v1/deposits", { headers: auth, data: { ...body, amount: "11.00" } });
  expect(conflict.status()).toBe(409);
  expect((await conflict.json()).error.code).toBe("idempotency_conflict");
  const bad = await request.post("/api/v1/deposits", { headers: auth, data: { reference: "X 1", amount: "abc", extra: 1 } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.code).toBe("validation_failed");

  expect((await request.get(`/api/v1/deposits/${d.id}`, { headers: { authorization: basic(other.api_key, other.api_secret) } })).status()).toBe(404);
  const listed = await (await request.get(`/api/v1/deposits?reference=${body.reference}`, { headers: auth })).json();
  expect(listed.data.map((x: { id: string }) => x.id)).toEqual([d.id]);

  // 10.5 USDT arrive and confirm: credited 1275.75 BDT (10.5 × 121.50), over-paid, once.
  expect((await admin.request.post("/api/sim/chain/transfers", { data: { address: d.address, amount: "10.5", confirmations: 25 } })).status()).toBe(201);
  const after = await (await request.get(`/api/v1/deposits/${d.id}`, { headers: auth })).json();
  expect(after).toMatchObject({ status: "credited", flags: ["overpaid"], received: "10.5000", credited_amount: "1275.75" });
  expect(after.transfers).toHaveLength(1);
  expect(after.transfers[0]).toMatchObject({ status: "credited", rate: "121.50", credited_amount: "1275.75" });
  const balance = await (await request.get("/api/v1/balance", { headers: auth })).json();
  expect(balance).toMatchObject({ currency: "BDT", available: "1275.75" });
  expect(cli<{ ok: boolean }>("ledger", "check").ok).toBe(true);
});
