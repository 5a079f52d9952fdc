import { execFileSync } from "node:child_process";
import { type Page, test } from "@playwright/test";
import { expect, shot, signIn } from "./helpers";

// DTH and utility bills are paid in INR: an Indian retailer's wallet, made with the operator CLI.

const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${process.env.E2E_DATABASE ?? "refill_e2e"}`;
const email = `mumbai-${Date.now()}@example.test`;
const password = "long-password-1";

async function shots(page: Page, name: string) {
  // Toasts have been checked by now; they would hide what the screenshot is for.
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>("button[aria-label=Dismiss]").forEach((b) => b.click()));
  await shot(page, `${name}-desktop`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  if (size) await page.setViewportSize(size);
}

test.beforeAll(() => {
  const out = execFileSync(
    "npx",
    ["tsx", "server/cli/main.ts", "account", "create", "--type", "retailer", "--name", "Mumbai Mobile Point", "--email", email, "--password", password, "--currency", "INR", "--credit", "5000.00", "--json"],
    // PORT: the CLI must see the same simulator address as the server under test.
    { env: { ...process.env, DATABASE_URL, APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210" }, encoding: "utf8" },
  );
  expect(JSON.parse(out.slice(out.indexOf("{")))).toMatchObject({ email, account_id: expect.stringMatching(/^acct_/) });
});

test("an INR retailer recharges a DTH subscription with a pack and pays an electricity bill", async ({ page }) => {
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "DTH & bills" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "DTH & bills" })).toBeVisible();
  await expect(page.getByTestId("balance-available")).toHaveText("5000.00 INR");

  // DTH: operator → subscriber id → look-up → a pack → pay.
  await page.getByLabel("Operator").selectOption({ label: "Tata Play" });
  await page.getByLabel("Subscriber ID").fill("12345");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await expect(page.locator("#account-error")).toHaveText("This is not a valid Subscriber ID for Tata Play.");
  await page.getByLabel("Subscriber ID").fill("1234567890");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await expect(page.getByTestId("bill")).toContainText("Customer");
  await page.getByTestId("plan").filter({ hasText: "Family Kids HD" }).click();
  await expect(page.getByLabel("Amount to pay")).toHaveValue("299.00");
  await shots(page, "retail-dth");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Pay 299.00 INR" }).click();
  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });
  await expect(page.getByTestId("balance-available")).toHaveText("4703.99 INR");
  await shots(page, "retail-dth-success");

  // Bills: an account with nothing due, then one with a bill, paid in full.
  await card.getByRole("button", { name: "New recharge" }).click();
  await page.getByRole("radio", { name: "Utility bills" }).click();
  await page.getByLabel("Biller").selectOption({ label: "BESCOM (Bengaluru)" });
  await page.getByLabel("Account ID").fill("1234560000");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  await expect(page.getByTestId("bill-error")).toContainText("No bill is due for this account.");
  await page.getByLabel("Account ID").fill("9876543210");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  const due = (await page.getByTestId("amount-due").innerText()).replace(" INR", "");
  await expect(page.getByLabel("Amount to pay")).toHaveValue(due);
  await shots(page, "retail-bill");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: `Pay ${due} INR` }).click();
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });
  const expected = 470_399 - Math.round(Number(due) * 100) + Math.floor(Math.round(Number(due) * 100) / 100);
  await expect(page.getByTestId("balance-available")).toHaveText(`${(expected / 100).toFixed(2)} INR`);
});
