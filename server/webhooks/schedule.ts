// The Standard Webhooks retry schedule (API.md §4). Pure: time and randomness come in as arguments.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Wait after the 1st, 2nd, … failed attempt; a failure after the last entry is final (≈ 3 days in all). */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR] as const;

/**
 * The schedule in force: `WEBHOOK_RETRY_SECONDS` (e.g. "1,2,5" — for test rigs and fault runs that
 * cannot wait days) or the Standard Webhooks one above.
 */
export function retryDelaysFrom(setting: string | undefined): readonly number[] {
  return setting ? setting.split(",").map((s) => Math.round(Number(s) * SECOND)) : RETRY_DELAYS_MS;
}

/** Attempts a message gets on the automatic schedule: the first one and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Spread of the jitter: each delay lands uniformly within ±20 % of its nominal value. */
export const JITTER_RATIO = 0.2;

/** A receiver's Retry-After can push a retry later, never beyond a day. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

export type NextAttempt = { status: "retry"; at: Date; delayMs: number } | { status: "failed" };

/**
 * Milliseconds a `Retry-After` header asks us to wait: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  // Only the HTTP-date forms; Date.parse alone would also take "5.5" or "2024".
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * When to try again after `failedAttempts` failures in a row (the one just made included).
 * `random` returns [0, 1) like Math.random; a Retry-After longer than the jittered delay wins.
 */
export function nextAttempt(args: { failedAttempts: number; now: Date; retryAfter?: string | null; random?: () => number; delays?: readonly number[] }): NextAttempt {
  const { failedAttempts, now } = args;
  const delays = args.delays ?? RETRY_DELAYS_MS;
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new RangeError("failedAttempts must be a positive integer");
  if (failedAttempts > delays.length) return { status: "failed" };
  const nominal = delays[failedAttempts - 1];
  const random = args.random ?? Math.random;
  const jittered = Math.round(nominal * (1 + JITTER_RATIO * (2 * random() - 1)));
  const asked = parseRetryAfter(args.retryAfter, now);
  const delayMs = asked === null ? jittered : Math.max(jittered, Math.min(asked, MAX_RETRY_AFTER_MS));
  return { status: "retry", at: new Date(now.getTime() + delayMs), delayMs };
}
