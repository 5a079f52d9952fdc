import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
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
