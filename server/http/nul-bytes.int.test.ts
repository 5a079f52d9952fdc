// Issue 11 item 10: NUL bytes (which Postgres refuses) used to surface as 500s. Every public route is
// called with them in its path, query and body, and must answer 4xx (422 where input is read),
// changing nothing; the dashboard's procedures refuse them as 422 too.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createCaller } from "@/server/trpc/root";
import { makeAccount } from "@/test/fixtures";

const NUL = "\u0000";
const root = path.resolve(import.meta.dirname, "../..");

/** Every route.ts under app/api (and the CSV export), as [url path, module path]. */
function routeFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) routeFiles(full, out);
    else if (name === "route.ts") out.push(full);
  }
  return out;
}

// Handled by libraries that never touch our database with request input, or dev-only sandboxes.
const SKIP = ["app/api/auth/[...nextauth]", "app/api/inngest", "app/api/trpc/[trpc]", "app/api/sim/[...path]", "app/merchant/transactions/export"];
const routes = routeFiles(path.join(root, "app/api"))
  .map((file) => path.relative(root, path.dirname(file)))
  .filter((dir) => !SKIP.includes(dir));

describe("NUL bytes on every route", async () => {
  const acct = await makeAccount({ credit: "100.00" });
  const auth = `Basic ${Buffer.from(`${acct.api_key}:${acct.api_secret}`).toString("base64")}`;

  it("finds the routes", () => expect(routes.length).toBeGreaterThanOrEqual(12));

  it.each(routes)("%s answers 4xx, never 500", async (dir) => {
    const mod = (await import(`@/${dir}/route`)) as Record<string, (req: Request, ctx?: unknown) => Promise<Response>>;
    const segments = dir.replace(/^app/, "").split("/");
    const params: Record<string, string> = {};
    const url = segments.map((s) => (s.startsWith("[") ? ((params[s.slice(1, -1)] = `x${NUL}y`), `x%00y`) : s)).join("/");
    const query = `?${new URLSearchParams({ reference: `R${NUL}`, phone: `017${NUL}`, operator: `G${NUL}P`, country: `B${NUL}D`, date: `2026${NUL}`, status: `p${NUL}`, cursor: `c${NUL}` })}`;
    const body = { reference: `R-${NUL}`, phone: `0171234567${NUL}8`, operator: "GP", amount: "20.00", biller: `D${NUL}ESCO`, account: `1${NUL}2`, notify_url: `https://x.test/${NUL}` };
    const ctx = { params: Promise.resolve(params) };
    for (const method of ["GET", "POST"] as const) {
      if (!mod[method]) continue;
      const requests = [
        new Request(`http://localhost${url}${query}`, { method, headers: { authorization: auth, "content-type": "application/json" }, body: method === "POST" ? JSON.stringify(body) : undefined }),
        // The seed endpoint reads forms; the credentials themselves carry the NUL here.
        ...(method === "POST"
          ? [new Request(`http://localhost${url}`, { method, headers: { authorization: `Basic ${Buffer.from(`rk_${NUL}:x`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ ...body, amount: "20", api_key: `rk${NUL}`, api_secret: `rs${NUL}` }) })]
          : []),
      ];
      for (const req of requests) {
        const res = await mod[method](req, ctx);
        expect(res.status, `${method} ${url}`).toBeLessThan(500);
        if (res.status === 422) {
          const text = await res.text();
          expect(text).not.toContain("invalid byte sequence");
        }
      }
    }
  });

  it("v1 answers 422 validation_failed naming the field", async () => {
    const { POST } = await import("@/app/api/v1/recharges/route");
    const res = await POST(new Request("http://localhost/api/v1/recharges", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify({ reference: `R-${NUL}`, phone: "01712345678", operator: "GP", amount: "20.00" }) }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed", details: { reference: "contains a NUL byte" } } });
    const { GET } = await import("@/app/api/v1/recharges/[id]/route");
    const one = await GET(new Request("http://localhost/api/v1/recharges/rch_%00", { headers: { authorization: auth } }), { params: Promise.resolve({ id: `rch_${NUL}` }) });
    expect(one.status).toBe(422);
  });

  it("dashboard procedures refuse NUL input with 422", async () => {
    const caller = createCaller({ session: { user: { id: acct.user_id, email: acct.email, name: "M", role: "merchant", accountId: acct.account_id }, expires: "" }, requestId: "r", db: await getDb() });
    await expect(caller.merchant.transaction({ id: `rch_${NUL}` })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(caller.merchant.webhooks.setUrl({ url: `https://x.test/${NUL}` })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });
});
