import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Fixed-window counter in Postgres (shared by every instance). One atomic upsert: the window resets
 * when it has expired, otherwise the count goes up; the caller is refused past `limit`.
 */
export async function hitRateLimit(db: Executor, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const [row] = rowsOf<{ count: number; window_start: string | Date }>(
    await db.execute(sql`
      INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limits.count + 1 END,
        window_start = CASE WHEN rate_limits.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limits.window_start END
      RETURNING count, window_start`),
  );
  return rateLimitResult(Number(row.count), row.window_start, limit, windowSeconds);
}

/** The answer for a window's count after this hit (also for counters upserted by other statements). */
export function rateLimitResult(count: number, windowStart: string | Date, limit: number, windowSeconds: number): RateLimitResult {
  const elapsed = (Date.now() - new Date(windowStart).getTime()) / 1000;
  return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds - elapsed)) };
}

export async function clearRateLimit(db: Executor, key: string) {
  await db.execute(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}

/**
 * Gives back one hit taken by hitRateLimit, for callers that reserve a slot before slow work and
 * count only some outcomes (a sign-in with the right password does not use up the address's budget).
 * Reserving first keeps a burst of parallel requests bounded by the limit.
 */
export async function refundRateLimit(db: Executor, key: string) {
  await db.execute(sql`UPDATE rate_limits SET count = count - 1 WHERE key = ${key} AND count > 0`);
}
