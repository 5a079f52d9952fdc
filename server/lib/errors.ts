// Typed errors thrown by domain verbs; translated once to HTTP (server/http) and to tRPC (server/trpc).

import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "./db-errors";

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "invalid_operator"
  | "operator_number_mismatch"
  | "invalid_amount"
  | "insufficient_balance"
  | "idempotency_conflict"
  | "duplicate_recharge"
  | "conflict"
  | "rate_limited"
  | "provider_unavailable"
  | "service_unavailable"
  | "internal";

export const ERROR_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 422,
  invalid_operator: 422,
  operator_number_mismatch: 422,
  invalid_amount: 422,
  insufficient_balance: 422,
  idempotency_conflict: 409,
  duplicate_recharge: 409,
  conflict: 409,
  rate_limited: 429,
  provider_unavailable: 503,
  service_unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
  get status() {
    return ERROR_STATUS[this.code];
  }
}

/** The database is unreachable or too slow right now: nothing happened, retry shortly. */
export const ServiceUnavailable = () =>
  new AppError("service_unavailable", "The service is briefly unavailable. Nothing was done; retry in a few seconds (with the same reference, a retry never charges twice).", {
    retry_after_seconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
  });

export const NotFound = (what = "Resource", details = {}) => new AppError("not_found", `${what} not found.`, details);
export const Forbidden = (message = "You are not allowed to do this.", details = {}) => new AppError("forbidden", message, details);
export const Unauthorized = (message = "Authentication required.") => new AppError("unauthorized", message);
export const ValidationFailed = (message: string, details: Record<string, unknown> = {}) =>
  new AppError("validation_failed", message, details);
export const Conflict = (message: string, details = {}) => new AppError("conflict", message, details);

export class InsufficientBalance extends AppError {
  constructor(details: Record<string, unknown> = {}) {
    super("insufficient_balance", "The wallet's available balance is too low for this amount.", details);
  }
}

// Postgres refuses text it cannot store: NUL bytes (22021 character_not_in_repertoire) and `\u0000`
// inside jsonb (22P05 untranslatable_character). That is bad input, never a server fault.
const UNSTORABLE_CODES = new Set(["22021", "22P05"]);

function pgCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Deeper than any input of ours; past it the walk stops (a 5,000-deep body overflowed the stack). */
const MAX_NUL_SCAN_DEPTH = 64;

/** Where `value` (any JSON-like input) holds a string with a NUL byte: the field paths, or []. */
export function nulFields(value: unknown, path = "", found: string[] = [], depth = 0): string[] {
  if (found.length >= 10) return found;
  if (depth > MAX_NUL_SCAN_DEPTH) {
    found.push(path || "(value)");
    return found;
  }
  if (typeof value === "string") {
    if (value.includes("\u0000")) found.push(path || "(value)");
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, `${path}[${i}]`, found, depth + 1));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) found.push(path ? `${path}.(key)` : "(key)");
      else nulFields(v, path ? `${path}.${k}` : k, found, depth + 1);
    }
  }
  return found;
}

export const UNSTORABLE_MESSAGE = "Some text contains characters that cannot be stored (NUL bytes).";

/** Refuses input carrying NUL bytes before it reaches a query, naming the fields. */
export function assertStorable(value: unknown) {
  const fields = nulFields(value);
  if (fields.length) throw ValidationFailed(UNSTORABLE_MESSAGE, Object.fromEntries(fields.map((f) => [f, "contains a NUL byte"])));
}

/** The typed error for a database error caused by unstorable input, or null for anything else. */
export function fromUnstorableInput(error: unknown): AppError | null {
  const code = pgCode(error);
  return code && UNSTORABLE_CODES.has(code) ? ValidationFailed(UNSTORABLE_MESSAGE) : null;
}
