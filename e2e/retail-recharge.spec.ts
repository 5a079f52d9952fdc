import { type Page, test } from "@playwright/test";
import { DEMO, expect, shot, shots, signIn } from "./helpers";

// A retailer at the counter: number → detected operator → plan → confirm → live status → receipt.

async function cents(page: Page) {
  const text = await page.getByTestId("balance-available").innerText();
  return Math.round(Number(/[\d.]+/.exec(text)![0]) * 100);
}
const money = (c: number) => (c / 100).toFixed(2);

test("a GP number: operator detected as you type, a plan chosen, success, balance down, printable receipt", async ({ page }) => {
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toContainText("BDT");
  const before = await cents(page);

  await page.getByLabel("Mobile number").pressSequentially("01312345678", { delay: 20 });
  const detected = page.getByTestId("detected-operator");
  await expect(detected).toContainText("Grameenphone");
  await expect(detected).toContainText("80% sure");
  await expect(page.getByLabel("Operator")).toHaveValue("GP");

  // Plans of the detected operator, narrowed by validity and price.
  await page.getByLabel("Validity").selectOption("month");
  await expect(page.getByTestId("plan")).toHaveCount(1);
  await page.getByLabel("Validity").selectOption("any");
  await page.getByLabel("Maximum price").fill("60");
  await expect(page.getByTestId("plan")).toHaveCount(2);
  await page.getByLabel("Maximum price").fill("");
  await page.getByTestId("plan").filter({ hasText: "20 GB internet" }).click();
  await expect(page.getByLabel(/^Amount/)).toHaveValue("299.00");
  await shots(page, "retail-recharge-form");

  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("confirm-phone")).toHaveText("01312345678");
  await shots(page, "retail-recharge-confirm");
  await page.getByRole("button", { name: "Recharge 299.00 BDT" }).click();

  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 20_000 });
  await expect(card.getByTestId("operator-txn")).toHaveText(/\w{6,}/);
  // 299.00 paid, 1% commission earned back.
  await expect(page.getByTestId("balance-available")).toHaveText(`${money(before - 29_900 + 299)} BDT`);
  await expect(page.getByTestId("toast-success").filter({ hasText: "Recharge successful" })).toBeVisible();
  await shots(page, "retail-recharge-success");

  await card.getByRole("link", { name: "Receipt" }).click();
  await expect(page).toHaveURL(/\/retail\/receipt\/rch_/);
  await expect(page.getByTestId("receipt-title")).toHaveText("Recharge successful");
  await expect(page.getByRole("article", { name: "Receipt" })).toContainText("01312345678");
  await expect(page.getByRole("article", { name: "Receipt" })).toContainText("Demo Retail Shop");
  await shots(page, "retail-receipt");
  // On paper: only the receipt, no app header or buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print receipt" })).toBeHidden();
  await expect(page.getByRole("article", { name: "Receipt" })).toBeVisible();
  await shot(page, "retail-receipt-print");
});

test("on a phone: a failure shows the friendly reason and keeps the money; a pending one ends in success", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toContainText("BDT");
  const before = await cents(page);

  await page.getByLabel("Mobile number").fill("01712345001");
  await expect(page.getByTestId("detected-operator")).toContainText("Grameenphone");
  await page.getByLabel(/^Amount/).fill("5");
  await page.getByRole("button", { name: "Continue" }).click();
  // Checked before anything is sent: GP's minimum is 10.
  await expect(page.locator("#amount-error")).toHaveText("Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals).");
  await page.getByLabel(/^Amount/).fill("25");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Recharge 25 BDT" }).click();
  const card = page.getByTestId("status-card");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge failed", { timeout: 20_000 });
  await expect(card.getByTestId("failure-reason")).toHaveText("Please check the number and try again.");
  await expect(page.getByTestId("balance-available")).toHaveText(`${money(before)} BDT`);
  await shot(page, "retail-recharge-failed-phone");

  await card.getByRole("button", { name: "New recharge" }).click();
  await page.getByLabel("Mobile number").fill("01712345002");
  await expect(page.getByTestId("detected-operator")).toContainText("Grameenphone");
  await page.getByLabel(/^Amount/).fill("30");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Recharge 30 BDT" }).click();
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge in progress…");
  await expect(card.getByText("Pending")).toBeVisible();
  await shot(page, "retail-recharge-pending-phone");
  await expect(card.getByRole("heading", { level: 2 })).toHaveText("Recharge successful", { timeout: 30_000 });
  await expect(page.getByTestId("balance-available")).toHaveText(`${money(before - 3000 + 30)} BDT`);
});
