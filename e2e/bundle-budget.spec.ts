import { expect, type Page, test } from "@playwright/test";
import { DEMO, signIn } from "./helpers";

// Issue budget: no route ships more than 200 kB of JavaScript on first load (compressed, as sent):
// the scripts the server's HTML names, as Next counts "first load JS" (chunks loaded on demand later
// are not part of it).

const BUDGET = 200 * 1024;

const ROUTES: Record<string, string[]> = {
  none: ["/", "/signin", "/docs/api"],
  retailer: ["/retail", "/retail/bills", "/retail/bulk", "/retail/history", "/retail/complaints", "/retail/account"],
  merchant: ["/merchant", "/merchant/transactions", "/merchant/keys", "/merchant/webhooks", "/merchant/retailers", "/merchant/account"],
  admin: ["/admin", "/admin/accounts", "/admin/recharges", "/admin/complaints", "/admin/providers", "/admin/catalog", "/admin/catalog/commissions", "/admin/rewards", "/admin/audit", "/admin/account"],
};

async function firstLoadJs(page: Page, path: string) {
  // A fresh page per route, so nothing is reused from an earlier navigation.
  const fresh = await page.context().newPage();
  const response = await fresh.goto(path, { waitUntil: "networkidle" });
  const html = (await response?.text()) ?? "";
  const initial = [...html.matchAll(/<script[^>]+src="([^"]+\.js[^"]*)"/g)].map((m) => new URL(m[1], fresh.url()).href);
  expect(initial.length, `${path} names no scripts`).toBeGreaterThan(0);
  const bytes = await fresh.evaluate(
    (urls) =>
      performance
        .getEntriesByType("resource")
        .filter((e) => urls.includes(e.name))
        .reduce((sum, e) => sum + ((e as PerformanceResourceTiming).encodedBodySize || 0), 0),
    initial,
  );
  await fresh.close();
  return bytes;
}

for (const [role, routes] of Object.entries(ROUTES)) {
  test(`first-load JS stays under 200 kB (${role})`, async ({ page }) => {
    if (role !== "none") await signIn(page, DEMO[role as keyof typeof DEMO]);
    if (role !== "none") await expect(page).not.toHaveURL(/signin/);
    for (const path of routes) {
      const bytes = await firstLoadJs(page, path);
      test.info().annotations.push({ type: "first-load-js", description: `${path}: ${(bytes / 1024).toFixed(1)} kB` });
      expect(bytes, `${path} loads ${(bytes / 1024).toFixed(1)} kB of JS`).toBeGreaterThan(0);
      expect(bytes, `${path} loads ${(bytes / 1024).toFixed(1)} kB of JS`).toBeLessThan(BUDGET);
    }
  });
}
