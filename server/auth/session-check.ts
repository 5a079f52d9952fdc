import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accounts, users } from "@/db/schema";

/**
 * Is a session token still backed by what it stands for? The user must exist with the same session
 * version (a password change ends every older session) and, for account users, the account must be
 * active. Checked on every request, so a suspension or a password change takes effect at once rather
 * than when the JWT expires. Tokens from before versions existed count as version 1.
 */
export async function sessionStillValid(db: Executor, token: { uid?: string; ver?: number }): Promise<boolean> {
  if (!token.uid) return false;
  const [row] = await db
    .select({ version: users.sessionVersion, accountStatus: accounts.status, accountId: users.accountId })
    .from(users)
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(eq(users.id, token.uid));
  if (!row || row.version !== (token.ver ?? 1)) return false;
  return row.accountId === null || row.accountStatus === "active";
}
