import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "refill-demo-1";
export const DEMO = { admin: "admin@refill.test", merchant: "merchant@refill.test", retailer: "retailer@refill.test" } as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/**
 * The page at desktop and at phone width (390 × 844), then back. Toasts are dismissed first (the spec
 * has checked them by then; they would hide what the screenshot is for) unless `keepToasts`.
 */
export async function shots(page: Page, name: string, opts: { keepToasts?: boolean } = {}) {
  if (!opts.keepToasts) {
    await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>("button[aria-label=Dismiss]").forEach((b) => b.click()));
  }
  await shot(page, `${name}-desktop`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-phone`);
  if (size) await page.setViewportSize(size);
}

export { zoneAwayFromMidnight } from "../test/clock";

export { expect };
