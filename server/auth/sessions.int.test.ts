// Issue 11 item 9: a JWT session outlived what it stood for (a suspended account kept CSV export and
// the dashboard until the token expired). Every request now re-checks the user behind the session.
import { eq } from "drizzle-orm";
import type { JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { accounts } from "@/db/schema";
import { createCtx } from "@/server/context";
import { createCaller } from "@/server/trpc/root";
import { makeAccount } from "@/test/fixtures";
import { authOptions } from "./options";
import { changePassword } from "./password";
import { signInWithPassword } from "./sign-in";

/** What next-auth does: the jwt callback at sign-in, then again on every request that reads the session. */
async function signedIn(email: string, password: string, ip: string): Promise<JWT> {
  const result = await signInWithPassword(await getDb(), { email, password, ip });
  if (!result.ok) throw new Error(result.reason);
  return authOptions.callbacks!.jwt!({ token: { email } as JWT, user: result.user as never, account: null, trigger: "signIn" } as never) as Promise<JWT>;
}
const onRequest = (token: JWT) => authOptions.callbacks!.jwt!({ token, account: null } as never);

// argon2 per sign-in and password change: generous timeouts for a shared, loaded machine.
describe("sessions stand for an active user", { timeout: 180_000 }, () => {
  it("a suspended account's session ends on its next request (no CSV export, no dashboard)", async () => {
    const acct = await makeAccount();
    const token = await signedIn(acct.email, "password-123", "203.0.113.20");
    await expect(onRequest(token)).resolves.toMatchObject({ uid: acct.user_id });
    await (await getDb()).update(accounts).set({ status: "suspended" }).where(eq(accounts.id, acct.account_id));
    await expect(onRequest(token)).rejects.toThrow(/no longer/);
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
});
