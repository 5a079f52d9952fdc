import { createHmac } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as callbackRoute } from "@/app/api/providers/[name]/callback/route";
import { getDb } from "@/db/client";
import { journals, providerCalls, rechargeEvents, recharges, wallets } from "@/db/schema";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import { signParams } from "@/server/providers/charlie/sign";
import { SIM_PROVIDERS } from "@/server/sim/catalog";
import type { SimServer } from "@/server/sim/node-server";
import { startAppServer } from "@/test/app-server";
import { SIM_CONTROL_HEADERS, ledgerClean, resetEngine, startEngine } from "@/test/engine";
import { makeAccount } from "@/test/fixtures";

let sim: SimServer;
let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 3000 });
  app = await startAppServer([{ pattern: /^\/api\/providers\/(?<name>[^/]+)\/callback$/, handler: callbackRoute as never }]);
});
afterAll(async () => {
  await sim.close();
  await app.close();
});
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

const secretOf = (name: string) => SIM_PROVIDERS.find((p) => p.name === name)!.credentials;

/** Only `provider` serves GP in this test, so the order goes there. */
async function only(provider: string) {
  await (await getDb()).execute(sql`UPDATE providers SET enabled = (name = ${provider}), updated_at = now()`);
}

async function callbacks(name: string, settings: Record<string, unknown>) {
  const res = await fetch(`${sim.origin}/api/sim/providers/${name}/callbacks`, { method: "POST", headers: SIM_CONTROL_HEADERS, body: JSON.stringify(settings) });
  expect(res.status).toBe(200);
  return (await res.json()) as { deliveries: Array<{ orderId: string; state: string; status: number | null }> };
}

const deliveries = async (name: string) => (await (await fetch(`${sim.origin}/api/sim/providers/${name}/callbacks`, { headers: SIM_CONTROL_HEADERS })).json()).deliveries as Array<{ orderId: string; state: string; status: number | null }>;

let seq = 0;
async function order(phone: string) {
  const acct = await makeAccount({ credit: "1000.00" });
  const ctx = await createCtx({ type: "api_key", keyId: "key_test", accountId: acct.account_id, role: "merchant" });
  const result = await createRecharge({ ctx, input: { reference: `CB-${++seq}-${Date.now()}`, phone, operator: "GP", amount: "20.00", allow_duplicate: true }, options: { channel: "api" } });
  if (result.kind !== "created") throw new Error("expected a new order");
  const step = await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return { acct, id: result.recharge.id, step };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    v = await fn();
  }
  return v;
}

const row = async (id: string) => (await (await getDb()).select().from(recharges).where(eq(recharges.id, id)))[0];
const statusOf = async (id: string) => (await row(id)).status;
const available = async (walletId: string) => (await (await getDb()).select().from(wallets).where(eq(wallets.id, walletId)))[0].available;
/** The events, without "pending" when a callback beat the submit's own answer (both are correct). */
const trail = async (id: string) => (await fullTrail(id)).filter((s) => s !== "pending");
const fullTrail = async (id: string) =>
  (await (await getDb()).select().from(rechargeEvents).where(eq(rechargeEvents.rechargeId, id)).orderBy(asc(rechargeEvents.createdAt), asc(rechargeEvents.id))).map((e) => e.toStatus);
const callbackLog = async (filter: ReturnType<typeof eq>) =>
  (await getDb()).select().from(providerCalls).where(and(eq(providerCalls.operation, "callback"), filter)).orderBy(asc(providerCalls.id));

function bravoSigned(body: object, secret = secretOf("bravo").callbackSecret, t = Math.floor(Date.now() / 1000)) {
  const text = JSON.stringify(body);
  return { body: text, headers: { "content-type": "application/json", "x-bravo-signature": `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${text}`).digest("hex")}` } };
}

const post = (name: string, req: { body: string; headers: Record<string, string> }) => fetch(`${app.origin}/api/providers/${name}/callback`, { method: "POST", ...req });

describe("provider callbacks finish pending orders without waiting for a status check", () => {
  it("bravo: a valid signed callback settles a pending order at once (no sweep runs)", async () => {
    await only("bravo");
    await callbacks("bravo", { url: `${app.origin}/api/providers/bravo/callback`, delay_ms: 1000, duplicate_rate: 0, reorder_rate: 0 });
    const { acct, id, step } = await order("01712345002");
    expect(step.status).toBe("pending");
    expect(await until(() => statusOf(id), (s) => s === "succeeded")).toBe("succeeded");
    expect(await fullTrail(id)).toEqual(["held", "submitting", "pending", "succeeded"]);
    expect(await available(acct.wallet_id)).toBe(98_020n);
    // Both callbacks (processing, then completed) were logged like any provider call.
    const log = await until(() => callbackLog(eq(providerCalls.rechargeId, id)), (l) => l.length === 2);
    expect(log.map((c) => [c.provider, c.outcome, c.httpStatus])).toEqual([
      ["bravo", "pending", 200],
      ["bravo", "succeeded", 200],
    ]);
  });

  it("charlie: a form-encoded callback signed with its MD5 rule settles the order", async () => {
    await only("charlie");
    await callbacks("charlie", { url: `${app.origin}/api/providers/charlie/callback`, delay_ms: 1000, duplicate_rate: 0, reorder_rate: 0 });
    const { acct, id, step } = await order("01712345003");
    expect(step.status).toBe("pending");
    expect(await until(() => statusOf(id), (s) => s === "failed")).toBe("failed");
    expect(await available(acct.wallet_id)).toBe(100_000n);
  });

  it("a later reversal callback reverses a succeeded order", async () => {
    await only("bravo");
    await callbacks("bravo", { url: `${app.origin}/api/providers/bravo/callback`, delay_ms: 400, duplicate_rate: 0, reorder_rate: 0 });
    const { acct, id } = await order("01712345005");
    expect(await until(() => statusOf(id), (s) => s === "reversed")).toBe("reversed");
    expect(await trail(id)).toEqual(["held", "submitting", "succeeded", "reversed"]);
    expect(await available(acct.wallet_id)).toBe(100_000n);
  });

  it("duplicates: every callback delivered twice, the order settles once", async () => {
    await only("bravo");
    await callbacks("bravo", { url: `${app.origin}/api/providers/bravo/callback`, delay_ms: 400, duplicate_rate: 1, reorder_rate: 0 });
    const { acct, id } = await order("01712345678");
    const sent = await until(() => deliveries("bravo"), (d) => d.filter((x) => x.orderId.startsWith(id)).length === 4);
    expect(sent.filter((x) => x.orderId.startsWith(id)).map((d) => [d.state, d.status])).toEqual([
      ["pending", 200],
      ["pending", 200],
      ["succeeded", 200],
      ["succeeded", 200],
    ]);
    expect(await statusOf(id)).toBe("succeeded");
    expect((await trail(id)).filter((s) => s === "succeeded")).toHaveLength(1);
    const captures = await (await getDb()).select().from(journals).where(eq(journals.idempotencyKey, `rch:${id}:capture`));
    expect(captures).toHaveLength(1);
    expect(await available(acct.wallet_id)).toBe(98_020n);
    const log = await callbackLog(eq(providerCalls.rechargeId, id));
    expect(log.map((c) => (c.response as { applied: boolean }).applied)).toEqual([false, false, true, false]);
  });

  it("out of order: the final state first, then a stale 'processing' that changes nothing", async () => {
    await only("bravo");
    await callbacks("bravo", { url: `${app.origin}/api/providers/bravo/callback`, delay_ms: 400, duplicate_rate: 0, reorder_rate: 1 });
    const { id } = await order("01712345002");
    await until(() => deliveries("bravo"), (d) => d.filter((x) => x.orderId.startsWith(id)).length === 2);
    expect((await deliveries("bravo")).filter((x) => x.orderId.startsWith(id)).map((d) => d.state)).toEqual(["succeeded", "pending"]);
    expect(await statusOf(id)).toBe("succeeded");
    expect(await trail(id)).toEqual(["held", "submitting", "succeeded"]);
  });

  it("out of order: a reversal that overtakes its success leaves the order failed with the money back", async () => {
    await only("bravo");
    await callbacks("bravo", { url: `${app.origin}/api/providers/bravo/callback`, delay_ms: 400, duplicate_rate: 0, reorder_rate: 1 });
    const { acct, id } = await order("01712345005");
    await until(() => deliveries("bravo"), (d) => d.filter((x) => x.orderId.startsWith(id)).length === 2);
    expect((await deliveries("bravo")).filter((x) => x.orderId.startsWith(id)).map((d) => d.state)).toEqual(["reversed", "succeeded"]);
    expect(await statusOf(id)).toBe("failed");
    expect(await trail(id)).toEqual(["held", "submitting", "failed"]);
    expect(await available(acct.wallet_id)).toBe(100_000n);
  });
});

describe("callbacks that must change nothing", () => {
  beforeEach(async () => {
    await only("bravo");
    await callbacks("bravo", { url: null });
  });

  it("bad, missing or stale signatures: 401, the order untouched, the attempt logged", async () => {
    const { id } = await order("01712345002");
    const pending = await row(id);
    expect(pending.status).toBe("pending");
    const body = { event: "order.updated", order: { id: pending.providerRef, client_ref: `${id}-1`, state: "completed", operator_reference: "GP123" } };
    const wrongKey = await post("bravo", bravoSigned(body, "not-the-secret"));
    expect(wrongKey.status).toBe(401);
    expect((await wrongKey.json()).error.code).toBe("unauthorized");
    expect((await post("bravo", { body: JSON.stringify(body), headers: { "content-type": "application/json" } })).status).toBe(401);
    expect((await post("bravo", bravoSigned(body, undefined, Math.floor(Date.now() / 1000) - 3600))).status).toBe(401);
    // A valid signature over another body does not carry over.
    const signed = bravoSigned(body);
    expect((await post("bravo", { ...signed, body: signed.body.replace("completed", "failed") })).status).toBe(401);
    const charlie = new URLSearchParams({ merchant: "SIMCHARLIE", orderid: `${id}-1`, result: "0", sysorderid: "CH1", opid: "X", timestamp: "20990101000000" });
    charlie.set("sign", "0".repeat(32));
    expect((await post("charlie", { body: charlie.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(401);

    const after = await row(id);
    expect(after.status).toBe("pending");
    expect(after.updatedAt).toEqual(pending.updatedAt);
    const rejected = await callbackLog(sql`${providerCalls.outcome} LIKE 'rejected:%'`);
    expect(rejected.map((c) => [c.provider, c.outcome, c.httpStatus])).toEqual([
      ["bravo", "rejected:bad_signature", 401],
      ["bravo", "rejected:bad_signature", 401],
      ["bravo", "rejected:stale", 401],
      ["bravo", "rejected:bad_signature", 401],
      ["charlie", "rejected:bad_signature", 401],
    ]);
    expect(JSON.stringify(rejected, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(secretOf("bravo").callbackSecret);
  });

  it("an unknown order (or one we sent elsewhere): 404, logged, nothing applied", async () => {
    const res = await post("bravo", bravoSigned({ event: "order.updated", order: { id: "BRV-1", client_ref: "rch_doesnotexist0000000-1", state: "completed", operator_reference: "GP1" } }));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");

    const { id } = await order("01712345002");
    const params: Record<string, string> = { merchant: "SIMCHARLIE", orderid: `${id}-1`, sysorderid: "CH1", result: "0", opid: "X1", timestamp: new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14) };
    params.sign = signParams(params, secretOf("charlie").secret);
    const elsewhere = await post("charlie", { body: new URLSearchParams(params).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(elsewhere.status).toBe(404);
    expect(await statusOf(id)).toBe("pending");
    const log = await callbackLog(eq(providerCalls.outcome, "unknown_order"));
    expect(log.map((c) => c.provider)).toEqual(["bravo", "charlie"]);
    // alpha pushes nothing: no callback endpoint.
    expect((await post("alpha", { body: "{}", headers: { "content-type": "application/json" } })).status).toBe(404);
  });
});
