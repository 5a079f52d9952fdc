import { test } from "@playwright/test";
import { DEMO, expect, shot, signIn } from "./helpers";

// Screenshots of every admin page at desktop and phone widths, with its data loaded.
const PAGES: Array<{ path: string; name: string; heading: string | RegExp }> = [
  { path: "/admin", name: "overview", heading: "Admin overview" },
  { path: "/admin/accounts", name: "accounts", heading: "Accounts" },
  { path: "/admin/recharges", name: "recharges", heading: "Recharges" },
  { path: "/admin/complaints", name: "complaints", heading: "Complaints" },
  { path: "/admin/providers", name: "providers", heading: "Providers" },
  { path: "/admin/providers/alpha", name: "provider-detail", heading: "Provider alpha" },
  { path: "/admin/catalog", name: "catalog", heading: "Catalog" },
  { path: "/admin/catalog/commissions", name: "commissions", heading: "Catalog" },
  { path: "/admin/rewards", name: "rewards", heading: "Rewards" },
  { path: "/admin/audit", name: "audit", heading: "Audit log" },
];

for (const width of ["desktop", "phone"] as const) {
  test(`every admin page renders its data (${width})`, async ({ page }) => {
    test.setTimeout(90_000);
    if (width === "phone") await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin$/);
    for (const p of PAGES) {
      await page.goto(p.path);
      await expect(page.getByRole("heading", { level: 1, name: p.heading })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expect(page.getByRole("alert").filter({ hasText: /went wrong|Could not/ })).toHaveCount(0);
      if (width === "phone") await expect(page.getByRole("navigation", { name: "Admin sections" })).toBeVisible();
      await shot(page, `admin-${p.name}-${width}`);
    }
    // Detail pages reached by clicking through, as a person would.
    await page.goto("/admin/accounts");
    await page.getByTestId("account-row").first().getByRole("link").first().click();
    await expect(page.getByTestId("account-available")).toBeVisible();
    await page.waitForLoadState("networkidle");
    await shot(page, `admin-account-detail-${width}`);
    await page.goto("/admin/recharges");
    // The refund journeys run first and leave recharges; alone, this spec may find none.
    const first = page.getByTestId("recharge-row").first();
    await expect(first.or(page.getByText("No recharges match these filters."))).toBeVisible();
    if (await first.count()) {
      await first.getByRole("link").first().click();
      await expect(page.getByRole("heading", { level: 1, name: /^Recharge / })).toBeVisible();
      await page.waitForLoadState("networkidle");
      await shot(page, `admin-recharge-detail-${width}`);
    }
  });
}
