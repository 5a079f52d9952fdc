import { test } from "@playwright/test";
import { cli } from "./api-helpers";
import { DEMO, expect, shots, signIn } from "./helpers";

// Issue #11 item 9: every role changes its own password from "Account" in the header. The change signs
// the user out everywhere else (session version), keeps this browser signed in, and says both.

test("every role reaches the password form from the header, on a phone too", async ({ page }) => {
  for (const [email, home] of [[DEMO.admin, "/admin"], [DEMO.merchant, "/merchant"], [DEMO.retailer, "/retail"]] as const) {
    await signIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${home}$`));
    await page.getByRole("link", { name: "Account", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${home}/account$`));
    await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Change password" })).toBeVisible();
    await expect(page.getByLabel("Current password")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("link", { name: "Account", exact: true })).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("a password change keeps this browser signed in and signs the other out; the old password is refused, the new one works", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // A user of its own: the demo users' passwords belong to every other spec.
  const stamp = Date.now().toString(36);
  const email = `pw-${stamp}@e2e.test`;
  cli("account", "create", "--type", "retailer", "--name", `Password Shop ${stamp}`, "--email", email, "--password", "first-pass-1", "--currency", "BDT", "--credit", "10.00");
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await signIn(other, email, "first-pass-1");
  await expect(other).toHaveURL(/\/retail$/);
  await signIn(page, email, "first-pass-1");
  await expect(page).toHaveURL(/\/retail$/);
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByText("Changing your password signs you out on every other browser and device. You stay signed in here.")).toBeVisible();

  const current = page.getByLabel("Current password");
  const fresh = page.getByLabel("New password", { exact: true });
  const again = page.getByLabel("New password again");
  const change = page.getByRole("button", { name: "Change password" });
  // Each mistake is said next to its field.
  await change.click();
  await expect(page.locator("#currentPassword-error")).toHaveText("Enter your current password.");
  await current.fill("first-pass-1");
  await fresh.fill("short");
  await change.click();
  await expect(page.locator("#newPassword-error")).toHaveText("Password must have at least 8 characters.");
  await expect(fresh).toBeFocused();
  await fresh.fill("second-pass-2");
  await again.fill("second-pass-3");
  await change.click();
  await expect(page.locator("#confirmPassword-error")).toHaveText("The two new passwords do not match.");
  await shots(page, "account-password-mismatch", { keepToasts: true });

  // A wrong current password: the server says so next to it, and nothing changes anywhere.
  await current.fill("not-my-password");
  await again.fill("second-pass-2");
  await change.click();
  await expect(page.locator("#currentPassword-error")).toHaveText("The current password is wrong.");
  await expect(current).toBeFocused();
  await expect(page.getByTestId("password-changed")).toHaveCount(0);
  await shots(page, "account-password-wrong-current", { keepToasts: true });
  await other.reload();
  await expect(other).toHaveURL(/\/retail$/);
  await expect(other.getByTestId("balance-available")).toContainText("10.00");

  await current.fill("first-pass-1");
  await fresh.fill("second-pass-2");
  await again.fill("second-pass-2");
  await change.click();
  await expect(page.getByTestId("password-changed")).toHaveText(
    "Password changed. Every other browser and device where you were signed in has been signed out; you are still signed in here.",
  );
  await expect(current).toHaveValue("");
  await shots(page, "account-password-changed", { keepToasts: true });
  // This browser is still signed in...
  await page.goto("/retail");
  await expect(page).toHaveURL(/\/retail$/);
  await expect(page.getByTestId("balance-available")).toContainText("10.00");

  // ...the other one is out, and told why.
  await other.reload();
  await expect(other).toHaveURL(/\/signin/);
  await expect(other.getByTestId("session-ended")).toHaveText("Your password was changed, so you were signed out. Sign in with the new password.");
  await shots(other, "account-password-other-signed-out");
  await signIn(other, email, "first-pass-1");
  await expect(other.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(other).toHaveURL(/\/signin/);
  await signIn(other, email, "second-pass-2");
  await expect(other).toHaveURL(/\/retail$/);
  await expect(other.getByTestId("balance-available")).toContainText("10.00");
  await elsewhere.close();
});
