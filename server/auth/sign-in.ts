import { verify } from "argon2";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { clearRateLimit, hitRateLimit } from "@/server/lib/rate-limit";
import type { Role } from "./permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role; accountId: string | null };

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "rate_limited" | "suspended"; retryAfterSeconds?: number };

// A hash to verify against when the email is unknown, so a miss costs the same time as a hit.
const DUMMY_HASH = "$argon2id$v=19$m=65536,p=4,t=3$iYcyZCkFNK0Cu6SMb3djGA$y3qs/W+8QxgCRkGH11uPyyxV2uWQv1yXZWHz/KUz/cc";

/** Checks an email and password, rate-limited per email and per client IP (in shared storage). */
export async function signInWithPassword(db: Executor, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const windowSeconds = env.SIGNIN_WINDOW_SECONDS;
  const max = env.SIGNIN_MAX_ATTEMPTS;
  const byEmail = await hitRateLimit(db, `signin:email:${email}`, max, windowSeconds);
  const byIp = await hitRateLimit(db, `signin:ip:${input.ip}`, max * 5, windowSeconds);
  if (!byEmail.allowed || !byIp.allowed) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(byEmail.allowed ? 0 : byEmail.retryAfterSeconds, byIp.allowed ? 0 : byIp.retryAfterSeconds) };
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verify(user?.passwordHash ?? DUMMY_HASH, input.password).catch(() => false);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  if (user.accountId) {
    const [account] = await db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, user.accountId));
    if (account?.status === "suspended") return { ok: false, reason: "suspended" };
  }
  await clearRateLimit(db, `signin:email:${email}`);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId } };
}
