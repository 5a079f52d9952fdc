import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { newMerchant, stateOf } from "./api-helpers";

// Seed 002's interface, exactly: its curl and PHP examples run unchanged (a real number in place of
// 017XXXXXXXX), and each error answers its own body, status and order of checks.

test.describe.configure({ mode: "serial" });
const M = newMerchant("1000.00");

test("the seed's curl example works unchanged", async ({ baseURL }) => {
  const out = execFileSync("curl", ["-s", "-X", "POST", `${baseURL}/api/mobile-recharge.php`, "-d", `api_key=${M.api_key}`, "-d", `api_secret=${M.api_secret}`, "-d", "phone=01712345678", "-d", "amount=20", "-d", "operator=GP", "-d", "account_type=prepaid"], { encoding: "utf8" });
  const body = JSON.parse(out);
  expect(body).toMatchObject({
    success: true,
    full_name: expect.stringMatching(/^API Merchant/),
    phone: "01712345678",
    amount: "20.00",
    operator_name: "Grameenphone",
    commission_amount: "0.20",
    before_balance: "1000.00",
    after_balance: "980.20",
    operator_transaction_id: expect.any(String),
    status: "Success",
    reward: { ok: true, points: { ok: true, message: "Points awarded successfully", points: 0.1, new_level_id: 1, new_level_key: "silver" }, cashback: { ok: true, message: "No eligible active offer found" } },
  });
  // Skitto, the seed's second example.
  const skitto = JSON.parse(execFileSync("curl", ["-s", "-X", "POST", `${baseURL}/api/mobile-recharge.php`, "-d", `api_key=${M.api_key}`, "-d", `api_secret=${M.api_secret}`, "-d", "phone=01312340055", "-d", "amount=20", "-d", "operator=GP ST", "-d", "account_type=prepaid"], { encoding: "utf8" }));
  expect(skitto).toMatchObject({ success: true, operator_name: "Grameenphone Skitto", status: "Success" });
});

test("the seed's PHP example works unchanged (multipart from PHP's curl)", async ({ baseURL }) => {
  const script = `<?php
$ch = curl_init("${baseURL}/api/mobile-recharge.php");
curl_setopt_array($ch, [
CURLOPT_POST => true,
CURLOPT_POSTFIELDS => [
"api_key" => "${M.api_key}",
"api_secret" => "${M.api_secret}",
"phone" => "01812345678",
"amount" => "20",
"operator" => "RB",
"account_type" => "prepaid"
],
CURLOPT_RETURNTRANSFER => true
]);
$response = curl_exec($ch);
curl_close($ch);
$data = json_decode($response, true);
print_r($data);
echo "\\nJSON:" . json_encode($data);
`;
  const file = `test-results/seed-example-${Date.now()}.php`;
  writeFileSync(file, script);
  const out = execFileSync("php", [file], { encoding: "utf8" });
  expect(out).toContain("[status] => Success");
  const data = JSON.parse(out.slice(out.indexOf("JSON:") + 5));
  expect(data).toMatchObject({ success: true, phone: "01812345678", operator_name: "Robi", amount: "20.00", status: "Success" });
});

test("a failed recharge answers the seed's failure shape, balance unchanged", async ({ request }) => {
  // The wallet itself, read before and after (the response's two balances could agree with each other
  // and still be wrong).
  const before = await stateOf(M.account_id);
  const res = await request.post("/api/mobile-recharge", { form: { api_key: M.api_key, api_secret: M.api_secret, phone: "01712345001", amount: "25", operator: "GP" } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ success: false, status: "Failed", commission_amount: "0.00", operator_transaction_id: null, failure_reason: expect.any(String) });
  const after = await stateOf(M.account_id);
  expect(after.wallet).toBe(before.wallet);
  const [available] = String(before.wallet).split("/");
  expect(body.before_balance).toBe(formatMinor(available));
  expect(body.after_balance).toBe(formatMinor(available));
  // The order and its released hold are recorded; no money stayed held.
  expect(after.recharges).toBe(before.recharges + 1);
  expect(String(after.wallet).endsWith("/0")).toBe(true);
});

const formatMinor = (minor: string) => `${BigInt(minor) / 100n}.${String(BigInt(minor) % 100n).padStart(2, "0")}`;

test("errors come in the seed's order, with its exact bodies and statuses (JSON bodies too)", async ({ request }) => {
  const good = { api_key: M.api_key, api_secret: M.api_secret, phone: "01912345678", amount: "20", operator: "BL", account_type: "prepaid" };
  const cases: Array<[Record<string, string>, number, Record<string, unknown>]> = [
    [{ ...good, phone: "" }, 422, { error: "Missing required parameters." }],
    // Missing parameters win over bad credentials.
    [{ api_key: "nope", api_secret: "nope", phone: "01912345678", amount: "20" }, 422, { error: "Missing required parameters." }],
    [{ ...good, api_secret: "wrong" }, 401, { error: "Invalid API credentials." }],
    // Bad credentials win over a bad account type.
    [{ ...good, api_secret: "wrong", account_type: "corporate" }, 401, { error: "Invalid API credentials." }],
    [{ ...good, account_type: "corporate" }, 422, { error: "Invalid account type." }],
    [{ ...good, account_type: "corporate", operator: "XX" }, 422, { error: "Invalid account type." }],
    [{ ...good, operator: "XX" }, 422, { error: "Invalid operator.", allowed_operator: ["GP", "GP ST", "BL", "RB", "AT", "TT"] }],
    [{ ...good, operator: "XX", phone: "01712345678" }, 422, { error: "Invalid operator.", allowed_operator: ["GP", "GP ST", "BL", "RB", "AT", "TT"] }],
    [{ ...good, operator: "GP" }, 422, { error: "Invalid operator number for this recharge." }],
    [{ ...good, operator: "GP", amount: "1" }, 422, { error: "Invalid operator number for this recharge." }],
    [{ ...good, amount: "1" }, 422, { error: "Invalid recharge amount." }],
    [{ ...good, amount: "100000" }, 422, { error: "Invalid recharge amount." }],
  ];
  for (const [params, status, body] of cases) {
    const form = await request.post("/api/mobile-recharge", { form: params });
    expect(form.status(), JSON.stringify(params)).toBe(status);
    expect(await form.json()).toEqual(body);
    const json = await request.post("/api/mobile-recharge", { data: params });
    expect(json.status()).toBe(status);
    expect(await json.json()).toEqual(body);
  }
  const poor = newMerchant("15.00");
  const low = await request.post("/api/mobile-recharge", { form: { ...good, api_key: poor.api_key, api_secret: poor.api_secret } });
  expect(low.status()).toBe(422);
  expect(await low.json()).toEqual({ error: "Insufficient balance." });
  // Our duplicate guard, in the seed's style.
  const first = await request.post("/api/mobile-recharge", { form: { ...good, phone: "01912340001".replace(/1$/, "9") } });
  expect((await first.json()).status).toBe("Success");
  const dup = await request.post("/api/mobile-recharge", { form: { ...good, phone: "01912340009" } });
  expect(dup.status()).toBe(422);
  expect(await dup.json()).toEqual({ error: "Duplicate recharge.", retry_after_seconds: expect.any(Number) });
});
