// Shared transport for provider clients: one fetch with a deadline, classified by whether the request
// can have reached the provider. That distinction is what makes fail-over safe or unsafe.
import { fetch as undiciFetch } from "undici";
import type { CallLog, CallOperation, ProviderConfig, ProviderResult } from "@/server/providers/types";

export type TransportOutcome =
  | { type: "response"; status: number; text: string }
  /** The connection was never established, so the provider cannot have seen the request. */
  | { type: "not_sent"; error: string }
  /** Our deadline passed after the request may have been sent. */
  | { type: "timeout"; error: string }
  /** Any other failure once the request may have left (reset mid-response, broken body). */
  | { type: "lost"; error: string };

export type HttpCall = {
  operation: CallOperation;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** What goes into the CallLog in place of the raw body (already masked). */
  loggedBody?: unknown;
  timeoutMs: number;
  parseBody: (text: string) => unknown;
};

// Codes that undici/node raise before a single byte of the request went out.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL",
]);

type ErrorLike = { name?: string; message?: string; code?: string; cause?: unknown; errors?: unknown[] };

/** True when every error in the cause chain says the connection never opened. */
function isNotSent(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as ErrorLike;
  if (e.code && NOT_SENT_CODES.has(e.code)) return true;
  // Happy-eyeballs connects raise an AggregateError with one error per address tried.
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.every((x) => isNotSent(x, depth + 1));
  return isNotSent(e.cause, depth + 1);
}

function describe(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const e = cur as ErrorLike;
    const code = typeof e.code === "string" ? e.code : e.name; // DOMException's numeric code says nothing
    parts.push([code, e.message].filter(Boolean).join(": ") || "error");
    cur = e.cause;
  }
  return parts.join(" <- ") || String(err);
}

export async function callProvider(spec: HttpCall): Promise<{ outcome: TransportOutcome; call: CallLog }> {
  const started = performance.now();
  const base = {
    operation: spec.operation,
    method: spec.method,
    url: spec.url,
    requestBody: spec.loggedBody ?? null,
  };
  const signal = AbortSignal.timeout(spec.timeoutMs);
  let status: number | null = null;
  try {
    // undici's own fetch, not the global one, which Next patches for its data cache and per-request
    // tracking: a provider call needs none of it.
    const res = await undiciFetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body, signal });
    status = res.status;
    // The body read shares the deadline: a provider that sends headers and then stalls is a timeout too.
    const text = await res.text();
    const call: CallLog = { ...base, httpStatus: status, responseBody: spec.parseBody(text), latencyMs: elapsed(started) };
    return { outcome: { type: "response", status, text }, call };
  } catch (err) {
    const error = describe(err);
    const call: CallLog = { ...base, httpStatus: status, responseBody: null, latencyMs: elapsed(started), error };
    const name = (err as ErrorLike | null)?.name;
    if (name === "TimeoutError" || name === "AbortError") return { outcome: { type: "timeout", error }, call };
    if (status === null && isNotSent(err)) return { outcome: { type: "not_sent", error }, call };
    return { outcome: { type: "lost", error }, call };
  }
}

const elapsed = (started: number) => Math.round(performance.now() - started);

/** Submit-side meaning of a transport failure: only "never sent" is a definite failure. */
export function submitTransportResult(outcome: Exclude<TransportOutcome, { type: "response" }>): ProviderResult {
  if (outcome.type === "not_sent") {
    return { kind: "failed", code: "provider_down", providerCode: "connection_failed", message: outcome.error };
  }
  return { kind: "unknown", reason: `${outcome.type}: ${outcome.error}` };
}

/** Status-side: we learnt nothing about the order, whatever happened to the connection. */
export function statusTransportResult(outcome: Exclude<TransportOutcome, { type: "response" }>): ProviderResult {
  return { kind: "unknown", reason: `status ${outcome.type}: ${outcome.error}` };
}

export function parseJsonLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/**
 * GET and POST for JSON-speaking providers (alpha, bravo): credentials travel in `headers`, never in
 * the logged body.
 */
export function jsonTransport(config: ProviderConfig, headers: Record<string, string>) {
  return {
    get: (operation: CallOperation, path: string, query: Record<string, string> = {}) => {
      const qs = new URLSearchParams(query).toString();
      return callProvider({ operation, method: "GET", url: joinUrl(config.baseUrl, path) + (qs ? `?${qs}` : ""), headers, timeoutMs: config.timeoutMs, parseBody: parseJsonLoose });
    },
    post: (operation: CallOperation, path: string, body: object) =>
      callProvider({
        operation,
        method: "POST",
        url: joinUrl(config.baseUrl, path),
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
        loggedBody: body,
        timeoutMs: config.timeoutMs,
        parseBody: parseJsonLoose,
      }),
  };
}
