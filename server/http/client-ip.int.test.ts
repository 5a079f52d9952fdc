// The attack of issue 11 item 1: a caller with a stolen key writes the allow-listed address into
// X-Forwarded-For. A real HTTP server stamps requests exactly as server/start.mjs does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as balance } from "@/app/api/v1/balance/route";
import { POST as seedRecharge } from "@/app/api/mobile-recharge/route";
import { createApiKey } from "@/server/accounts/api-keys";
import { markSocketAddressKnown, stampClientIp } from "@/server/http/forwarded.mjs";
import { cliCtx, makeAccount } from "@/test/fixtures";

let server: Server;
let origin = "";
let trustedProxies = 0;

async function toRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = req.method === "GET" ? undefined : new Uint8Array(Buffer.concat(chunks));
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

beforeAll(async () => {
  markSocketAddressKnown();
  server = createServer(async (req, res) => {
    stampClientIp(req, trustedProxies);
    const request = await toRequest(req);
    const response = req.url?.startsWith("/api/mobile-recharge") ? await seedRecharge(request) : await balance(request);
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;

describe("client IP for the API key allow-list", () => {
  it("refuses a stolen key whose caller spoofs the allow-listed address in X-Forwarded-For", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const key = await createApiKey({ ctx: await cliCtx(), input: { accountId: acct.account_id, ipAllowlist: ["198.51.100.7/32"] } });
    const spoofed = await fetch(`${origin}/api/v1/balance`, { headers: { authorization: basic(key.api_key, key.api_secret), "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7", "x-refill-client-ip": "198.51.100.7" } });
    expect(spoofed.status).toBe(403);
    expect((await spoofed.json()).error.code).toBe("forbidden");
    // The seed endpoint checks the same allow-list the same way.
    const seed = await fetch(`${origin}/api/mobile-recharge`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.7" },
      body: new URLSearchParams({ api_key: key.api_key, api_secret: key.api_secret, phone: "01712345678", amount: "20", operator: "GP" }),
    });
    expect(seed.status).toBe(401);
  });

  it("admits the socket's real address, and behind a trusted proxy the hop it appended", async () => {
    const acct = await makeAccount({ credit: "100.00" });
    const local = await createApiKey({ ctx: await cliCtx(), input: { accountId: acct.account_id, ipAllowlist: ["127.0.0.1/32"] } });
    const direct = await fetch(`${origin}/api/v1/balance`, { headers: { authorization: basic(local.api_key, local.api_secret), "x-forwarded-for": "198.51.100.7" } });
    expect(direct.status).toBe(200);

    const office = await createApiKey({ ctx: await cliCtx(), input: { accountId: acct.account_id, ipAllowlist: ["192.0.2.10/32"] } });
    trustedProxies = 1;
    try {
      // Our proxy (the socket peer) appended 192.0.2.10; the client had written 198.51.100.7 itself.
      const proxied = await fetch(`${origin}/api/v1/balance`, { headers: { authorization: basic(office.api_key, office.api_secret), "x-forwarded-for": "198.51.100.7, 192.0.2.10" } });
      expect(proxied.status).toBe(200);
      const forged = await fetch(`${origin}/api/v1/balance`, { headers: { authorization: basic(office.api_key, office.api_secret), "x-forwarded-for": "192.0.2.10, 198.51.100.7" } });
      expect(forged.status).toBe(403);
    } finally {
      trustedProxies = 0;
    }
  });
});
