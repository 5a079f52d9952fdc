// Which failures mean "the database is unreachable, restarting, overloaded or too slow right now":
// the request did not happen (or its transaction rolled back), so the caller gets a clean 503 and
// retries, never a 500 with internals.

// SQLSTATE classes/codes: 08 connection exception, 53 insufficient resources (too many clients),
// 57P01-57P03 shutdown/crash/cannot connect now, 57014 statement timeout, 55P03 lock timeout.
const UNAVAILABLE_SQLSTATE = /^(08...|53...|57P0[123]|57014|55P03)$/;
// postgres.js and Node's own codes for a socket that never opened or was cut.
const UNAVAILABLE_CLIENT = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

/**
 * The driver's code when `error` means the database is unavailable, else null. Drizzle wraps driver
 * errors (`DrizzleQueryError`, whose message carries the query): look through the `cause` chain, and
 * log this code rather than the error.
 */
export function databaseUnavailableCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CLIENT.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return code;
  }
  return null;
}

export const isDatabaseUnavailable = (error: unknown) => databaseUnavailableCode(error) !== null;

/** Seconds a caller should wait before retrying after a 503 of ours. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;
