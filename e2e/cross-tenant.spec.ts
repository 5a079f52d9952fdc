import { expect, type Page, test } from "@playwright/test";
import { basic, cli, sql } from "./api-helpers";
import { shot, signIn } from "./helpers";

// Merchant B (and a retailer of B) must not see or touch anything of merchant A, by URL or by tRPC.

test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const account = (type: string, name: string, extra: string[] = []) =>
  cli<{ account_id: string; email: string; api_key: string; api_secret: string }>(
    "account", "create", "--type", type, "--name", name, "--email", `${name.toLowerCase().replace(/\W/g, "")}${stamp}@tenant.test`, "--password", "password-123", "--currency", "BDT", ...extra,
  );
const A = account("merchant", "Tenant A", ["--credit", "500.00"]);
const ARetailer = account("retailer", "Tenant A Shop", ["--parent", A.account_id]);
const B = account("merchant", "Tenant B", ["--credit", "500.00"]);
const BRetailer = account("retailer", "Tenant B Shop", ["--parent", B.account_id]);

const trpcGet = (page: Page, path: string, input: unknown) => page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
const trpcPost = (page: Page, path: string, input: unknown) => page.request.post(`/api/trpc/${path}`, { data: { json: input } });

let aRecharge: { id: string; reference: string };

test.beforeAll(async ({ request }) => {
  const res = await request.post("/api/v1/recharges", {
    headers: { authorization: basic(A.api_key, A.api_secret), "content-type": "application/json" },
    data: { reference: `TENANT-A-${stamp}`, phone: "01712345678", operator: "GP", amount: "20.00" },
  });
  expect(res.status()).toBe(201);
  aRecharge = await res.json();
});

test("merchant B cannot read A's recharge, keys, webhooks or retailers through tRPC", async ({ page }) => {
  await signIn(page, B.email, "password-123");
  await expect(page).toHaveURL(/\/merchant$/);
  expect((await trpcGet(page, "merchant.transaction", { id: aRecharge.id })).status()).toBe(404);
  const list = await (await trpcGet(page, "merchant.transactions", {})).text();
  expect(list).not.toContain(aRecharge.id);
  expect(list).not.toContain(aRecharge.reference);
  // A's API key cannot be revoked by B, and stays valid.
  expect((await trpcPost(page, "merchant.apiKeys.revoke", { apiKey: A.api_key })).status()).toBeGreaterThanOrEqual(403);
  expect((await page.request.get("/api/v1/balance", { headers: { authorization: basic(A.api_key, A.api_secret) } })).status()).toBe(200);
  // A's retailer cannot be funded from B's wallet.
  const fund = await trpcPost(page, "merchant.retailers.fund", { retailerAccountId: ARetailer.account_id, amount: "10.00", idempotencyKey: `x-${stamp}` });
  expect(fund.status()).toBe(404);
  const [{ available }] = await sql`SELECT available::text FROM wallets WHERE account_id = ${ARetailer.account_id}`;
  expect(available).toBe("0");
  // A's data is not in B's CSV export, even asked for by reference.
  const csv = await (await page.request.get(`/merchant/transactions/export?reference=${aRecharge.reference}`)).text();
  expect(csv).not.toContain(aRecharge.id);
  // Nor does B reach admin procedures.
  expect((await trpcGet(page, "admin.ledgerCheck", undefined)).status()).toBe(403);
});

test("B's retailer cannot open A's receipt by URL or read A's recharge by tRPC", async ({ page }) => {
  await signIn(page, BRetailer.email, "password-123");
  await expect(page).toHaveURL(/\/retail$/);
  expect((await trpcGet(page, "retail.recharge", { id: aRecharge.id })).status()).toBe(404);
  expect((await trpcGet(page, "retail.receipt", { id: aRecharge.id })).status()).toBe(404);
  await page.goto(`/retail/receipt/${aRecharge.id}`);
  await expect(page.getByText(aRecharge.reference)).toHaveCount(0);
  await expect(page.getByText("01712345678")).toHaveCount(0);
  await expect(page.getByText(/not found|no such|doesn't exist|does not exist/i).first()).toBeVisible();
  await shot(page, "cross-tenant-receipt");
  // A complaint on A's recharge is refused.
  expect((await trpcPost(page, "retail.complaints.raise", { rechargeId: aRecharge.id, kind: "not_received", message: "Not mine but trying" })).status()).toBe(404);
});
