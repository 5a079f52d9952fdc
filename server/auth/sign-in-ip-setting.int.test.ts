// SIGNIN_IP_MAX_ATTEMPTS sets the per-address budget of failed sign-ins (issue 11 item 3): set low here,
// before any product module reads the configuration, so the setting itself is what is proven.
import { describe, expect, it } from "vitest";

process.env.SIGNIN_IP_MAX_ATTEMPTS = "3";
const { getDb } = await import("@/db/client");
const { makeAccount } = await import("@/test/fixtures");
const { ipFailureLimit, signInWithPassword } = await import("./sign-in");

describe("SIGNIN_IP_MAX_ATTEMPTS", { timeout: 180_000 }, () => {
  it("allows that many failures per address; successes from it cost nothing", async () => {
    expect(ipFailureLimit()).toBe(3);
    const acct = await makeAccount();
    const db = await getDb();
    const ip = "198.51.100.40";
    for (let i = 0; i < 4; i++) expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip })).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) expect(await signInWithPassword(db, { email: `guess${i}@example.test`, password: "x", ip })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, { email: "guess-more@example.test", password: "x", ip })).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await signInWithPassword(db, { email: acct.email, password: "password-123", ip })).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});
