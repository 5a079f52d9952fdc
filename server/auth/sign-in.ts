import { verify } from "argon2";
import { eq, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { LimiterBusy, createLimiter } from "@/server/lib/limiter";
import { clearRateLimit, hitRateLimit, refundRateLimit } from "@/server/lib/rate-limit";
import type { Role } from "./permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role; accountId: string | null; sessionVersion?: number };

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "rate_limited" | "suspended" | "suspended_retailer"; retryAfterSeconds?: number };

// A hash to verify against when the email is unknown, so a miss costs the same time as a hit.
const DUMMY_HASH = "$argon2id$v=19$m=65536,p=4,t=3$iYcyZCkFNK0Cu6SMb3djGA$y3qs/W+8QxgCRkGH11uPyyxV2uWQv1yXZWHz/KUz/cc";

// Each argon2 verification takes 64 MiB and a core for a while: bound how many run at once.
export const passwordHashes = createLimiter(env.SIGNIN_MAX_CONCURRENT_HASHES, env.SIGNIN_MAX_QUEUED_HASHES);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Extra wait once an email has seen more failures than allowed (from anywhere): doubles, capped. */
export function failureDelayMs(failures: number, max: number): number {
  return failures <= max ? 0 : Math.min(env.SIGNIN_MAX_DELAY_MS, 250 * 2 ** Math.min(failures - max - 1, 10));
}

/** Failed sign-ins allowed per client address per window (every user behind one office NAT shares it). */
export function ipFailureLimit(): number {
  return env.SIGNIN_IP_MAX_ATTEMPTS ?? env.SIGNIN_MAX_ATTEMPTS * 5;
}

/**
 * Checks an email and password. Limits are keyed on the email and the client address together (and
 * per address), so nobody can lock the owner out by failing from elsewhere; failures on an email from
 * any address only slow its sign-ins down. Counters live in shared storage.
 *
 * The per-address budget counts failed attempts only: an office whose staff sign in all day from one
 * address never runs out, while guessing across emails from one address is refused past the limit. A
 * slot is reserved before the password is checked (so a parallel burst cannot overshoot the limit) and
 * given back when the password was right; a success never clears the address's failures, or one
 * valid account would let its owner keep guessing at others.
 */
export async function signInWithPassword(db: Executor, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const windowSeconds = env.SIGNIN_WINDOW_SECONDS;
  const max = env.SIGNIN_MAX_ATTEMPTS;
  const emailIpKey = `signin:email-ip:${email}:${input.ip}`;
  const ipKey = `signin:ip:${input.ip}`;
  const byEmailAndIp = await hitRateLimit(db, emailIpKey, max, windowSeconds);
  const byIp = await hitRateLimit(db, ipKey, ipFailureLimit(), windowSeconds);
  if (!byEmailAndIp.allowed || !byIp.allowed) {
    // A refused attempt checks no password: it is not a failure of the address's.
    await refundRateLimit(db, ipKey);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(byEmailAndIp.allowed ? 0 : byEmailAndIp.retryAfterSeconds, byIp.allowed ? 0 : byIp.retryAfterSeconds) };
  }
  const failures = await readFailures(db, email, windowSeconds);
  const delay = failureDelayMs(failures, max);
  if (delay > 0) await sleep(delay);

  const [user] = await db.select().from(users).where(eq(users.email, email));
  let valid: boolean;
  try {
    valid = await passwordHashes.run(() => verify(user?.passwordHash ?? DUMMY_HASH, input.password).catch(() => false));
  } catch (error) {
    if (error instanceof LimiterBusy) {
      await refundRateLimit(db, ipKey);
      return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
    }
    throw error;
  }
  if (!user || !valid) {
    await hitRateLimit(db, `signin:failures:${email}`, Number.MAX_SAFE_INTEGER, windowSeconds);
    return { ok: false, reason: "invalid" };
  }
  // The right password: not a failure of this address, whatever comes next.
  await refundRateLimit(db, ipKey);
  if (user.accountId) {
    const [account] = await db.select({ status: accounts.status, parentAccountId: accounts.parentAccountId }).from(accounts).where(eq(accounts.id, user.accountId));
    if (account && account.status !== "active") return { ok: false, reason: account.parentAccountId ? "suspended_retailer" : "suspended" };
  }
  await clearRateLimit(db, emailIpKey);
  await clearRateLimit(db, `signin:failures:${email}`);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId, sessionVersion: user.sessionVersion } };
}

async function readFailures(db: Executor, email: string, windowSeconds: number): Promise<number> {
  const [row] = rowsOf<{ count: number }>(
    await db.execute(sql`SELECT count FROM rate_limits WHERE key = ${`signin:failures:${email}`} AND window_start > now() - make_interval(secs => ${windowSeconds})`),
  );
  return row ? Number(row.count) : 0;
}
