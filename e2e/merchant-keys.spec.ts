import { type APIRequestContext, test } from "@playwright/test";
import { basic, sql } from "./api-helpers";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// API keys: the secret is shown once with a copy button; allow-list, rotation with overlap, revocation.
// Each state is also tried against the API, as the merchant's server would use the key.

/** The status the public API answers this key pair with (and the error code when refused). */
async function apiWith(request: APIRequestContext, key: string, secret: string) {
  const res = await request.get("/api/v1/balance", { headers: { authorization: basic(key, secret) } });
  return { status: res.status(), code: res.ok() ? null : (await res.json()).error?.code };
}

/** How this machine reaches the server under test, as the server sees it. */
const LOOPBACK = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

test("a merchant creates, restricts, rotates and revokes an API key", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto("/merchant/keys");
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  const table = page.getByRole("table", { name: "API keys" });
  // The key made with the account is listed (other specs may have added more: count, don't assume).
  // Count key rows, not rows: while the list loads, the table shows placeholder rows.
  const keyRows = table.getByRole("row").filter({ hasText: /rk_\w+/ });
  await expect(keyRows.first()).toBeVisible();
  const keysBefore = await keyRows.count();
  await shots(page, "merchant-keys");

  await page.getByRole("button", { name: "Create key" }).click();
  const create = page.getByRole("dialog", { name: "Create an API key" });
  await create.getByLabel("Name").fill("checkout server");
  await create.getByLabel("IP allow-list (optional)").fill("not-an-address");
  await create.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "not valid addresses or CIDR ranges" })).toBeVisible();
  await create.getByLabel("IP allow-list (optional)").fill("203.0.113.10");
  await create.getByRole("button", { name: "Create key" }).click();

  const secret = page.getByRole("dialog", { name: "New API key" });
  await expect(secret.getByTestId("api-secret-value")).toHaveText(/^rs_\w{40}$/);
  const apiKey = await secret.getByTestId("api-key-value").innerText();
  const apiSecret = await secret.getByTestId("api-secret-value").innerText();
  await secret.getByRole("button", { name: "Copy api secret" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "API secret copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiSecret);
  await shot(page, "merchant-key-secret");
  await secret.getByRole("button", { name: "I have saved it" }).click();

  const row = page.getByTestId(`key-${apiKey}`);
  await expect(keyRows).toHaveCount(keysBefore + 1);
  await expect(row).toContainText("203.0.113.10");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("never");
  // The secret is nowhere once the dialog is closed.
  await expect(page.getByText(apiSecret)).toHaveCount(0);
  // Restricted to 203.0.113.10: this machine is refused, with the right key and secret.
  expect(await apiWith(page.request, apiKey, apiSecret)).toEqual({ status: 403, code: "forbidden" });
  expect(await apiWith(page.request, apiKey, `${apiSecret}x`)).toEqual({ status: 401, code: "unauthorized" });

  await row.getByRole("button", { name: `Edit IP allow-list of ${apiKey}` }).click();
  const allow = page.getByRole("dialog", { name: "IP allow-list" });
  await allow.getByLabel("Allowed addresses").fill(`203.0.113.10\n198.51.100.0/24\n${LOOPBACK.join("\n")}`);
  await allow.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "IP allow-list saved" })).toBeVisible();
  await expect(row).toContainText("198.51.100.0/24");
  // Now this machine is on the list: the key works.
  expect(await apiWith(page.request, apiKey, apiSecret)).toEqual({ status: 200, code: null });

  await row.getByRole("button", { name: `Rotate ${apiKey}` }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate this key?" });
  await rotate.getByLabel("The old key").selectOption("3600");
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  const rotated = page.getByRole("dialog", { name: "Rotated API key" });
  const newKey = await rotated.getByTestId("api-key-value").innerText();
  expect(newKey).not.toBe(apiKey);
  const newSecret = await rotated.getByTestId("api-secret-value").innerText();
  await rotated.getByRole("button", { name: "I have saved it" }).click();
  await expect(row).toContainText("Expiring");
  await expect(page.getByTestId(`key-${newKey}`)).toContainText("198.51.100.0/24");
  // Through the overlap both keys work; the new one carries the allow-list over.
  expect(await apiWith(page.request, newKey, newSecret)).toEqual({ status: 200, code: null });
  expect(await apiWith(page.request, apiKey, apiSecret)).toEqual({ status: 200, code: null });

  await page.getByTestId(`key-${newKey}`).getByRole("button", { name: `Revoke ${newKey}` }).click();
  await page.getByRole("dialog", { name: "Revoke this key?" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Key revoked" })).toBeVisible();
  await expect(page.getByTestId(`key-${newKey}`)).toContainText("Revoked");
  // Revoked: refused at once. The old key still has its hour of overlap.
  expect(await apiWith(page.request, newKey, newSecret)).toEqual({ status: 401, code: "unauthorized" });
  expect(await apiWith(page.request, apiKey, apiSecret)).toEqual({ status: 200, code: null });
  // The hour passes (the database's clock decides; move the key's end rather than wait): refused too.
  await sql`UPDATE api_keys SET revoked_at = revoked_at - interval '3601 seconds' WHERE api_key = ${apiKey}`;
  expect(await apiWith(page.request, apiKey, apiSecret)).toEqual({ status: 401, code: "unauthorized" });
  await page.reload();
  await expect(row).toContainText("Revoked");
  await shots(page, "merchant-keys-after");
});
