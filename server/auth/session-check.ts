import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accounts, users } from "@/db/schema";

/** Why a session no longer stands: said on the sign-in page and by the dashboard's calls. */
export type SessionEnd = "suspended" | "suspended_retailer" | "password_changed" | "ended";

export const SESSION_ENDED: Record<SessionEnd, string> = {
  suspended: "This account is suspended. Contact support.",
  // A merchant's retailer deals with its merchant, not with us.
  suspended_retailer: "This account is suspended. Contact your merchant.",
  password_changed: "Your password was changed, so you were signed out. Sign in with the new password.",
  ended: "Your session has ended. Sign in again.",
};

/**
 * Is a session token still backed by what it stands for, and if not, why? The user must exist with
 * the same session version (a password change or reset ends every older session) and, for account
 * users, the account must be active. Checked on every request, so a suspension or a password change
 * takes effect at once rather than when the JWT expires. Tokens from before versions existed count as
 * version 1.
 */
export async function sessionStanding(db: Executor, token: { uid?: string; ver?: number }): Promise<"active" | SessionEnd> {
  if (!token.uid) return "ended";
  const [row] = await db
    .select({ version: users.sessionVersion, endedBy: users.sessionsEndedBy, accountStatus: accounts.status, accountId: users.accountId, parentAccountId: accounts.parentAccountId })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.id, token.uid));
  if (!row) return "ended";
  if (row.accountId !== null && row.accountStatus !== "active") return row.parentAccountId ? "suspended_retailer" : "suspended";
  if (row.version === (token.ver ?? 1)) return "active";
  return row.endedBy === "password_changed" ? "password_changed" : "ended";
}

export async function sessionStillValid(db: Executor, token: { uid?: string; ver?: number }): Promise<boolean> {
  return (await sessionStanding(db, token)) === "active";
}
