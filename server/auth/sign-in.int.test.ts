import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { makeAccount } from "@/test/fixtures";
import { failureDelayMs, ipFailureLimit, passwordHashes, signInWithPassword } from "./sign-in";

// Each attempt runs argon2 (64 MiB, ~0.3 s of a core): generous timeouts for a shared, loaded machine.
describe("sign-in", { timeout: 180_000 }, () => {
  it("accepts the right password and refuses a wrong one with the same answer as an unknown email", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    expect(await signInWithPassword(db, { email: acct.email.toUpperCase(), password: "password-123", ip: "203.0.113.1" })).toMatchObject({ ok: true, user: { role: "merchant", accountId: acct.account_id } });
    expect(await signInWithPassword(db, { email: acct.email, password: "nope-nope", ip: "203.0.113.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, { email: "nobody@example.test", password: "x", ip: "203.0.113.1" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("cannot be used to lock the owner out: failures elsewhere slow the email down, the right password still works", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    // The attacker hammers the email from one address: refused past the limit there...
    for (let i = 0; i < env.SIGNIN_MAX_ATTEMPTS; i++) expect(await signInWithPassword(db, { email: acct.email, password: "wrong-pass", ip: "198.51.100.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "198.51.100.1" })).toMatchObject({ ok: false, reason: "rate_limited" });
    // ...and from more addresses, which only adds delay to the email's sign-ins.
    for (let i = 2; i < 4; i++) expect((await signInWithPassword(db, { email: acct.email, password: "wrong-pass", ip: `198.51.100.${i}` })).ok).toBe(false);
    // The owner, from their own address, signs in with the right password.
    const started = Date.now();
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "203.0.113.9" })).toMatchObject({ ok: true, user: { accountId: acct.account_id } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(failureDelayMs(env.SIGNIN_MAX_ATTEMPTS + 2, env.SIGNIN_MAX_ATTEMPTS) - 50);
  });

  it("bounds how many password hashes run at once, unknown emails included", async () => {
    const db = await getDb();
    const attempts = Array.from({ length: env.SIGNIN_MAX_CONCURRENT_HASHES * 3 }, (_, i) => signInWithPassword(db, { email: `nobody${i}@example.test`, password: "x", ip: `192.0.2.${100 + i}` }));
    expect((await Promise.all(attempts)).every((r) => !r.ok)).toBe(true);
    expect(passwordHashes.stats().peak).toBeLessThanOrEqual(env.SIGNIN_MAX_CONCURRENT_HASHES);
    expect(passwordHashes.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it("rate-limits failed attempts per IP across emails; successful sign-ins from that IP do not count", async () => {
    const acct = await makeAccount();
    const db = await getDb();
    const ip = "192.0.2.77";
    // An office signs in all day from one address: successes leave the budget for failures untouched.
    for (let i = 0; i < 3; i++) expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip })).toMatchObject({ ok: true });
    // The allowed failures run side by side (the hash limiter bounds them), then one more is refused...
    const allowed = await Promise.all(Array.from({ length: ipFailureLimit() }, (_, i) => signInWithPassword(db, { email: `spray${i}@example.test`, password: "x", ip })));
    expect(allowed.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(await signInWithPassword(db, { email: "spray-last@example.test", password: "x", ip })).toMatchObject({ ok: false, reason: "rate_limited" });
    // ...and so is everyone else at that address until the window ends (the right password included),
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip })).toMatchObject({ ok: false, reason: "rate_limited" });
    // while other addresses are untouched.
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "192.0.2.78" })).toMatchObject({ ok: true });
  });

  it("refuses a suspended account, and tells a merchant's retailer to contact its merchant", async () => {
    const acct = await makeAccount();
    const shop = await makeAccount({ type: "retailer", parentAccountId: acct.account_id });
    const db = await getDb();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, acct.account_id));
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, shop.account_id));
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip: "203.0.113.5" })).toEqual({ ok: false, reason: "suspended" });
    expect(await signInWithPassword(db, { email: shop.email, password: "password-123", ip: "203.0.113.5" })).toEqual({ ok: false, reason: "suspended_retailer" });
    // A wrong password says nothing of the account's state.
    expect(await signInWithPassword(db, { email: shop.email, password: "wrong-pass", ip: "203.0.113.5" })).toEqual({ ok: false, reason: "invalid" });
  });
});
