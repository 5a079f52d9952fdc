import { verify } from "argon2";
import { eq, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { accounts, users } from "@/db/schema";
import { env } from "@/server/env.mjs";
import { LimiterBusy, createLimiter } from "@/server/lib/limiter";
import { clearRateLimit, hitRateLimit } from "@/server/lib/rate-limit";
import type { Role } from "./permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role; accountId: string | null; sessionVersion?: number };

export type SignInResult = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" | "rate_limited" | "suspended"; retryAfterSeconds?: number };

// A hash to verify against when the email is unknown, so a miss costs the same time as a hit.
const DUMMY_HASH = "$argon2id$v=19$m=65536,p=4,t=3$iYcyZCkFNK0Cu6SMb3djGA$y3qs/W+8QxgCRkGH11uPyyxV2uWQv1yXZWHz/KUz/cc";

// Each argon2 verification takes 64 MiB and a core for a while: bound how many run at once.
export const passwordHashes = createLimiter(env.SIGNIN_MAX_CONCURRENT_HASHES, env.SIGNIN_MAX_QUEUED_HASHES);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Extra wait once an email has seen more failures than allowed (from anywhere): doubles, capped. */
export function failureDelayMs(failures: number, max: number): number {
  return failures <= max ? 0 : Math.min(env.SIGNIN_MAX_DELAY_MS, 250 * 2 ** Math.min(failures - max - 1, 10));
}

/**
 * Checks an email and password. Limits are keyed on the email and the client address together (and
 * per address), so nobody can lock the owner out by failing from elsewhere; failures on an email from
 * any address only slow its sign-ins down. Counters live in shared storage.
 */
export async function signInWithPassword(db: Executor, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const windowSeconds = env.SIGNIN_WINDOW_SECONDS;
  const max = env.SIGNIN_MAX_ATTEMPTS;
  const byEmailAndIp = await hitRateLimit(db, `signin:email-ip:${email}:${input.ip}`, max, windowSeconds);
  const byIp = await hitRateLimit(db, `signin:ip:${input.ip}`, env.SIGNIN_IP_MAX_ATTEMPTS ?? max * 5, windowSeconds);
  if (!byEmailAndIp.allowed || !byIp.allowed) {
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
    if (error instanceof LimiterBusy) return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
    throw error;
  }
  if (!user || !valid) {
    await hitRateLimit(db, `signin:failures:${email}`, Number.MAX_SAFE_INTEGER, windowSeconds);
    return { ok: false, reason: "invalid" };
  }
  if (user.accountId) {
    const [account] = await db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, user.accountId));
    if (account?.status === "suspended") return { ok: false, reason: "suspended" };
  }
  await clearRateLimit(db, `signin:email-ip:${email}:${input.ip}`);
  await clearRateLimit(db, `signin:failures:${email}`);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, accountId: user.accountId, sessionVersion: user.sessionVersion } };
}

async function readFailures(db: Executor, email: string, windowSeconds: number): Promise<number> {
  const [row] = rowsOf<{ count: number }>(
    await db.execute(sql`SELECT count FROM rate_limits WHERE key = ${`signin:failures:${email}`} AND window_start > now() - make_interval(secs => ${windowSeconds})`),
  );
  return row ? Number(row.count) : 0;
}
