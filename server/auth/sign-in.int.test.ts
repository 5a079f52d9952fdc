import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { makeAccount } from "@/test/fixtures";
import { signInWithPassword } from "./sign-in";

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one with the same answer as an unknown email", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    expect(await signInWithPassword(db, { email: acct.email.toUpperCase(), password: "password-123", ip: "203.0.113.1" })).toMatchObject({ ok: true, user: { role: "merchant", accountId: acct.account_id } });
    expect(await signInWithPassword(db, { email: acct.email, password: "nope-nope", ip: "203.0.113.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, { email: "nobody@example.test", password: "x", ip: "203.0.113.1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("rate-limits attempts per email, even with the right password once over the limit", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    for (let i = 0; i < env.SIGNIN_MAX_ATTEMPTS; i++) {
      expect((await signInWithPassword(db, { email: acct.email, password: "wrong-pass", ip: `198.51.100.${i}` })).ok).toBe(false);
    }
    const limited = await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "198.51.100.99" });
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited", retryAfterSeconds: expect.any(Number) });
  });

  it("rate-limits attempts per IP across emails", async () => {
    const db = await getDb();
    const ip = "192.0.2.77";
    let last;
    for (let i = 0; i <= env.SIGNIN_MAX_ATTEMPTS * 5; i++) last = await signInWithPassword(db, { email: `spray${i}@example.test`, password: "x", ip });
    expect(last).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("refuses a suspended account", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, acct.account_id));
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "203.0.113.5" })).toEqual({ ok: false, reason: "suspended" });
  });
});
