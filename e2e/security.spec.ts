// Issue 11 against the real server (`npm start`'s server/start.mjs on the e2e database): a spoofed
// X-Forwarded-For against a key's allow-list, open-redirect payloads after sign-in, the security
// headers on pages and API answers with the pages still working, and what /api/health tells anyone.
import { basic, newMerchant, sql } from "./api-helpers";
import { DEMO, expect, shot, signIn } from "./helpers";
import { test } from "@playwright/test";

test("a stolen key with a spoofed X-Forwarded-For is still refused by the allow-list", async ({ request }) => {
  const m = newMerchant();
  await sql`UPDATE api_keys SET ip_allowlist = ARRAY['198.51.100.7/32'] WHERE api_key = ${m.api_key}`;
  const spoofed = await request.get("/api/v1/balance", { headers: { authorization: basic(m.api_key, m.api_secret), "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7", "x-refill-client-ip": "198.51.100.7" } });
  expect(spoofed.status()).toBe(403);
  expect((await spoofed.json()).error.code).toBe("forbidden");
  // From the address the socket really shows, the same key works.
  await sql`UPDATE api_keys SET ip_allowlist = ARRAY['127.0.0.1/32', '::1/128'] WHERE api_key = ${m.api_key}`;
  const real = await request.get("/api/v1/balance", { headers: { authorization: basic(m.api_key, m.api_secret), "x-forwarded-for": "198.51.100.7" } });
  expect(real.status()).toBe(200);
});

for (const payload of ["//evil.example", "/\\evil.example", "/%5Cevil.example", "https://evil.example/merchant"]) {
  test(`sign-in with callbackUrl=${payload} stays on this site`, async ({ page, baseURL }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(payload)}`);
    await page.getByLabel("Email").fill(DEMO.merchant);
    await page.getByLabel("Password").fill("refill-demo-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    // Wherever the payload leads after sign-in (the merchant area, or a path of ours such as
    // /%5Cevil.example), it is this site.
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}

test("security headers on pages and API answers, and the pages still work under the CSP", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy|Refused to/i.test(msg.text())) errors.push(msg.text());
  });
  for (const path of ["/signin", "/api/health", "/api/v1/operators"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
  await signIn(page, DEMO.retailer);
  await expect(page).toHaveURL(/\/retail/);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/docs/api");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await shot(page, "security-docs-under-csp");
  expect(errors).toEqual([]);
});

test("/api/health tells an anonymous caller up or down, no versions", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok" });
});

test("a suspended merchant's open session loses CSV export and the dashboard at once", async ({ page }) => {
  const m = newMerchant();
  await signIn(page, m.email, "password-123");
  await expect(page).toHaveURL(/\/merchant/);
  expect((await page.request.get("/merchant/transactions/export")).status()).toBe(200);
  await sql`UPDATE accounts SET status = 'suspended' WHERE id = ${m.account_id}`;
  expect((await page.request.get("/merchant/transactions/export")).status()).toBe(401);
  await page.goto("/merchant");
  await expect(page).toHaveURL(/\/signin/);
});
