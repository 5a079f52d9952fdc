import { type Browser, test } from "@playwright/test";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// Issue #15 at the retailer's counter: nothing goes silent, the amount rule is said before Confirm,
// the order survives Refresh/Back/Forward, and every taka of the sale is on screen.

/** An admin opens a fresh retailer account; returns its email and the admin's page (on the account). */
async function newRetailer(browser: Browser, name: string, credit: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@e2e.test`;
  const admin = await browser.newPage();
  await signIn(admin, DEMO.admin);
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto("/admin/accounts");
  await admin.getByRole("button", { name: "New account" }).click();
  const dialog = admin.getByRole("dialog", { name: "New account" });
  await dialog.getByLabel("Type").selectOption("retailer");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Sign-in email").fill(email);
  await dialog.getByLabel("Password").fill("password-123");
  await dialog.getByLabel("Opening credit (optional)").fill(credit);
  await dialog.getByRole("button", { name: "Create account" }).click();
  await admin.getByRole("link", { name: "Open account" }).click();
  await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
  return { email, admin };
}

test("Bengali digits are read as the number and amount; the step rule is said before Confirm, in the server's words", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);

  const phone = page.getByLabel("Mobile number");
  await phone.fill("০১৭১২৩৪৫৬৭৮");
  await expect(phone).toHaveValue("01712345678");
  await expect(page.getByTestId("detected-operator")).toContainText("Grameenphone");
  // The rule is the hint before anything goes wrong.
  await expect(page.getByText("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals).")).toBeVisible();

  const amount = page.getByLabel("Amount", { exact: true });
  await amount.fill("৪৯.৫০");
  await expect(amount).toHaveValue("49.50");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#amount-error")).toHaveText("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals). Try 49 or 50.");
  await expect(amount).toBeFocused();
  await expect(page.getByRole("heading", { name: "Confirm the recharge" })).toHaveCount(0);
  await shots(page, "counter-step-rule");

  // Quick amounts are the operator's popular ones; one tap fixes it.
  await page.getByTestId("quick-amounts").getByRole("button", { name: "50", exact: true }).click();
  await expect(amount).toHaveValue("50");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Confirm the recharge" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Recharge 50 BDT" })).toBeFocused();
});

test("a number too short, or one whose operator cannot be told, is answered next to the number, never on a hidden field", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByLabel("Mobile number").fill("0171234");
  await page.getByLabel("Amount", { exact: true }).fill("20");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#phone-error")).toHaveText("This number is too short: a mobile number has 11 digits, like 01712345678.");
  await expect(page.locator("#phone-error")).toBeVisible();
  await page.getByLabel("Mobile number").fill("0171234567x");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#phone-error")).toHaveText("Use digits only.");
  await shots(page, "counter-phone-error");
});

test("a retailer suspended while signed in is told so on top of the form", async ({ page, browser }) => {
  const { email, admin } = await newRetailer(browser, "Corner Shop", "100.00");
  await signIn(page, email, "password-123");
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toContainText("100.00");

  await admin.getByRole("button", { name: "Suspend" }).click();
  const confirm = admin.getByRole("dialog", { name: "Suspend Corner Shop?" });
  await confirm.getByLabel("Reason").fill("Checking documents");
  await confirm.getByRole("button", { name: "Suspend" }).click();
  await expect(admin.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await admin.close();

  await page.getByLabel("Mobile number").fill("01712345678");
  await page.getByLabel("Amount", { exact: true }).fill("20");
  await page.getByRole("button", { name: "Continue" }).click();
  // A suspended account's session ends on its next request (issue #11): the form says why, on top.
  await expect(page.getByTestId("form-error")).toHaveText("This account is suspended. Contact support.");
  await expect(page.getByTestId("form-error")).toBeInViewport();
  await shots(page, "counter-suspended");
  // The next page lands on sign-in, which says the same.
  await page.reload();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByTestId("session-ended")).toHaveText("This account is suspended. Contact support.");
  await shots(page, "counter-suspended-signin");
});

test("confirm shows pack, commission and cost; the order survives Refresh, Back and Forward; the receipt keeps it all; Same again", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByLabel("Mobile number").fill("01712345640");
  await expect(page.getByTestId("detected-operator")).toContainText("Grameenphone");
  await page.getByTestId("plan").filter({ hasText: "60 minutes any network" }).click();
  await expect(page.getByLabel(/^Amount/)).toHaveValue("74.00");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByTestId("confirm-pack")).toHaveText("60 minutes any network, 7 days");
  await expect(page.getByTestId("confirm-commission")).toHaveText("0.74 BDT");
  await expect(page.getByTestId("confirm-cost")).toContainText("73.26 BDT");
  const confirm = page.getByRole("button", { name: "Recharge 74.00 BDT" });
  await expect(confirm).toBeFocused();
  await shots(page, "counter-confirm");
  await page.keyboard.press("Enter");

  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });
  await expect(page).toHaveURL(/\/retail\?order=rch_\w+/);
  const url = page.url();
  await expect(card.getByTestId("status-commission")).toHaveText("0.74 BDT (your cost 73.26 BDT)");

  await page.reload();
  await expect(page.getByTestId("status-card").getByRole("heading", { level: 2 })).toHaveText("Recharge successful");
  await expect(page.getByTestId("status-card")).toContainText("01712345640");
  await page.getByTestId("status-card").getByRole("link", { name: "Receipt" }).click();
  await expect(page).toHaveURL(/\/retail\/receipt\/rch_/);
  await expect(page.getByTestId("receipt-pack")).toHaveText("60 minutes any network, 7 days");
  await expect(page.getByTestId("receipt-commission")).toHaveText("0.74 BDT");
  await expect(page.getByTestId("receipt-cost")).toHaveText("73.26 BDT");
  await shots(page, "counter-receipt");
  await page.goBack();
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId("status-card")).toContainText("01712345640");
  await page.getByRole("button", { name: "New recharge" }).click();
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByLabel("Mobile number")).toBeFocused();
  await page.goBack();
  await expect(page.getByTestId("status-card")).toContainText("01712345640");
  await page.goForward();
  await expect(page.getByLabel("Mobile number")).toBeVisible();

  // The number's last pack is remembered: offered again and marked in the plans.
  await page.getByLabel("Mobile number").fill("01712345640");
  await expect(page.getByTestId("last-order")).toContainText("Last time: 74 BDT · 60 minutes any network, 7 days on Grameenphone");
  await expect(page.getByTestId("last-plan")).toBeVisible();
  await page.getByRole("button", { name: "Same again" }).click();
  await expect(page.getByLabel(/^Amount/)).toHaveValue("74.00");
  await shots(page, "counter-last-pack");

  // Recharge again from Recent fills the form.
  await page.goto("/retail");
  await page.getByRole("link", { name: "Recharge 01712345640 again with 74.00" }).first().click();
  await expect(page.getByLabel("Mobile number")).toHaveValue("01712345640");
  await expect(page.getByLabel(/^Amount/)).toHaveValue("74");
  await expect(page.getByLabel("Operator")).toHaveValue("GP");
});

test("a low balance is said on the confirm screen, before Confirm, and Confirm is not offered", async ({ page, browser }) => {
  const { email, admin } = await newRetailer(browser, "Small Shop", "30.00");
  await admin.close();
  await signIn(page, email, "password-123");
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toContainText("30.00");
  await page.getByLabel("Mobile number").fill("01912345678");
  await expect(page.getByTestId("detected-operator")).toContainText("Banglalink");
  await page.getByLabel("Amount", { exact: true }).fill("50");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("low-balance")).toContainText("Not enough balance for this recharge.");
  await expect(page.getByTestId("low-balance")).toContainText("Available 30.00 BDT; this needs 50.00 BDT (short by 20.00 BDT).");
  await expect(page.getByRole("button", { name: "Recharge 50 BDT" })).toBeDisabled();
  await shots(page, "counter-low-balance");
});

test("on a phone: Tab goes from the number straight to the amount", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByLabel("Mobile number").fill("01812345678");
  await expect(page.getByTestId("detected-operator")).toContainText("Robi");
  await page.getByLabel("Mobile number").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Amount", { exact: true })).toBeFocused();
  await shot(page, "counter-tab-order-phone");
});
