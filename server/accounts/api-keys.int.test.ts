import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { apiKeys, auditLog } from "@/db/schema";
import { createCtx } from "@/server/context";
import { makeAccount } from "@/test/fixtures";
import { createApiKey, revokeApiKey, rotateApiKey, updateApiKeyAllowlist, verifyApiKey } from "./api-keys";

describe("API keys", () => {
  it("stores only a hash of the secret, and verifies the pair", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    expect(await verifyApiKey(db, acct.api_key!, acct.api_secret!)).toMatchObject({ accountId: acct.account_id });
    expect(await verifyApiKey(db, acct.api_key!, `${acct.api_secret!}x`)).toBeNull();
    const rows = await db.query.apiKeys.findMany();
    expect(JSON.stringify(rows)).not.toContain(acct.api_secret!);
  });

  it("revoke takes effect at once; rotate keeps the old key working through the overlap", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
    const extra = await createApiKey({ ctx, input: {} });
    await revokeApiKey({ ctx, input: { apiKey: extra.api_key } });
    expect(await verifyApiKey(db, extra.api_key, extra.api_secret)).toBeNull();
    const rotated = await rotateApiKey({ ctx, input: { apiKey: acct.api_key!, overlapSeconds: 3600 } });
    // A rotation is one audit entry that says so, naming both keys (issue #15 item 15): no create, no revoke.
    const entries = (await db.select().from(auditLog).where(eq(auditLog.requestId, ctx.requestId))).filter((e) => e.details.api_key === acct.api_key || e.details.api_key === rotated.api_key);
    expect(entries.map((e) => [e.action, e.details.api_key, e.details.new_api_key])).toEqual([["api_key.rotate", acct.api_key, rotated.api_key]]);
    expect(await verifyApiKey(db, rotated.api_key, rotated.api_secret)).not.toBeNull();
    expect(await verifyApiKey(db, acct.api_key!, acct.api_secret!)).not.toBeNull();
    const noOverlap = await rotateApiKey({ ctx, input: { apiKey: rotated.api_key, overlapSeconds: 0 } });
    expect(await verifyApiKey(db, rotated.api_key, rotated.api_secret)).toBeNull();
    expect(await verifyApiKey(db, noOverlap.api_key, noOverlap.api_secret)).not.toBeNull();
  });

  it("a rotated key is refused once its overlap ends, and the new key keeps working", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
    const rotated = await rotateApiKey({ ctx, input: { apiKey: acct.api_key, overlapSeconds: 3600 } });
    expect(await verifyApiKey(db, acct.api_key, acct.api_secret)).not.toBeNull();
    // An hour and a second pass (the database's clock decides, so move the key's end instead of waiting).
    await db.execute(sql`UPDATE api_keys SET revoked_at = revoked_at - interval '3601 seconds' WHERE api_key = ${acct.api_key}`);
    expect(await verifyApiKey(db, acct.api_key, acct.api_secret)).toBeNull();
    expect(await verifyApiKey(db, rotated.api_key, rotated.api_secret)).toMatchObject({ accountId: acct.account_id });
  });

  it("another account cannot revoke or fence my key; bad CIDRs are refused", async () => {
    const mine = await makeAccount();
    const theirs = await makeAccount();
    const them = await createCtx({ type: "user", userId: theirs.user_id, role: "merchant", accountId: theirs.account_id });
    await expect(revokeApiKey({ ctx: them, input: { apiKey: mine.api_key } })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateApiKeyAllowlist({ ctx: them, input: { apiKey: mine.api_key, ipAllowlist: ["10.0.0.0/8"] } })).rejects.toMatchObject({ code: "not_found" });
    const me = await createCtx({ type: "user", userId: mine.user_id, role: "merchant", accountId: mine.account_id });
    await expect(updateApiKeyAllowlist({ ctx: me, input: { apiKey: mine.api_key!, ipAllowlist: ["10.0.0.0/33"] } })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await verifyApiKey(await getDb(), mine.api_key!, mine.api_secret!)).not.toBeNull();
  });
});

// Issue 10: the key lookup also counts the request against the key's rate limit (one statement), but
// only a request that will be let in spends the budget.
describe("API key lookup with its rate limit", () => {
  const limit = { limit: 2, windowSeconds: 60 };
  const counted = async (keyId: string) => {
    const rows = await (await getDb()).execute(sql`SELECT count FROM rate_limits WHERE key = ${`api:${keyId}`}`);
    return rows.length ? Number((rows[0] as { count: number }).count) : 0;
  };

  it("counts each admitted request and refuses past the limit; a wrong secret spends nothing", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    expect(await verifyApiKey(db, acct.api_key, `${acct.api_secret}x`, { rateLimit: limit })).toBeNull();
    const first = await verifyApiKey(db, acct.api_key, acct.api_secret, { rateLimit: limit });
    expect(first).toMatchObject({ accountId: acct.account_id, account: { status: "active", currency: "BDT", walletId: acct.wallet_id }, rateLimit: { allowed: true, remaining: 1 } });
    expect(first!.configVersion).toEqual(expect.any(BigInt));
    expect((await verifyApiKey(db, acct.api_key, acct.api_secret, { rateLimit: limit }))?.rateLimit).toMatchObject({ allowed: true, remaining: 0 });
    const third = await verifyApiKey(db, acct.api_key, acct.api_secret, { rateLimit: limit });
    expect(third?.rateLimit).toMatchObject({ allowed: false, remaining: 0 });
    expect(third!.rateLimit!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await counted(first!.id)).toBe(3);
    // The last-used stamp is written by the same statement.
    const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, first!.id));
    expect(key.lastUsedAt).not.toBeNull();
  });

  it("a suspended account's key and a key with an IP allow-list are not counted by the lookup", async () => {
    const db = await getDb();
    const suspended = await makeAccount();
    await db.execute(sql`UPDATE accounts SET status = 'suspended' WHERE id = ${suspended.account_id}`);
    const s = await verifyApiKey(db, suspended.api_key, suspended.api_secret, { rateLimit: limit });
    expect(s).toMatchObject({ account: { status: "suspended" }, rateLimit: null });
    expect(await counted(s!.id)).toBe(0);

    // Its address is checked in code after the lookup; the caller counts it once allowed.
    const listed = await makeAccount();
    await db.execute(sql`UPDATE api_keys SET ip_allowlist = ARRAY['10.0.0.0/8'] WHERE api_key = ${listed.api_key}`);
    const l = await verifyApiKey(db, listed.api_key, listed.api_secret, { rateLimit: limit });
    expect(l).toMatchObject({ ipAllowlist: ["10.0.0.0/8"], rateLimit: null });
    expect(await counted(l!.id)).toBe(0);
  });
});
