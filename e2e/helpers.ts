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

export { zoneAwayFromMidnight } from "../test/clock";

export { expect };
