import { execFileSync } from "node:child_process";
import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

/** The operator CLI on the e2e database. PORT keeps the simulated providers pointed at this server. */
function cli<T>(...args: string[]): T {
  const db = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  db.pathname = `/${process.env.E2E_DATABASE ?? "refill_e2e"}`;
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/cli/main.ts", ...args, "--json"], {
    env: { ...process.env, DATABASE_URL: db.toString(), APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210", LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return JSON.parse(out) as T;
}

test("an admin refunds a succeeded recharge and the merchant's balance is restored", async ({ page }) => {
  test.setTimeout(90_000);
  const merchant = cli<{ account_id: string }>("account", "create", "--type", "merchant", "--name", "Refund Merchant", "--email", `refund-${Date.now()}@e2e.test`, "--password", "password-123", "--currency", "BDT", "--credit", "500.00");
  const reference = `RF-${Date.now()}`;
  const recharge = cli<{ id: string; status: string; commission: string }>("recharge", "create", "--account", merchant.account_id, "--reference", reference, "--phone", "01712345678", "--amount", "20.00");
  expect(recharge.status).toBe("succeeded");

  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto(`/admin/accounts/${merchant.account_id}`);
  // 500.00 − 20.00 + its commission
  await expect(page.getByTestId("account-available")).toHaveText(new RegExp(`^${(480 + Number(recharge.commission)).toFixed(2)}\\s*BDT$`));

  await page.goto("/admin/recharges");
  await page.getByLabel("Exact reference").fill(reference);
  await expect(page.getByTestId("recharge-row")).toHaveCount(1);
  await page.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Recharge ${reference}` })).toBeVisible();
  await expect(page.getByRole("list", { name: "Status history" })).toContainText("succeeded");
  await shot(page, "admin-recharge-detail-succeeded");

  await page.getByRole("button", { name: "Refund" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this recharge?" });
  await dialog.getByLabel("Reason").fill("Customer never received the top-up");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Recharge refunded" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("[data-status=refunded]").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Status history" })).toContainText("Refunded recharge");
  await expect(page.getByRole("button", { name: "Refund" })).toHaveCount(0);

  await page.getByRole("link", { name: "Refund Merchant" }).click();
  await expect(page.getByTestId("account-available")).toHaveText(/500\.00\s*BDT/);
  await expect(page.getByTestId("account-audit-entry").first()).toContainText("Refunded recharge");
  await shot(page, "admin-refunded-account");
});

test("an admin refunds a complaint from the queue", async ({ page }) => {
  test.setTimeout(90_000);
  const email = `complainer-${Date.now()}@e2e.test`;
  const retailer = cli<{ account_id: string }>("account", "create", "--type", "retailer", "--name", "Complaining Shop", "--email", email, "--password", "password-123", "--currency", "BDT", "--credit", "100.00");
  const reference = `CP-${Date.now()}`;
  const recharge = cli<{ id: string; status: string }>("recharge", "create", "--account", retailer.account_id, "--reference", reference, "--phone", "01712345678", "--amount", "20.00");
  expect(recharge.status).toBe("succeeded");

  // The retailer disputes it through its own dashboard API.
  await signIn(page, email, "password-123");
  await expect(page).toHaveURL(/\/retail/);
  const raised = await page.request.post("/api/trpc/retail.complaints.raise", { data: { json: { rechargeId: recharge.id, kind: "not_received", message: "Customer says nothing arrived" } } });
  expect(raised.ok()).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/complaints");
  const row = page.getByTestId("complaint-row").filter({ hasText: reference });
  await expect(row).toContainText("Customer says nothing arrived");
  await shot(page, "admin-complaints-open");
  await row.getByRole("button", { name: "Refund" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this recharge?" });
  await dialog.getByLabel("Note to the account").fill("Refunded after checking with the operator");
  await dialog.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Complaint refunded" })).toBeVisible();
  await expect(page.getByTestId("complaint-row").filter({ hasText: reference })).toHaveCount(0);
  await page.getByLabel("Show").selectOption("refunded");
  await expect(page.getByTestId("complaint-row").filter({ hasText: reference })).toContainText("Refunded after checking with the operator");
  await page.goto(`/admin/accounts/${retailer.account_id}`);
  await expect(page.getByTestId("account-available")).toHaveText(/100\.00\s*BDT/);
});
