import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import { basic, cli, newMerchant, stateOf } from "./api-helpers";

test.describe.configure({ mode: "serial" });

/** Every route under app/api/v1, as an OpenAPI path (`[id]` → `{id}`). */
function v1Routes(dir = "app/api/v1", prefix = "/api/v1"): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...v1Routes(full, `${prefix}/${name.replace(/^\[(\w+)\]$/, "{$1}")}`));
    else if (name === "route.ts") out.push(prefix);
  }
  return out;
}

test("the OpenAPI document is valid 3.1 and covers every route under app/api/v1", async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  const result = await new Validator().validate(doc);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  const routes = v1Routes();
  expect(routes.length).toBeGreaterThanOrEqual(9);
  for (const route of routes) expect(Object.keys(doc.paths), `${route} has no operation`).toContain(route);
});

test("the API docs page shows every operation with a curl example", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Refill API");
  for (const op of ["POST /api/v1/recharges", "GET /api/v1/recharges/{id}", "GET /api/v1/balance", "GET /api/v1/operators/detect"]) {
    await expect(page.getByText(op, { exact: true })).toBeVisible();
  }
  await expect(page.locator("pre", { hasText: "curl -u $REFILL_KEY:$REFILL_SECRET" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/docs-api.png", fullPage: false });
});

const M = newMerchant("500.00");

// Arbitrary JSON-ish values and strings, biased towards the shapes the API reads.
const scalar = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom("GP", "01712345678", "20.00", "-1", "1e309", "mobile", "bill", "dth", "prepaid", "", " ", "\u0000", "GP ST", "9".repeat(40)));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }));
const rechargeBody = fc.record(
  {
    reference: value,
    service: value,
    phone: value,
    account: value,
    biller: value,
    operator: value,
    amount: value,
    account_type: value,
    notify_url: value,
    validate_only: value,
    allow_duplicate: value,
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(rechargeBody, value, fc.string({ maxLength: 50 }));

test("fuzz: thousands of v1 bodies and query strings never cause a 5xx, and a 4xx changes nothing", async ({ request }) => {
  test.setTimeout(240_000);
  // Several keys of one account, so the per-key rate limit does not turn the fuzz into 429s.
  const keys = [M, ...Array.from({ length: 5 }, () => cli<{ api_key: string; api_secret: string }>("key", "create", "--account", M.account_id))];
  const headersFor = (i: number) => ({ authorization: basic(keys[i % keys.length].api_key, keys[i % keys.length].api_secret), "content-type": "application/json" });
  const endpoints = ["/api/v1/recharges", "/api/v1/numbers/validate", "/api/v1/bills/fetch"];
  const getters = ["/api/v1/recharges", "/api/v1/operators", "/api/v1/operators/detect", "/api/v1/plans", "/api/v1/balance", "/api/v1/recharges/"];
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...endpoints), anyBody, fc.boolean(), async (endpoint, body, rawString) => {
      runs += 1;
      const before = await stateOf(M.account_id);
      const text = JSON.stringify(body) ?? "null";
      const res = await request.post(endpoint, { headers: headersFor(runs), data: rawString ? text.slice(0, Math.max(1, text.length - 1)) : text });
      const status = res.status();
      expect(status, `POST ${endpoint} ${JSON.stringify(body)}`).toBeLessThan(500);
      if (status >= 400) {
        const err = await res.json();
        expect(err.error.code).toMatch(/^[a-z_]+$/);
        expect(await stateOf(M.account_id)).toEqual(before);
      }
    }),
    { numRuns: 1200 },
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...getters), fc.dictionary(fc.constantFrom("country", "service", "phone", "operator", "circle", "reference", "status", "from", "to", "cursor", "limit", "x"), fc.string({ maxLength: 30 }), { maxKeys: 4 }), fc.string({ maxLength: 20 }), async (getter, query, tail) => {
      runs += 1;
      const qs = new URLSearchParams(query).toString();
      const url = getter.endsWith("/") ? `${getter}${encodeURIComponent(tail) || "x"}` : `${getter}${qs ? `?${qs}` : ""}`;
      const before = await stateOf(M.account_id);
      const res = await request.get(url, { headers: headersFor(runs) });
      expect(res.status(), `GET ${url}`).toBeLessThan(500);
      if (res.status() >= 400) expect(await stateOf(M.account_id)).toEqual(before);
    }),
    { numRuns: 800 },
  );
  expect(runs).toBe(2000);
});
