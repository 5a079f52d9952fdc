import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createApiKey, rotateApiKey } from "@/server/accounts/api-keys";
import { fundRetailer } from "@/server/accounts/wallet";
import { createCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { createRecharge } from "@/server/recharge/create";
import type { SimServer } from "@/server/sim/node-server";
import { ledgerClean, resetEngine, settleOrder, startEngine } from "@/test/engine";
import { zoneAwayFromMidnight } from "@/test/clock";
import { makeAccount } from "@/test/fixtures";
import { listApiKeys } from "./api-keys";
import { exportRechargesCsv } from "./export";
import { createRetailer, listRetailers } from "./retailers";
import { merchantOverview, safeTimeZone } from "./stats";

let sim: SimServer;
beforeAll(async () => {
  sim = await startEngine({ timeoutMs: 1500 });
});
afterAll(async () => sim.close());
beforeEach(async () => resetEngine(sim));
afterEach(async () => expect(await ledgerClean()).toEqual([]));

async function merchant(credit = "1000.00") {
  const acct = await makeAccount({ credit });
  const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
  return { acct, ctx };
}

let seq = 0;
async function settled(ctx: Awaited<ReturnType<typeof merchant>>["ctx"], phone: string, amount: string) {
  const result = await createRecharge({ ctx, input: { reference: `M-${++seq}-${Date.now()}`, phone, amount, allow_duplicate: true }, options: { channel: "api" } });
  if (result.kind !== "created") throw new Error(result.kind);
  await driveRecharge(await createCtx({ type: "system", name: "test" }), result.recharge.id);
  return settleOrder(result.recharge.id);
}

async function collect(gen: AsyncGenerator<string>) {
  let out = "";
  for await (const line of gen) out += line;
  return out;
}

describe("merchant dashboard verbs", () => {
  it("opens a retailer under the merchant, audit-logged as the merchant's user, and funds it", async () => {
    const { acct, ctx } = await merchant();
    const created = await createRetailer({ ctx, input: { name: "Corner Store", email: `corner-${Date.now()}@example.test`, password: "password-123" } });
    expect(created.api_key).toMatch(/^rk_/);
    const audit = await (await getDb()).select().from(auditLog).where(eq(auditLog.targetId, created.account_id));
    expect(audit.find((a) => a.action === "account.create")).toMatchObject({ actorType: "user", actorId: acct.user_id, details: expect.objectContaining({ type: "retailer", parent_account_id: acct.account_id }) });

    await fundRetailer({ ctx, input: { retailerAccountId: created.account_id, amount: "250.00", idempotencyKey: "fund-1" } });
    await fundRetailer({ ctx, input: { retailerAccountId: created.account_id, amount: "250.00", idempotencyKey: "fund-1" } });
    expect(await listRetailers({ ctx })).toEqual([expect.objectContaining({ id: created.account_id, name: "Corner Store", available: "250.00", held: "0.00", currency: "BDT" })]);

    // A retailer cannot open retailers, and another merchant does not see this one.
    const retailerCtx = await createCtx({ type: "user", userId: "usr_x", role: "retailer", accountId: created.account_id });
    await expect(createRetailer({ ctx: retailerCtx, input: { name: "X", email: `x-${Date.now()}@example.test`, password: "password-123" } })).rejects.toMatchObject({ code: "forbidden" });
    const other = await merchant();
    expect(await listRetailers({ ctx: other.ctx })).toEqual([]);
    await expect(createRetailer({ ctx, input: { name: "", email: "nope", password: "short" } })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("lists keys with their status, live ones first", async () => {
    const { ctx } = await merchant();
    const second = await createApiKey({ ctx, input: { name: "second" } });
    await rotateApiKey({ ctx, input: { apiKey: second.api_key, overlapSeconds: 3600 } });
    const keys = await listApiKeys({ ctx });
    expect(keys.map((k) => k.status)).toEqual(["active", "active", "expiring"]);
    expect(JSON.stringify(keys)).not.toContain("secret");
  });

  it("computes today's figures and the 14-day series, and exports a filter as CSV", async () => {
    const { ctx } = await merchant();
    await settled(ctx, "01712345678", "40.00");
    await settled(ctx, "01712345679", "60.00");
    await settled(ctx, "01712345001", "25.00");
    // "Today" is the zone's calendar day: use a zone whose midnight is not within minutes of now, so the
    // orders above and the figures below fall on the same local day whenever the suite runs.
    const timeZone = zoneAwayFromMidnight();
    const o = await merchantOverview({ ctx, input: { timeZone } });
    expect(o.time_zone).toBe(timeZone);
    expect(o.today).toMatchObject({ volume: "100.00", count: 3, succeeded: 2, failed: 1, pending: 0 });
    expect(o.today.success_rate).toBeCloseTo(2 / 3);
    expect(o.today.median_completion_seconds).toBeGreaterThanOrEqual(0);
    expect(o.days).toHaveLength(14);
    expect(o.days.at(-1)).toMatchObject({ volume: "100.00", succeeded: 2, failed: 1 });
    expect(o.balance).toMatchObject({ available: "901.00", held: "0.00" });
    expect(safeTimeZone("Mars/Olympus")).toBe("UTC");

    const all = (await collect(exportRechargesCsv(ctx, {}))).trim().split("\r\n");
    expect(all).toHaveLength(4);
    const failed = (await collect(exportRechargesCsv(ctx, { status: "failed" }))).trim().split("\r\n");
    expect(failed).toHaveLength(2);
    expect(failed[1]).toContain(',failed,mobile,GP,"=""01712345001""",,25.00,BDT,0.00,');
    // Item 3 of #15: a failed order shows its money back and costs nothing.
    expect(failed[1]).toMatch(/,25\.00,0\.00\r?$/);
    const other = await merchant();
    expect((await collect(exportRechargesCsv(other.ctx, {}))).trim().split("\r\n")).toHaveLength(1);
  });
});

