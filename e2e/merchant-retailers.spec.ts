import { test } from "@playwright/test";
import { cli } from "./api-helpers";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// A merchant opens a shop under its account and funds its wallet; the shop signs in and sees the money.

const cents = (text: string) => Math.round(Number(/[\d.]+/.exec(text)![0]) * 100);

test("a merchant creates a retailer, funds it from its own wallet, and the retailer sees the balance", async ({ page, browser }) => {
  test.setTimeout(120_000);
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
  // Item 6 of #15: the merchant never sees a secret of the retailer; the shop makes its own key if it wants one.
  const created = page.getByRole("dialog", { name: `Retailer ${email} created` });
  await expect(created.getByTestId("retailer-created")).toContainText("creates its own key under API keys");
  await expect(created.getByTestId("api-key-value")).toHaveCount(0);
  await expect(created).not.toContainText(/rk_|rs_/);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`retailer-balance-${email}`)).toHaveText("0.00 BDT");

  // Funding: amount and note, then a confirmation that says who, how much and what is left.
  await page.getByTestId(`retailer-${email}`).getByRole("button", { name: "Fund Corner Store" }).click();
  const fund = page.getByRole("dialog", { name: "Fund Corner Store" });
  await fund.getByLabel("Amount (BDT)").fill("999999");
  await fund.getByRole("button", { name: "Review" }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm funding" });
  await expect(confirm.getByTestId("fund-summary")).toContainText("Not enough");
  await confirm.getByRole("button", { name: "Send 999999 BDT" }).click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "Funding failed" })).toBeVisible();
  await expect(fund.locator("#fund-amount-error")).not.toBeEmpty();
  await fund.getByLabel("Amount (BDT)").fill("500");
  await fund.getByLabel("Note (optional)").fill("cash received at the shop");
  await fund.getByRole("button", { name: "Review" }).click();
  await expect(confirm.getByTestId("fund-summary")).toContainText("Corner Store");
  await expect(confirm.getByTestId("fund-summary")).toContainText("500 BDT");
  await expect(confirm.getByTestId("fund-summary")).toContainText("cash received at the shop");
  await expect(confirm.getByTestId("fund-summary")).toContainText(`${((before - 50_000) / 100).toFixed(2)} BDT`);
  await shots(page, "merchant-fund-confirm");
  await confirm.getByRole("button", { name: "Send 500 BDT" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Wallet funded" })).toBeVisible();
  await expect(page.getByTestId(`retailer-balance-${email}`)).toHaveText("500.00 BDT");
  await expect(page.getByTestId("merchant-available")).toHaveText(`${((before - 50_000) / 100).toFixed(2)} BDT`);
  await shots(page, "merchant-retailers");

  // The retailer's statement, from the merchant's side, shows the funding with its note.
  await page.getByTestId(`retailer-${email}`).getByRole("link", { name: "Statement of Corner Store" }).click();
  await expect(page).toHaveURL(/\/merchant\/wallet\?account=acct_/);
  await expect(page.getByTestId("movement-row")).toHaveCount(1);
  await expect(page.getByTestId("movement-row")).toContainText("cash received at the shop");
  await expect(page.getByTestId("movement-row")).toContainText("+500.00");
  await expect(page.getByTestId("closing-balance")).toHaveText("500.00 BDT");
  await shots(page, "merchant-retailer-statement");

  // Reset the shop's password (which signs the shop out where it is signed in), then suspend it: it
  // cannot sign in until reactivated.
  const shopBrowser = await browser.newContext();
  const shop = await shopBrowser.newPage();
  await signIn(shop, email, "corner-store-1");
  await expect(shop).toHaveURL(/\/retail$/);
  await page.goto("/merchant/retailers");
  await page.getByTestId(`retailer-${email}`).getByRole("button", { name: "Reset password of Corner Store" }).click();
  const reset = page.getByRole("dialog", { name: "New password for Corner Store" });
  await reset.getByLabel("New password").fill("short");
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(reset.locator("#new-password-error")).toHaveText("The new password needs at least 8 characters.");
  await reset.getByLabel("New password").fill("corner-store-2");
  await reset.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Password changed" })).toBeVisible();
  await shop.reload();
  await expect(shop).toHaveURL(/\/signin/);
  await expect(shop.getByTestId("session-ended")).toHaveText("Your password was changed, so you were signed out. Sign in with the new password.");
  await shot(shop, "merchant-reset-retailer-signed-out");
  await shopBrowser.close();
  await page.getByTestId(`retailer-${email}`).getByRole("button", { name: "Suspend Corner Store" }).click();
  const suspend = page.getByRole("dialog", { name: "Suspend Corner Store" });
  await suspend.getByLabel("Reason").fill("shop closed for a month");
  await suspend.getByRole("button", { name: "Suspend" }).click();
  await expect(page.getByTestId(`retailer-${email}`)).toContainText("Suspended");
  await shots(page, "merchant-retailer-suspended");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, "corner-store-2");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("alert").filter({ hasText: "This account is suspended. Contact your merchant." })).toBeVisible();

  await signIn(page, DEMO.merchant);
  await expect(page).toHaveURL(/\/merchant$/);
  await page.goto("/merchant/retailers");
  await page.getByTestId(`retailer-${email}`).getByRole("button", { name: "Reactivate Corner Store" }).click();
  const reactivate = page.getByRole("dialog", { name: "Reactivate Corner Store" });
  await reactivate.getByLabel("Reason").fill("back in business");
  await reactivate.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByTestId(`retailer-${email}`)).toContainText("Active");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, "corner-store-2");
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toHaveText("500.00 BDT");
});

test("the merchant sees its retailers' orders, filters by retailer, and opens one", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36).toUpperCase();
  // A merchant of its own (the demo merchant's figures belong to other specs).
  const m = cli<{ account_id: string; email: string }>("account", "create", "--type", "merchant", "--name", `Chain ${stamp}`, "--email", `chain-${stamp.toLowerCase()}@example.test`, "--password", "password-123", "--currency", "BDT", "--credit", "500.00");
  const shop = cli<{ account_id: string }>("account", "create", "--type", "retailer", "--name", "Street Kiosk", "--email", `kiosk-${stamp.toLowerCase()}@example.test`, "--password", "password-123", "--currency", "BDT", "--parent", m.account_id, "--credit", "100.00");
  const ref = `SHOP-${stamp}`;
  const own = `OWN-${stamp}`;
  cli("recharge", "create", "--account", shop.account_id, "--reference", ref, "--phone", "01712345678", "--amount", "30.00");
  cli("recharge", "create", "--account", m.account_id, "--reference", own, "--phone", "01712345679", "--amount", "20.00");
  await signIn(page, m.email, "password-123");
  await expect(page).toHaveURL(/\/merchant$/);
  // The overview counts the shop's order with the merchant's own.
  await expect(page.getByTestId("today-volume")).toHaveText("50.00 BDT");
  await page.goto("/merchant/transactions");
  await expect(page.getByTestId(`txn-${ref}`)).toContainText("Street Kiosk");
  await expect(page.getByTestId(`txn-${own}`)).toBeVisible();
  await page.getByLabel("Placed by").selectOption({ label: "You (API)" });
  await expect(page.getByTestId(`txn-${ref}`)).toBeHidden();
  await expect(page.getByTestId(`txn-${own}`)).toBeVisible();
  await page.getByLabel("Placed by").selectOption({ label: "Street Kiosk" });
  await expect(page.getByTestId(`txn-${ref}`)).toBeVisible();
  await expect(page.getByTestId(`txn-${own}`)).toBeHidden();
  await expect(page.getByTestId(`txn-${ref}`).getByTestId("txn-retailer")).toHaveText("Street Kiosk");
  await shots(page, "merchant-transactions-by-retailer");
  await page.getByRole("button", { name: `Details of ${ref}` }).click();
  const drawer = page.getByRole("dialog", { name: "Transaction" });
  await expect(drawer.getByTestId("money-row").first()).toContainText("−30.00");
});
