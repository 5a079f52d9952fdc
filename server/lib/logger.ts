import pino from "pino";
import { env } from "@/server/env.mjs";

const SECRET_KEY = /^(api_secret|apisecret|password|password_hash|passwordhash|secret|secret_enc|secretenc|webhook_secret|token|access_token|refresh_token|authorization|cookie|set-cookie|credentials|sign|encryption_key|nextauth_secret)$/i;
// Database errors carry the statement and its bound values (phone numbers, hashes, secrets): never logged.
const QUERY_KEY = /^(query|parameters|params|sql)$/i;
const MASK = "[masked]";

/** A copy of `value` with secret-named fields masked at any depth (pino's own paths stop at one level). */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (!value || typeof value !== "object") return value;
  if (value instanceof Error) return serializeError(value);
  if (seen.has(value) || depth > 8) return "[…]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? MASK : redact(v, depth + 1, seen);
  return out;
}

/** Errors as type, message, code and stack, with their causes; never the query or its parameters. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return redact(error);
  const out: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  for (const [key, v] of Object.entries(error)) if (!QUERY_KEY.test(key) && key !== "cause") out[key] = SECRET_KEY.test(key) ? MASK : redact(v);
  if (error.cause !== undefined && depth < 4) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/** Structured JSON logs. Anything that looks like a secret is masked by key name, at any depth. */
export const loggerOptions: pino.LoggerOptions = {
  level: env.LOG_LEVEL,
  base: undefined,
  serializers: { err: (e: unknown) => serializeError(e), error: (e: unknown) => serializeError(e) },
  formatters: { log: (object) => redact(object) as Record<string, unknown> },
};

/** Written asynchronously (a request never waits on stdout); pino flushes what is left when the process exits. */
export const logger = pino(loggerOptions, pino.destination({ dest: 1, sync: false }));
