// Drives real adapters over real sockets against the simulators (no database needed): the outcome
// scripts 001–005, outages, timeouts, refused connections and idempotent re-submits.
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdapter } from "@/server/providers/registry";
import type { ProviderAdapter, ProviderStyle, SubmitRequest } from "@/server/providers/types";
import { dispatchSim, simProviderConfigs } from "@/server/sim";
import { startSimServer, type SimServer } from "@/server/sim/node-server";
import { SIM_CONTROL_HEADERS } from "@/test/engine";

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer();
});
afterAll(async () => {
  await server?.close();
});

function adapterFor(style: ProviderStyle, overrides: { timeoutMs?: number; baseUrl?: string; credentials?: Record<string, string> } = {}): ProviderAdapter {
  const config = simProviderConfigs(server.origin, 2_000).find((c) => c.style === style)!;
  return createAdapter({ ...config, ...overrides, credentials: overrides.credentials ?? config.credentials });
}

async function control(name: string, body?: Record<string, unknown>) {
  const res = await fetch(`${server.origin}/api/sim/providers/${name}`, {
    method: body ? "POST" : "GET",
    headers: SIM_CONTROL_HEADERS,
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { down: boolean; latency_ms: number; fail_rate: number; balance: string };
}

// Each style gets a different market so BD, IN and DTH all go through the wire.
const MARKET: Record<ProviderStyle, Omit<SubmitRequest, "orderId" | "target">> = {
  alpha: { operator: "GP", country: "BD", service: "mobile", amount: 2000n, currency: "BDT", accountType: "prepaid" },
  bravo: { operator: "JIO", country: "IN", service: "mobile", amount: 29900n, currency: "INR", accountType: "prepaid" },
  charlie: { operator: "TATAPLAY", country: "IN", service: "dth", amount: 15300n, currency: "INR", accountType: "prepaid" },
};

function order(style: ProviderStyle, suffix: string): SubmitRequest {
  const digits = String(randomBytes(3).readUIntBE(0, 3) % 100000).padStart(5, "0");
  return { ...MARKET[style], orderId: `rch_${randomBytes(8).toString("hex")}-1`, target: `017${digits}${suffix}` };
}

const STYLES: ProviderStyle[] = ["alpha", "bravo", "charlie"];

describe.each(STYLES)("%s", (style) => {
  const isAsync = style === "bravo";
  let adapter: ProviderAdapter;

  beforeEach(async () => {
    const res = await fetch(`${server.origin}/api/sim/providers/reset`, { method: "POST", headers: SIM_CONTROL_HEADERS });
    expect(res.status).toBe(200);
    adapter = adapterFor(style);
  });

  it("plain number succeeds (async: pending, then success on the first status check)", async () => {
    const req = order(style, "678");
    const { result, call } = await adapter.submit(req);
    expect(call).toMatchObject({ operation: "submit", httpStatus: isAsync ? 202 : 200 });
    if (isAsync) {
      expect(result.kind).toBe("pending");
      const ref = result.kind === "pending" ? result.providerRef : null;
      const status = await adapter.status({ orderId: req.orderId, providerRef: ref });
      expect(status.result).toMatchObject({ kind: "succeeded", providerRef: ref });
    } else {
      expect(result.kind).toBe("succeeded");
      if (result.kind === "succeeded") expect(result.operatorTransactionId).toBeTruthy();
    }
  });

  it("…001 fails definitively as an invalid number", async () => {
    const { result } = await adapter.submit(order(style, "001"));
    expect(result).toMatchObject({ kind: "failed", code: "invalid_number" });
  });

  it("…002 is pending, still pending on the 1st check, succeeded from the 2nd", async () => {
    const req = order(style, "002");
    const submitted = await adapter.submit(req);
    expect(submitted.result.kind).toBe("pending");
    const providerRef = submitted.result.kind === "pending" ? submitted.result.providerRef : null;
    expect((await adapter.status({ orderId: req.orderId, providerRef })).result.kind).toBe("pending");
    expect((await adapter.status({ orderId: req.orderId, providerRef })).result.kind).toBe("succeeded");
    expect((await adapter.status({ orderId: req.orderId, providerRef })).result.kind).toBe("succeeded");
  });

  it("…003 is pending, then failed on the 2nd check", async () => {
    const req = order(style, "003");
    expect((await adapter.submit(req)).result.kind).toBe("pending");
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("pending");
    expect((await adapter.status({ orderId: req.orderId })).result).toMatchObject({ kind: "failed", code: "rejected" });
  });

  it("…004 times out on submit (unknown) although performed; status then says succeeded", async () => {
    const impatient = adapterFor(style, { timeoutMs: 300 });
    const req = order(style, "004");
    const started = Date.now();
    const { result, call } = await impatient.submit(req);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.kind).toBe("unknown");
    expect(call.httpStatus).toBeNull();
    expect(call.error).toMatch(/timeout|aborted/i);
    // We never learnt their id: the status check goes by our reference.
    expect((await adapter.status({ orderId: req.orderId, providerRef: null })).result.kind).toBe("succeeded");
  });

  it("timeout_visible_after_ms: a submit that timed out is \"not found\" until the delay passes, then performed", async () => {
    await control(style, { timeout_visible_after_ms: 1_500 });
    const req = order(style, "004");
    expect((await adapterFor(style, { timeoutMs: 300 }).submit(req)).result.kind).toBe("unknown");
    expect((await adapter.status({ orderId: req.orderId })).result).toEqual({ kind: "not_found" });
    // A re-submit under the same id finds the order it already has: performed once.
    const seen = await fetch(`${server.origin}/api/sim/providers/${style}/orders?order_id=${req.orderId}`, { headers: SIM_CONTROL_HEADERS }).then((r) => r.json());
    expect(seen.orders).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("succeeded");
  });

  it("timeout_visible_after_ms: a client that hung up during the latency also sees the order late", async () => {
    await control(style, { timeout_visible_after_ms: 1_500, latency_ms: 600 });
    const req = order(style, "678");
    expect((await adapterFor(style, { timeoutMs: 200 }).submit(req)).result.kind).toBe("unknown");
    await control(style, { latency_ms: 0 });
    await new Promise((r) => setTimeout(r, 500)); // the simulator finishes its latency and takes the order
    expect((await adapter.status({ orderId: req.orderId })).result).toEqual({ kind: "not_found" });
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("succeeded");
  });

  it("…005 succeeds, then status checks report it reversed", async () => {
    const req = order(style, "005");
    const { result } = await adapter.submit(req);
    if (isAsync) {
      expect(result.kind).toBe("pending");
      expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("succeeded");
    } else {
      expect(result.kind).toBe("succeeded");
    }
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("reversed");
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("reversed");
  });

  it("re-submitting the same order id performs it once and returns the same order", async () => {
    const before = (await control(style)).balance;
    const req = order(style, "678");
    const first = await adapter.submit(req);
    const afterFirst = (await control(style)).balance;
    const second = await adapter.submit(req);
    expect(afterFirst).not.toBe(before);
    expect((await control(style)).balance).toBe(afterFirst);
    expect(first.result.kind).toBe(isAsync ? "pending" : "succeeded");
    expect(second.result).toEqual(first.result);
  });

  it("an order the provider never saw → not_found", async () => {
    expect((await adapter.status({ orderId: `rch_never_${style}-1` })).result).toEqual({ kind: "not_found" });
  });

  it("down → definite provider_down on submit; status and health can't tell", async () => {
    const req = order(style, "002");
    await adapter.submit(req);
    expect((await control(style, { down: true })).down).toBe(true);
    const { result } = await adapter.submit(order(style, "678"));
    expect(result).toMatchObject({ kind: "failed", code: "provider_down" });
    expect((await adapter.status({ orderId: req.orderId })).result.kind).toBe("unknown");
    expect((await adapter.health()).ok).toBe(false);
    await expect(adapter.balance()).rejects.toThrow(/balance unavailable/);
    await control(style, { down: false });
    expect((await adapter.health()).ok).toBe(true);
  });

  it("fail_rate 1 → every submit is rejected definitively", async () => {
    await control(style, { fail_rate: 1 });
    expect((await adapter.submit(order(style, "678"))).result).toMatchObject({ kind: "failed", code: "rejected" });
  });

  it("a float too small → provider_balance", async () => {
    await control(style, { balance: "0.01" });
    expect((await adapter.submit(order(style, "678"))).result).toMatchObject({ kind: "failed", code: "provider_balance" });
  });

  it("latency beyond the adapter's deadline → unknown", async () => {
    await control(style, { latency_ms: 800 });
    const { result } = await adapterFor(style, { timeoutMs: 300 }).submit(order(style, "678"));
    expect(result.kind).toBe("unknown");
  });

  it("wrong credentials → definite failure (nothing processed)", async () => {
    const creds: Record<string, string> = style === "alpha" ? { token: "nope" } : style === "bravo" ? { apiKey: "nope" } : { merchantId: "SIMCHARLIE", secret: "nope" };
    const { result } = await adapterFor(style, { credentials: creds }).submit(order(style, "678"));
    expect(result).toMatchObject({ kind: "failed", code: "provider_down" });
  });

  it("connection refused → definite failed on submit, unknown on status", async () => {
    const port = await closedPort();
    const dead = adapterFor(style, { baseUrl: `http://127.0.0.1:${port}/api/sim/${style}` });
    const { result, call } = await dead.submit(order(style, "678"));
    expect(result).toMatchObject({ kind: "failed", code: "provider_down" });
    expect(call.httpStatus).toBeNull();
    expect(call.error).toMatch(/ECONNREFUSED/);
    expect((await dead.status({ orderId: "rch_x-1" })).result.kind).toBe("unknown");
    expect((await dead.health()).ok).toBe(false);
  });

  it("plans, bills and balance", async () => {
    const { plans, call } = await adapter.plans(MARKET[style].operator);
    expect(call.operation).toBe("plans");
    expect(plans.length).toBeGreaterThan(2);
    expect(plans[0]).toMatchObject({ operator: MARKET[style].operator, amount: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect((await adapter.plans("NEWOP")).plans.map((p) => p.amount)).toEqual(["10.00", "20.00", "50.00", "100.00"]);

    const { bill } = await adapter.fetchBill("DESCO", "55501234");
    expect(bill).toMatchObject({ biller: "DESCO", account: "55501234", dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await adapter.fetchBill("DESCO", "55501234")).bill).toEqual(bill);
    expect((await adapter.fetchBill("DESCO", "12340000")).bill).toBeNull();

    expect(await adapter.balance()).toMatchObject({ currency: "USD", amount: expect.stringMatching(/^\d+\.\d{2}$/) });
  });
});

describe("call logs", () => {
  it("never carry credentials", async () => {
    const charlie = adapterFor("charlie");
    const { call } = await charlie.submit(order("charlie", "678"));
    expect(JSON.stringify(call)).not.toContain("sim-charlie-secret");
    const alpha = adapterFor("alpha");
    const logged = await alpha.submit(order("alpha", "678"));
    expect(JSON.stringify(logged.call)).not.toContain("sim-alpha-token");
    expect(logged.call.requestBody).toMatchObject({ amount: "20.00", currency: "BDT" });
  });
});

describe("dispatch", () => {
  it("routes chain requests to the chain simulator and leaves unknown simulators unhandled", async () => {
    // The chain simulator (server/sim/chain.ts) answers, here refusing an empty transfer.
    expect((await dispatchSim(new Request("http://x/api/sim/chain/transfers", { method: "POST", headers: SIM_CONTROL_HEADERS }), ["chain", "transfers"])).status).toBe(422);
    expect((await dispatchSim(new Request("http://x/api/sim/chain/nope", { headers: SIM_CONTROL_HEADERS }), ["chain", "nope"])).status).toBe(404);
    expect((await dispatchSim(new Request("http://x/api/sim/toString"), ["toString"])).status).toBe(404);
  });
  it("control validates input and answers current settings", async () => {
    const bad = await fetch(`${server.origin}/api/sim/providers/alpha`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify({ fail_rate: 2 }) });
    expect(bad.status).toBe(422);
    expect(await control("alpha", { latency_ms: 5 })).toMatchObject({ down: false, latency_ms: 5, fail_rate: 0 });
    await fetch(`${server.origin}/api/sim/providers/reset`, { method: "POST", headers: SIM_CONTROL_HEADERS });
    expect((await control("alpha")).latency_ms).toBe(0);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
