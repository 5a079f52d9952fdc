// Issue 11 item 5: the seed-compatible endpoint had no rate limit, read credentials from the query
// string, and let any number of requests hold a connection while waiting for an outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.API_RATE_LIMIT_PER_MINUTE = "3";
process.env.API_IP_RATE_LIMIT_PER_MINUTE = "5";
process.env.SEED_API_MAX_WAITING = "1";
process.env.SEED_API_WAIT_MS = "2500";
// One trusted proxy: the last X-Forwarded-For hop is the client, so each test can be its own address.
process.env.TRUSTED_PROXIES = "1";

const { POST } = await import("@/app/api/mobile-recharge/route");
const { seedRequestsWaiting } = await import("@/server/http/seed-mobile-recharge");
const { makeAccount } = await import("@/test/fixtures");
const { startEngine } = await import("@/test/engine");
type SimServer = Awaited<ReturnType<typeof startEngine>>;

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine();
});
afterAll(() => sim?.close());

const seed = (ip: string, params: Record<string, string>, query = "") =>
  POST(
    new Request(`http://localhost/api/mobile-recharge${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body: new URLSearchParams(params),
    }),
  );

describe("seed endpoint limits", () => {
  it("refuses an address past its limit with the seed-style 429, before checking credentials", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await seed("192.0.2.1", { api_key: "rk_guess", api_secret: `rs_${i}`, phone: "01712345678", amount: "20", operator: "GP" })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await seed("192.0.2.1", {});
    expect(limited.status).toBe(429);
    const body = await limited.json();
    expect(body).toEqual({ error: "Too many requests.", retry_after_seconds: expect.any(Number) });
    expect(Number(limited.headers.get("retry-after"))).toBe(body.retry_after_seconds);
  });

  it("refuses a key past its limit, whichever address it comes from", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // Invalid operator: answered without creating anything, but still a request on this key.
      const res = await seed(`192.0.2.${10 + i}`, { api_key: acct.api_key, api_secret: acct.api_secret, phone: "01712345678", amount: "20", operator: "XX" });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([422, 422, 422, 429]);
  });

  it("reads credentials from the body only, never the query string", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const query = `?${new URLSearchParams({ api_key: acct.api_key, api_secret: acct.api_secret })}`;
    const res = await seed("192.0.2.30", { phone: "01712345678", amount: "20", operator: "GP" }, query);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "Missing required parameters." });
  });

  it("lets only SEED_API_MAX_WAITING requests wait for an outcome; others answer Pending at once", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    // …002: pending at the provider, so the first request waits out its whole deadline.
    const first = seed("192.0.2.40", { api_key: acct.api_key, api_secret: acct.api_secret, phone: "01712340002", amount: "20", operator: "GP" }).then(async (r) => ({ at: Date.now(), body: await r.json() }));
    while (seedRequestsWaiting() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await seed("192.0.2.41", { api_key: acct.api_key, api_secret: acct.api_secret, phone: "01812340002", amount: "20", operator: "RB" });
    const secondAt = Date.now();
    expect(await second.json()).toMatchObject({ success: true, status: "Pending", transaction_id: expect.stringMatching(/^rch_/) });
    expect(seedRequestsWaiting()).toBe(1); // the first is still holding its connection
    const done = await first;
    expect(done.body).toMatchObject({ status: "Pending" });
    expect(done.at).toBeGreaterThan(secondAt);
    expect(seedRequestsWaiting()).toBe(0);
  });
});
