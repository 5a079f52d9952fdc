// Issue 11 item 12: the rate limit is per key, so unlimited keys meant an unlimited rate; another
// tenant's key id answered 403 (confirming it exists) instead of 404; /api/health told anyone versions.
import { describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { getDb } from "@/db/client";
import { createCtx } from "@/server/context";
import { env } from "@/server/env.mjs";
import { createCaller } from "@/server/trpc/root";
import { makeAccount } from "@/test/fixtures";
import { createApiKey, revokeApiKey, rotateApiKey, updateApiKeyAllowlist } from "./api-keys";

const userCtx = (acct: { user_id: string; account_id: string }) => createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });

describe("API key limits and tenancy", () => {
  it("caps active keys per account; revoking one makes room; a rotation at the cap still works", async () => {
    const acct = await makeAccount();
    const ctx = await userCtx(acct);
    // makeAccount made one key already.
    for (let i = 1; i < env.API_KEYS_PER_ACCOUNT; i++) await createApiKey({ ctx, input: { name: `k${i}` } });
    await expect(createApiKey({ ctx, input: { name: "one too many" } })).rejects.toMatchObject({ code: "conflict", details: { limit: env.API_KEYS_PER_ACCOUNT } });
    const rotated = await rotateApiKey({ ctx, input: { apiKey: acct.api_key, overlapSeconds: 60 } });
    expect(rotated.api_key).toMatch(/^rk_/);
    await revokeApiKey({ ctx, input: { apiKey: rotated.api_key } });
    await expect(createApiKey({ ctx, input: { name: "room again" } })).resolves.toMatchObject({ api_key: expect.stringMatching(/^rk_/) });
  });

  it("concurrent creations cannot pass the cap together", async () => {
    const acct = await makeAccount();
    const ctx = await userCtx(acct);
    const results = await Promise.allSettled(Array.from({ length: env.API_KEYS_PER_ACCOUNT + 3 }, (_, i) => createApiKey({ ctx, input: { name: `c${i}` } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(env.API_KEYS_PER_ACCOUNT - 1);
  });

  it("another tenant's key answers not found, never forbidden, and is left untouched", async () => {
    const owner = await makeAccount();
    const other = await makeAccount();
    const ctx = await userCtx(other);
    await expect(revokeApiKey({ ctx, input: { apiKey: owner.api_key } })).rejects.toMatchObject({ code: "not_found" });
    await expect(rotateApiKey({ ctx, input: { apiKey: owner.api_key } })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateApiKeyAllowlist({ ctx, input: { apiKey: owner.api_key, ipAllowlist: ["10.0.0.1"] } })).rejects.toMatchObject({ code: "not_found" });
    const caller = createCaller({ session: { user: { id: other.user_id, email: other.email, name: "O", role: "merchant", accountId: other.account_id }, expires: "" }, requestId: "r", db: await getDb() });
    await expect(caller.merchant.apiKeys.revoke({ apiKey: owner.api_key })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Same answer as a key that does not exist at all.
    await expect(caller.merchant.apiKeys.revoke({ apiKey: "rk_doesnotexist" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("health tells an anonymous caller up or down, nothing more", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
