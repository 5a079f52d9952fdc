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
const BRetailer = account("retailer", "Tenant B Shop", ["--parent", B.account_id, "--credit", "100.00"]);

const trpcGet = (page: Page, path: string, input: unknown) => page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
const trpcPost = (page: Page, path: string, input: unknown) => page.request.post(`/api/trpc/${path}`, { data: { json: input } });
/** The tRPC error code of a refused call (the status alone would also pass on a 401 or a 500). */
const trpcCode = async (res: import("@playwright/test").APIResponse) => (await res.json()).error?.json?.data?.code;

let aRecharge: { id: string; reference: string };
let bRecharge: { id: string; reference: string };
let bShopRecharge: { id: string; reference: string };

test.beforeAll(async ({ request }) => {
  const place = async (who: { api_key: string; api_secret: string }, reference: string, phone: string) => {
    const res = await request.post("/api/v1/recharges", {
      headers: { authorization: basic(who.api_key, who.api_secret), "content-type": "application/json" },
      data: { reference, phone, operator: "GP", amount: "20.00" },
    });
    expect(res.status()).toBe(201);
    return res.json();
  };
  aRecharge = await place(A, `TENANT-A-${stamp}`, "01712345678");
  bRecharge = await place(B, `TENANT-B-${stamp}`, "01712345679");
  bShopRecharge = cli<{ id: string; reference: string }>("recharge", "create", "--account", BRetailer.account_id, "--reference", `TENANT-BS-${stamp}`, "--phone", "01712345680", "--amount", "20.00");
});

test("merchant B cannot read A's recharge, keys, webhooks or retailers through tRPC", async ({ page }) => {
  await signIn(page, B.email, "password-123");
  await expect(page).toHaveURL(/\/merchant$/);
  // B's own data is there (so a refusal below is about A, not a broken session).
  const own = await trpcGet(page, "merchant.transaction", { id: bRecharge.id });
  expect(own.status()).toBe(200);
  expect(JSON.stringify(await own.json())).toContain(bRecharge.reference);
  const listRes = await trpcGet(page, "merchant.transactions", {});
  expect(listRes.status()).toBe(200);
  const list = await listRes.text();
  expect(list).toContain(bRecharge.id);
  expect(list).not.toContain(aRecharge.id);
  expect(list).not.toContain(aRecharge.reference);
  const theirs = await trpcGet(page, "merchant.transaction", { id: aRecharge.id });
  expect(theirs.status()).toBe(404);
  expect(await trpcCode(theirs)).toBe("NOT_FOUND");
  // A's API key cannot be revoked by B, and stays valid.
  const revoke = await trpcPost(page, "merchant.apiKeys.revoke", { apiKey: A.api_key });
  expect(revoke.status()).toBe(404);
  expect(await trpcCode(revoke)).toBe("NOT_FOUND");
  expect((await page.request.get("/api/v1/balance", { headers: { authorization: basic(A.api_key, A.api_secret) } })).status()).toBe(200);
  // A's retailer cannot be funded from B's wallet.
  const fund = await trpcPost(page, "merchant.retailers.fund", { retailerAccountId: ARetailer.account_id, amount: "10.00", idempotencyKey: `x-${stamp}` });
  expect(fund.status()).toBe(404);
  expect(await trpcCode(fund)).toBe("NOT_FOUND");
  const [{ available }] = await sql`SELECT available::text FROM wallets WHERE account_id = ${ARetailer.account_id}`;
  expect(available).toBe("0");
  // A's data is not in B's CSV export, even asked for by reference; B's own row is.
  const ownCsv = await page.request.get(`/merchant/transactions/export?reference=${bRecharge.reference}`);
  expect(ownCsv.status()).toBe(200);
  expect(await ownCsv.text()).toContain(bRecharge.id);
  const csvRes = await page.request.get(`/merchant/transactions/export?reference=${aRecharge.reference}`);
  expect(csvRes.status()).toBe(200);
  const csv = await csvRes.text();
  expect(csv.trim().split(/\r?\n/)).toHaveLength(1); // the header only
  expect(csv).not.toContain(aRecharge.id);
  // Nor does B reach admin procedures.
  const admin = await trpcGet(page, "admin.ledgerCheck", undefined);
  expect(admin.status()).toBe(403);
  expect(await trpcCode(admin)).toBe("FORBIDDEN");
});

test("B's retailer cannot open A's receipt by URL or read A's recharge by tRPC", async ({ page }) => {
  await signIn(page, BRetailer.email, "password-123");
  await expect(page).toHaveURL(/\/retail$/);
  // Its own recharge and receipt open.
  const own = await trpcGet(page, "retail.recharge", { id: bShopRecharge.id });
  expect(own.status()).toBe(200);
  expect(JSON.stringify(await own.json())).toContain(bShopRecharge.reference);
  expect((await trpcGet(page, "retail.receipt", { id: bShopRecharge.id })).status()).toBe(200);
  await page.goto(`/retail/receipt/${bShopRecharge.id}`);
  await expect(page.getByText(bShopRecharge.reference).first()).toBeVisible();
  // A's do not, and say so.
  for (const path of ["retail.recharge", "retail.receipt"]) {
    const res = await trpcGet(page, path, { id: aRecharge.id });
    expect(res.status(), path).toBe(404);
    expect(await trpcCode(res)).toBe("NOT_FOUND");
  }
  await page.goto(`/retail/receipt/${aRecharge.id}`);
  await expect(page.getByText(/not found|no such|doesn't exist|does not exist/i).first()).toBeVisible();
  await expect(page.getByText(aRecharge.reference)).toHaveCount(0);
  await expect(page.getByText("01712345678")).toHaveCount(0);
  await shot(page, "cross-tenant-receipt");
  // A complaint on A's recharge is refused; one on its own would be accepted.
  const complaint = await trpcPost(page, "retail.complaints.raise", { rechargeId: aRecharge.id, kind: "not_received", message: "Not mine but trying" });
  expect(complaint.status()).toBe(404);
  expect(await trpcCode(complaint)).toBe("NOT_FOUND");
  const [{ n }] = await sql`SELECT count(*)::int AS n FROM complaints WHERE recharge_id = ${aRecharge.id}`;
  expect(n).toBe(0);
});
