// Issue 11 item 9: a JWT session outlived what it stood for (a suspended account kept CSV export and
// the dashboard until the token expired). Every request now re-checks the user behind the session.
import { eq } from "drizzle-orm";
import { type JWT, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts } from "@/db/schema";
import { createCtx } from "@/server/context";
import { createCaller } from "@/server/trpc/root";
import { env } from "@/server/env.mjs";
import { setAccountStatus } from "@/server/admin/accounts";
import { resetRetailerPassword } from "@/server/merchant/retailers";
import { makeAccount } from "@/test/fixtures";
import { authOptions } from "./options";
import { changePassword } from "./password";
import { whySessionEnded } from "./request-session";
import { signInWithPassword } from "./sign-in";

/** What next-auth does: the jwt callback at sign-in, then again on every request that reads the session. */
async function signedIn(email: string, password: string, ip: string): Promise<JWT> {
  const result = await signInWithPassword(await getDb(), { email, password, ip });
  if (!result.ok) throw new Error(result.reason);
  return authOptions.callbacks!.jwt!({ token: { email } as JWT, user: result.user as never, account: null, trigger: "signIn" } as never) as Promise<JWT>;
}
const onRequest = (token: JWT) => authOptions.callbacks!.jwt!({ token, account: null } as never);
/** The browser's Cookie header carrying that session, as next-auth sets it. */
const cookieOf = async (token: JWT) => `other=1; next-auth.session-token=${await encode({ token, secret: env.NEXTAUTH_SECRET, maxAge: 3600 })}`;

// argon2 per sign-in and password change: generous timeouts for a shared, loaded machine.
describe("sessions stand for an active user", { timeout: 180_000 }, () => {
  it("a suspended account's session ends on its next request (no CSV export, no dashboard)", async () => {
    const acct = await makeAccount();
    const token = await signedIn(acct.email, "password-123", "203.0.113.20");
    await expect(onRequest(token)).resolves.toMatchObject({ uid: acct.user_id });
    await (await getDb()).update(accounts).set({ status: "suspended" }).where(eq(accounts.id, acct.account_id));
    await expect(onRequest(token)).rejects.toThrow(/no longer/);
  });

  it("a suspension ends sessions for good: reactivating the account does not bring an old session back", async () => {
    const acct = await makeAccount();
    const token = await signedIn(acct.email, "password-123", "203.0.113.26");
    await expect(onRequest(token)).resolves.toMatchObject({ uid: acct.user_id });
    const admin = await createCtx({ type: "cli" });
    await setAccountStatus({ ctx: admin, input: { accountId: acct.account_id, status: "suspended", reason: "Chargeback under review" } });
    await expect(onRequest(token)).rejects.toThrow(/no longer/);
    expect(await whySessionEnded(await cookieOf(token))).toBe("suspended");
    await setAccountStatus({ ctx: admin, input: { accountId: acct.account_id, status: "active", reason: "Review cleared" } });
    await expect(onRequest(token)).rejects.toThrow(/no longer/);
    // Not "your password was changed": it was not.
    expect(await whySessionEnded(await cookieOf(token))).toBe("ended");
    const again = await signedIn(acct.email, "password-123", "203.0.113.26");
    await expect(onRequest(again)).resolves.toMatchObject({ uid: acct.user_id });
  });

  it("changing the password signs out everywhere; the new password works, the old one does not", async () => {
    const acct = await makeAccount();
    const laptop = await signedIn(acct.email, "password-123", "203.0.113.21");
    const phone = await signedIn(acct.email, "password-123", "203.0.113.22");
    const ctx = await createCtx({ type: "user", userId: acct.user_id, role: "merchant", accountId: acct.account_id });
    await expect(changePassword({ ctx, input: { currentPassword: "wrong-one", newPassword: "new-password-456" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(onRequest(laptop)).resolves.toBeTruthy(); // a wrong current password changes nothing
    await expect(changePassword({ ctx, input: { currentPassword: "password-123", newPassword: "new-password-456" } })).resolves.toMatchObject({ signedOutEverywhere: true });
    await expect(onRequest(laptop)).rejects.toThrow();
    await expect(onRequest(phone)).rejects.toThrow();
    expect(await signInWithPassword(await getDb(), { email: acct.email, password: "password-123", ip: "203.0.113.23" })).toMatchObject({ ok: false, reason: "invalid" });
    const fresh = await signedIn(acct.email, "new-password-456", "203.0.113.23");
    await expect(onRequest(fresh)).resolves.toMatchObject({ uid: acct.user_id });
  });

  it("the dashboard offers the change to every signed-in user", async () => {
    const acct = await makeAccount({ type: "retailer" });
    const caller = createCaller({ session: { user: { id: acct.user_id, email: acct.email, name: "R", role: "retailer", accountId: acct.account_id }, expires: "" }, requestId: "r", db: await getDb() });
    await expect(caller.me.changePassword({ currentPassword: "password-123", newPassword: "another-pass-789" })).resolves.toMatchObject({ signedOutEverywhere: true });
    await expect(caller.me.changePassword({ currentPassword: "x", newPassword: "short" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
  });

  it("a merchant resetting its retailer's password ends the retailer's open sessions, not the merchant's", async () => {
    const merchant = await makeAccount();
    const shop = await makeAccount({ type: "retailer", parentAccountId: merchant.account_id });
    const counter = await signedIn(shop.email, "password-123", "203.0.113.30");
    const office = await signedIn(merchant.email, "password-123", "203.0.113.31");
    const ctx = await createCtx({ type: "user", userId: merchant.user_id, role: "merchant", accountId: merchant.account_id });
    await expect(onRequest(counter)).resolves.toMatchObject({ uid: shop.user_id });
    await resetRetailerPassword({ ctx, input: { retailerAccountId: shop.account_id, password: "reset-pass-321" } });
    await expect(onRequest(counter)).rejects.toThrow(/no longer/);
    expect(await whySessionEnded(await cookieOf(counter))).toBe("password_changed");
    await expect(onRequest(office)).resolves.toMatchObject({ uid: merchant.user_id });
    const fresh = await signedIn(shop.email, "reset-pass-321", "203.0.113.30");
    await expect(onRequest(fresh)).resolves.toMatchObject({ uid: shop.user_id });
  });

  it("an ended session says why: on the sign-in page (from its cookie) and on every dashboard call", async () => {
    const merchant = await makeAccount();
    const shop = await makeAccount({ type: "retailer", parentAccountId: merchant.account_id });
    const token = await signedIn(shop.email, "password-123", "203.0.113.40");
    const standalone = await makeAccount();
    const other = await signedIn(standalone.email, "password-123", "203.0.113.41");
    expect(await whySessionEnded(await cookieOf(token))).toBeNull(); // still standing
    expect(await whySessionEnded("other=1")).toBeNull(); // never signed in
    expect(await whySessionEnded(`next-auth.session-token=${"x".repeat(40)}`)).toBeNull(); // not ours
    const db = await getDb();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, shop.account_id));
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, standalone.account_id));
    expect(await whySessionEnded(await cookieOf(token))).toBe("suspended_retailer");
    expect(await whySessionEnded(await cookieOf(other))).toBe("suspended");
    // The tRPC context carries the reason of a refused session; every procedure then answers with it.
    const caller = createCaller({ session: null, sessionEnded: "suspended_retailer", requestId: "r", db });
    await expect(caller.me.whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "This account is suspended. Contact your merchant." });
    await expect(createCaller({ session: null, requestId: "r", db }).me.whoami()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Sign in first." });
  });
});
