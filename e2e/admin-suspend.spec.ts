import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

test("an admin creates an account, suspends it with a reason, and its user is refused at sign-in", async ({ page }) => {
  const email = `suspend-${Date.now()}@e2e.test`;
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/admin/accounts");
  await page.getByRole("button", { name: "New account" }).click();
  const dialog = page.getByRole("dialog", { name: "New account" });
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog.getByText("Give the account a name.")).toBeVisible();
  await dialog.getByLabel("Name").fill("Shady Shop");
  await dialog.getByLabel("Sign-in email").fill(email);
  await dialog.getByLabel("Password").fill("password-123");
  await dialog.getByLabel("Opening credit (optional)").fill("50.00");
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("dialog", { name: "Account created" })).toBeVisible();
  await page.getByRole("link", { name: "Open account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shady Shop" })).toBeVisible();
  await expect(page.getByTestId("account-available")).toHaveText(/50\.00\s*BDT/);

  await page.getByRole("button", { name: "Suspend" }).click();
  const confirm = page.getByRole("dialog", { name: "Suspend Shady Shop?" });
  await confirm.getByRole("button", { name: "Suspend" }).click();
  await expect(confirm.getByText("Give a reason (at least 3 characters).")).toBeVisible();
  await confirm.getByLabel("Reason").fill("Chargebacks under review");
  await shot(page, "admin-suspend-dialog");
  await confirm.getByRole("button", { name: "Suspend" }).click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Shady Shop suspended" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "“Chargebacks under review”" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, email, "password-123");
  await expect(page.getByRole("alert").filter({ hasText: "This account is suspended. Contact support." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  await shot(page, "admin-suspended-user-refused");
});
