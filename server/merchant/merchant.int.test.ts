import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts, apiKeys, auditLog, users } from "@/db/schema";
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
import { createRetailer, listRetailers, resetRetailerPassword, setRetailerStatus } from "./retailers";
import { getRecharge, listRecharges } from "@/server/recharge/manage";
import { verify } from "argon2";
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
    // Item 6 of #15: no API key is made for the retailer, so the merchant sees no secret of it.
    expect(created).toEqual({ account_id: expect.any(String), email: expect.any(String) });
    expect(await (await getDb()).select().from(apiKeys).where(eq(apiKeys.accountId, created.account_id))).toEqual([]);
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

  it("a merchant follows its retailers: their orders in its list and overview, funding with a note, suspend and reset password", async () => {
    const { ctx } = await merchant("1000.00");
    const shop = await createRetailer({ ctx, input: { name: "Kiosk 9", email: `kiosk-${Date.now()}@example.test`, password: "password-123" } });
    await fundRetailer({ ctx, input: { retailerAccountId: shop.account_id, amount: "300.00", note: "cash 12 May", idempotencyKey: "fund-note-1" } });
    const [fundAudit] = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.targetId, shop.account_id), eq(auditLog.action, "wallet.fund_retailer")));
    expect(fundAudit.details).toMatchObject({ amount: "300.00", currency: "BDT", retailer: "Kiosk 9", note: "cash 12 May" });
    const shopCtx = await createCtx({ type: "user", userId: "usr_shop", role: "retailer", accountId: shop.account_id });
    const own = await settled(ctx, "01712345678", "40.00");
    const theirs = await settled(shopCtx, "01712345679", "20.00");

    const everyone = await listRecharges(ctx, { scope: "" });
    expect(everyone.data.map((r) => r.id).sort()).toEqual([own.id, theirs.id].sort());
    expect((await listRecharges(ctx, { scope: "own" })).data.map((r) => r.id)).toEqual([own.id]);
    expect((await listRecharges(ctx, { scope: shop.account_id })).data.map((r) => r.id)).toEqual([theirs.id]);
    // The API (no scope) stays the account's own; a stranger's retailer is refused.
    expect((await listRecharges(ctx, {})).data.map((r) => r.id)).toEqual([own.id]);
    const other = await merchant();
    await expect(listRecharges(other.ctx, { scope: shop.account_id })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(getRecharge(other.ctx, theirs.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await getRecharge(ctx, theirs.id)).id).toBe(theirs.id);
    expect((await merchantOverview({ ctx, input: { timeZone: "UTC" } })).today).toMatchObject({ volume: "60.00", count: 2 });

    await setRetailerStatus({ ctx, input: { retailerAccountId: shop.account_id, status: "suspended", reason: "unpaid invoice" } });
    const db = await getDb();
    expect((await db.select().from(accounts).where(eq(accounts.id, shop.account_id)))[0].status).toBe("suspended");
    await expect(setRetailerStatus({ ctx: other.ctx, input: { retailerAccountId: shop.account_id, status: "active", reason: "mine now" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(setRetailerStatus({ ctx, input: { retailerAccountId: shop.account_id, status: "active", reason: "" } })).rejects.toMatchObject({ code: "validation_failed" });

    const before = (await db.select().from(users).where(eq(users.accountId, shop.account_id)))[0].passwordHash;
    await resetRetailerPassword({ ctx, input: { retailerAccountId: shop.account_id, password: "new-password-9" } });
    const after = (await db.select().from(users).where(eq(users.accountId, shop.account_id)))[0].passwordHash;
    expect(after).not.toBe(before);
    expect(await verify(after, "new-password-9")).toBe(true);
    await expect(resetRetailerPassword({ ctx: other.ctx, input: { retailerAccountId: shop.account_id, password: "stolen-password" } })).rejects.toMatchObject({ code: "not_found" });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, shop.account_id))).map((a) => a.action).sort();
    expect(actions).toEqual(["account.create", "account.password_reset", "account.suspend", "wallet.fund_retailer"]);
  });
});

