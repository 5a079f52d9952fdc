import { execFileSync } from "node:child_process";
import { test } from "@playwright/test";
import { e2eDatabaseUrl, newMerchant } from "./api-helpers";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// Issue #15 items 13 and 18: find an order by any part of its number or reference, filters that
// survive a refresh (they are in the URL), an inverted date range explained; phone-width navigation.

function placeOrder(accountId: string, reference: string, phone: string, amount: string) {
  execFileSync("npx", ["tsx", "server/cli/main.ts", "recharge", "create", "--account", accountId, "--reference", reference, "--phone", phone, "--amount", amount, "--json"], {
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210", LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
}

test("a merchant finds orders by part of a number or reference; the filters stay in the URL; crossed dates are explained", async ({ page }) => {
  const m = newMerchant();
  placeOrder(m.account_id, "SHOP-7781-A", "01712345671", "20.00");
  placeOrder(m.account_id, "SHOP-9902-B", "01912345672", "30.00");
  await signIn(page, m.email, "password-123");
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto("/merchant/transactions");
  const search = page.getByLabel("Number or reference");

  await search.fill("345671");
  await expect(page.getByTestId("txn-SHOP-7781-A")).toBeVisible();
  await expect(page.getByTestId("txn-SHOP-9902-B")).toHaveCount(0);
  await expect(page).toHaveURL(/\?q=345671/);
  await search.fill("9902");
  await expect(page.getByTestId("txn-SHOP-9902-B")).toBeVisible();
  await expect(page.getByTestId("txn-SHOP-7781-A")).toHaveCount(0);

  await page.reload();
  await expect(page.getByLabel("Number or reference")).toHaveValue("9902");
  await expect(page.getByTestId("txn-SHOP-9902-B")).toBeVisible();
  await expect(page.getByTestId("txn-SHOP-7781-A")).toHaveCount(0);

  await page.getByLabel("From", { exact: true }).fill("2026-03-10");
  await page.getByLabel("To", { exact: true }).fill("2026-03-01");
  await expect(page.getByText("The start date is after the end date: swap them to see this period.")).toBeVisible();
  await shots(page, "find-crossed-dates");
  await page.getByRole("button", { name: "Swap the dates" }).click();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-03-01");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("2026-03-10");
  await expect(page.getByText("The start date is after the end date: swap them to see this period.")).toHaveCount(0);
  await expect(page).toHaveURL(/from=2026-03-01/);
});

test("an admin finds a recharge by the customer's phone", async ({ page }) => {
  const m = newMerchant();
  placeOrder(m.account_id, "ADM-FIND-1", "01812345673", "25.00");
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/recharges");
  await page.getByLabel("Phone, account or reference").fill("+880 1812-345673");
  await expect(page.getByRole("link", { name: "ADM-FIND-1" })).toBeVisible();
  await expect(page).toHaveURL(/q=/);
  await shots(page, "find-admin-phone");
});

test("on a phone: the tab bar shows it scrolls, and History's filters fold behind one button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  const tabs = page.getByRole("navigation", { name: "Retail sections" });
  await expect(tabs).toBeVisible();
  await expect(page.getByTestId("nav-more")).toBeVisible();
  await shot(page, "find-phone-nav");
  await tabs.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/retail\/history/);
  await expect(page.getByLabel("Number or reference")).toBeVisible();
  await expect(page.getByLabel("Status")).toBeHidden();
  await page.getByRole("button", { name: "Filters" }).click();
  await expect(page.getByLabel("Status")).toBeVisible();
  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
  await shot(page, "find-phone-history-filters");
});
