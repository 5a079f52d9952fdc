import { execFileSync } from "node:child_process";
import { test } from "@playwright/test";
import { expect, shots, signIn } from "./helpers";

// DTH and utility bills are paid in INR: an Indian retailer's wallet, made with the operator CLI.

const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${process.env.E2E_DATABASE ?? "refill_e2e"}`;
const email = `mumbai-${Date.now()}@example.test`;
const password = "long-password-1";

/** An INR retailer made with the operator CLI. */
function makeRetailer(address: string, credit: string) {
  const out = execFileSync(
    "npx",
    ["tsx", "server/cli/main.ts", "account", "create", "--type", "retailer", "--name", "Mumbai Mobile Point", "--email", address, "--password", password, "--currency", "INR", "--credit", credit, "--json"],
    // PORT: the CLI must see the same simulator address as the server under test.
    { env: { ...process.env, DATABASE_URL, APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210" }, encoding: "utf8" },
  );
  expect(JSON.parse(out.slice(out.indexOf("{")))).toMatchObject({ email: address, account_id: expect.stringMatching(/^acct_/) });
}

test.beforeAll(() => makeRetailer(email, "5000.00"));

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
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Bill paid", { timeout: 20_000 });
  const expected = 470_399 - Math.round(Number(due) * 100) + Math.floor(Math.round(Number(due) * 100) / 100);
  await expect(page.getByTestId("balance-available")).toHaveText(`${(expected / 100).toFixed(2)} INR`);
});

test("a bill payment survives Refresh, Back and Forward: the same status card and amounts come back, paid once", async ({ page }) => {
  // A wallet of its own: the first test may have spent most of the other one.
  const payer = `mumbai-reload-${Date.now()}@example.test`;
  makeRetailer(payer, "6000.00");
  await signIn(page, payer, password);
  await expect(page).toHaveURL(/\/retail$/);
  await page.goto("/retail/bills");
  await expect(page.getByTestId("balance-available")).toHaveText("6000.00 INR");
  const before = await page.getByTestId("balance-available").innerText();
  await page.getByRole("radio", { name: "Utility bills" }).click();
  await page.getByLabel("Biller").selectOption({ label: "BESCOM (Bengaluru)" });
  // An account ending in 002: the operator answers "pending" first, then succeeds.
  await page.getByLabel("Account ID").fill("9876543002");
  await page.getByRole("button", { name: "Fetch bill" }).click();
  const due = (await page.getByTestId("amount-due").innerText()).replace(" INR", "");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: `Pay ${due} INR` }).click();

  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Payment in progress…", { timeout: 20_000 });
  await expect(page).toHaveURL(/\/retail\/bills\?order=rch_\w+$/);
  const url = page.url();
  await shots(page, "retail-bill-pending");

  // Refresh mid-payment: the same order, not the empty form, and no second payment.
  await page.reload();
  await expect(card).toBeVisible();
  await expect(card).toContainText("9876543002");
  await expect(card).toContainText(`${due} INR`);
  await expect(card.getByRole("heading", { level: 2 })).toHaveText(/^(Payment in progress…|Bill paid)$/);
  await expect(page.getByRole("button", { name: "Fetch bill" })).toHaveCount(0);
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Bill paid", { timeout: 30_000 });
  const cents = (s: string) => Math.round(Number(s.replace(/[^\d.]/g, "")) * 100);
  const paid = cents(due);
  const after = `${((cents(before) - paid + Math.floor(paid / 100)) / 100).toFixed(2)} INR`;
  await expect(page.getByTestId("balance-available")).toHaveText(after);

  // Refresh after it: the result and its amounts, still one payment.
  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Bill paid");
  await expect(card).toContainText(`${due} INR`);
  await expect(card.getByTestId("status-commission")).toHaveText(`${(Math.floor(paid / 100) / 100).toFixed(2)} INR (your cost ${((paid - Math.floor(paid / 100)) / 100).toFixed(2)} INR)`);
  await expect(page.getByTestId("balance-available")).toHaveText(after);
  await shots(page, "retail-bill-reloaded");

  // New payment → an empty form; Back brings the payment back, Forward the form again.
  await card.getByRole("button", { name: "New payment" }).click();
  await expect(page).toHaveURL(/\/retail\/bills$/);
  await expect(page.getByRole("radio", { name: "DTH / TV" })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(url);
  await expect(card).toContainText("9876543002");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Bill paid");
  await page.goForward();
  await expect(page).toHaveURL(/\/retail\/bills$/);
  await expect(card).toHaveCount(0);
  await expect(page.getByLabel("Operator")).toBeVisible();
  await expect(page.getByTestId("balance-available")).toHaveText(after);
});
