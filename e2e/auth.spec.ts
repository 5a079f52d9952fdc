import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

test.describe("signing in", () => {
  test("each demo role lands in its own area", async ({ page }) => {
    const expected = [
      { email: DEMO.admin, path: "/admin", heading: "Admin overview" },
      { email: DEMO.merchant, path: "/merchant", heading: "Merchant overview" },
      { email: DEMO.retailer, path: "/retail", heading: "Recharge" },
    ];
    for (const { email, path, heading } of expected) {
      await signIn(page, email);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect(page.getByTestId("signed-in-as")).toHaveText(email);
      if (path !== "/admin") await expect(page.getByTestId("balance-available")).toContainText("BDT");
      else await expect(page.getByTestId("ledger-status")).toHaveText("All invariants hold");
      await shot(page, `home-${path.slice(1)}`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/signin/);
    }
  });

  test("the funded demo wallets show their balances", async ({ page }) => {
    await signIn(page, DEMO.retailer);
    await expect(page.getByTestId("balance-available")).toHaveText(/2000\.00\s*BDT/);
  });

  test("a retailer opening /admin is refused", async ({ page }) => {
    await signIn(page, DEMO.retailer);
    await expect(page).toHaveURL(/\/retail$/);
    await page.goto("/admin");
    await expect(page.getByRole("alert").filter({ hasText: "Access denied" })).toBeVisible();
    await expect(page.getByText("Admin overview")).toHaveCount(0);
    await shot(page, "retailer-refused-admin");
    // tRPC refuses too, whatever the page shows.
    const response = await page.request.get("/api/trpc/admin.ledgerCheck");
    expect(response.status()).toBe(403);
  });

  test("a wrong password shows a clear message", async ({ page }) => {
    await signIn(page, DEMO.merchant, "not-the-password");
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
    await shot(page, "signin-wrong-password");
  });

  test("a signed-out visitor is sent to sign in", async ({ page }) => {
    await page.goto("/merchant");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmerchant|\/signin\?callbackUrl=\/merchant/);
  });
});
