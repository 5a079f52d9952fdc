import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

const money = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

test("an admin credits and debits a wallet with a reason and sees the balance and the audit entries", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/accounts");
  await page.getByLabel("Search").fill(DEMO.merchant);
  await expect(page.getByTestId("account-row")).toHaveCount(1);
  await page.getByRole("link", { name: "Demo Merchant Ltd" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo Merchant Ltd" })).toBeVisible();
  const available = page.getByTestId("account-available");
  await expect(available).toContainText("BDT");
  const before = money(await available.textContent());

  await page.getByRole("button", { name: "Credit wallet" }).click();
  const dialog = page.getByRole("dialog", { name: "Credit wallet" });
  await dialog.getByLabel("Amount (BDT)").fill("100.00");
  await dialog.getByRole("button", { name: "Credit" }).click();
  // No reason, no credit.
  await expect(dialog.getByText("Give a reason (at least 3 characters).")).toBeVisible();
  await shot(page, "admin-wallet-credit-dialog");
  await dialog.getByLabel("Reason").fill("Bank transfer 42");
  await dialog.getByRole("button", { name: "Credit" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Credited 100.00 BDT" })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(available).toHaveText(new RegExp(`^${(before + 100).toFixed(2)}\\s*BDT$`));
  await expect(page.getByTestId("account-audit-entry").first()).toContainText("Credited wallet");
  await expect(page.getByTestId("account-audit-entry").first()).toContainText("“Bank transfer 42”");

  await page.getByRole("button", { name: "Debit wallet" }).click();
  const debit = page.getByRole("dialog", { name: "Debit wallet" });
  await debit.getByLabel("Amount (BDT)").fill("30.50");
  await debit.getByLabel("Reason").fill("Duplicate deposit reversed");
  await debit.getByRole("button", { name: "Debit" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Debited 30.50 BDT" })).toBeVisible();
  await expect(available).toHaveText(new RegExp(`^${(before + 69.5).toFixed(2)}\\s*BDT$`));

  // The audit log page shows it too, filtered by action.
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("wallet.debit");
  await expect(page.getByTestId("audit-row").first()).toContainText("Debited wallet");
  await expect(page.getByTestId("audit-row").first()).toContainText("30.50 BDT");
  await expect(page.getByTestId("audit-row").first()).toContainText(DEMO.admin);
});
