import { type Page, test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

// A merchant opens a shop under its account and funds its wallet; the shop signs in and sees the money.

async function shots(page: Page, name: string) {
  // Toasts have been checked by now; they would hide what the screenshot is for.
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>("button[aria-label=Dismiss]").forEach((b) => b.click()));
  await shot(page, `${name}-desktop`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  if (size) await page.setViewportSize(size);
}

const cents = (text: string) => Math.round(Number(/[\d.]+/.exec(text)![0]) * 100);

test("a merchant creates a retailer, funds it from its own wallet, and the retailer sees the balance", async ({ page }) => {
  const email = `shop-${Date.now()}@example.test`;
  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto("/merchant/retailers");
  await expect(page.getByRole("heading", { level: 1, name: "Retailers" })).toBeVisible();
  await expect(page.getByTestId("retailer-retailer@refill.test")).toContainText("Demo Retail Shop");
  await expect(page.getByTestId("merchant-available")).toContainText("BDT");
  const before = cents(await page.getByTestId("merchant-available").innerText());

  await page.getByRole("button", { name: "Add retailer" }).click();
  const add = page.getByRole("dialog", { name: "Add a retailer" });
  await add.getByLabel("Shop name").fill("Corner Store");
  await add.getByLabel("Email").fill(email);
  await add.getByLabel("Password").fill("short");
  await add.getByRole("button", { name: "Create retailer" }).click();
  await expect(add.locator("#retailer-password-error")).toHaveText("Password must have at least 8 characters.");
  await add.getByLabel("Password").fill("corner-store-1");
  await add.getByRole("button", { name: "Create retailer" }).click();
  const created = page.getByRole("dialog", { name: `Retailer ${email} created` });
  await expect(created.getByTestId("api-key-value")).toHaveText(/^rk_/);
  await created.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId(`retailer-balance-${email}`)).toHaveText("0.00 BDT");

  await page.getByTestId(`retailer-${email}`).getByRole("button", { name: "Fund Corner Store" }).click();
  const fund = page.getByRole("dialog", { name: "Fund Corner Store" });
  await fund.getByLabel("Amount (BDT)").fill("999999");
  await fund.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "Funding failed" })).toBeVisible();
  await fund.getByLabel("Amount (BDT)").fill("500");
  await shot(page, "merchant-fund-dialog");
  await fund.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Wallet funded" })).toBeVisible();
  await expect(page.getByTestId(`retailer-balance-${email}`)).toHaveText("500.00 BDT");
  await expect(page.getByTestId("merchant-available")).toHaveText(`${((before - 50_000) / 100).toFixed(2)} BDT`);
  await shots(page, "merchant-retailers");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, "corner-store-1");
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toHaveText("500.00 BDT");
});
