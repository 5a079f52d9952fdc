import { test } from "@playwright/test";
import { sql } from "./api-helpers";
import { DEMO, expect, shots, signIn } from "./helpers";

// Issue #15 item 5: a provider whose circuit opened is probed on its cool-down and closes by itself
// once it answers again; the page says what the circuit is doing, not what it did.

test("an open circuit closes by itself on its cool-down once the provider answers, with no order sent", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.admin);
  await expect(page).toHaveURL(/\/admin$/);
  // The circuit as repeated failures leave it: open, its probe due in 20 seconds.
  await sql`INSERT INTO provider_breakers (provider, state, consecutive_failures, opened_at, probe_at, updated_at)
            VALUES ('bravo', 'open', 5, now(), now() + interval '20 seconds', now())
            ON CONFLICT (provider) DO UPDATE SET state = 'open', consecutive_failures = 5, opened_at = now(), probe_at = now() + interval '20 seconds', updated_at = now()`;
  const [{ n: ordersBefore }] = await sql`SELECT count(*)::int AS n FROM provider_calls WHERE provider = 'bravo' AND operation = 'submit'`;

  await page.goto("/admin/providers");
  const card = page.getByTestId("provider-bravo");
  await expect(card.getByTestId("breaker-bravo")).toHaveText(/^Open · next probe in /);
  await expect(card.getByTestId("health-bravo")).toHaveText("Down");
  await shots(page, "admin-breaker-open", { keepToasts: true });

  // No order is needed: the sweeper probes the health endpoint once the cool-down is over.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("breaker-bravo")).toHaveText("Closed", { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(card.getByTestId("health-bravo")).toHaveText("Healthy");
  await expect(card).toContainText(/Last health check\s*OK/);
  const [{ n: ordersAfter }] = await sql`SELECT count(*)::int AS n FROM provider_calls WHERE provider = 'bravo' AND operation = 'submit'`;
  expect(ordersAfter).toBe(ordersBefore);
  await shots(page, "admin-breaker-closed", { keepToasts: true });
});
