// Issue 11 item 7: with SIMULATOR=on in production, anonymous simulator control used to be open.
// Production settings are applied before any product module loads (dynamic imports below).
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.APP_ENV = "production";
process.env.SIMULATOR = "on";
process.env.NEXTAUTH_SECRET = "n".repeat(40);
process.env.ENCRYPTION_KEY = "e".repeat(40);
process.env.SIM_CONTROL_TOKEN = "control-token-for-this-test";

const { POST, GET } = await import("@/app/api/sim/[...path]/route");
const { createAdminUser } = await import("@/server/accounts/accounts");
const { cliCtx, makeAccount } = await import("@/test/fixtures");
// Real users: a session only counts while its user (and account) still stand behind it.
const admin = await createAdminUser({ ctx: await cliCtx(), input: { email: `sim-admin-${Date.now()}@x.test`, password: "password-123" } });
const merchant = await makeAccount();
const { startSimServer } = await import("@/server/sim/node-server");
const server = await startSimServer();
afterAll(() => server.close());

const params = (path: string[]) => ({ params: Promise.resolve({ path }) });
const post = (headers: Record<string, string>) =>
  POST(new Request("http://localhost/api/sim/providers/alpha", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ down: true }) }), params(["providers", "alpha"]));
const session = (role: "admin" | "merchant") =>
  encode({ token: role === "admin" ? { uid: admin.user_id, role, accountId: null, ver: 1 } : { uid: merchant.user_id, role, accountId: merchant.account_id, ver: 1 }, secret: process.env.NEXTAUTH_SECRET! });
const isDown = async () => {
  const res = await GET(new Request("http://localhost/api/sim/providers/alpha", { headers: { authorization: "Bearer control-token-for-this-test" } }), params(["providers", "alpha"]));
  return ((await res.json()) as { down: boolean }).down;
};

describe("simulator control in production mode (SIMULATOR=on)", () => {
  beforeAll(async () => {
    await POST(new Request("http://localhost/api/sim/providers/reset", { method: "POST", headers: { authorization: "Bearer control-token-for-this-test" } }), params(["providers", "reset"]));
  });

  it("refuses anonymous control, a wrong token and a non-admin session, changing nothing", async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: "Bearer not-the-token" })).status).toBe(401);
    expect((await post({ cookie: `next-auth.session-token=${await session("merchant")}` })).status).toBe(401);
    // A forged session signed with the published development secret is not an admin here.
    const forged = await encode({ token: { uid: admin.user_id, role: "admin", accountId: null }, secret: "refill-development-secret-do-not-use-in-production" });
    expect((await post({ cookie: `next-auth.session-token=${forged}` })).status).toBe(401);
    expect(await isDown()).toBe(false);
  });

  it("accepts the control token and an admin session", async () => {
    expect((await post({ authorization: "Bearer control-token-for-this-test" })).status).toBe(200);
    expect(await isDown()).toBe(true);
    await POST(new Request("http://localhost/api/sim/providers/reset", { method: "POST", headers: { authorization: "Bearer control-token-for-this-test" } }), params(["providers", "reset"]));
    expect((await post({ cookie: `next-auth.session-token=${await session("admin")}` })).status).toBe(200);
    expect(await isDown()).toBe(true);
  });

  it("the standalone simulator server refuses anonymous control the same way", async () => {
    const anonymous = await fetch(`${server.origin}/api/sim/providers/bravo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ down: true }) });
    expect(anonymous.status).toBe(401);
    const reset = await fetch(`${server.origin}/api/sim/providers/reset`, { method: "POST" });
    expect(reset.status).toBe(401);
    // Every control surface: callback targets, injected differences, the witness, simulated payments.
    for (const [path, method] of [["providers/bravo/callbacks", "POST"], ["providers/alpha/differences", "POST"], ["providers/alpha/orders", "GET"], ["chain/transfers", "POST"]] as const) {
      const res = await fetch(`${server.origin}/api/sim/${path}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? JSON.stringify({ url: "http://127.0.0.1:1/x", address: "T", amount: "1" }) : undefined });
      expect(res.status, path).toBe(401);
    }
  });
});
