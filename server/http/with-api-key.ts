import { randomUUID } from "node:crypto";
import { eq, lt, or, isNull, and, sql } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { verifyApiKey } from "@/server/accounts/api-keys";
import type { Ctx } from "@/server/context";
import { env } from "@/server/env.mjs";
import { AppError, assertStorable } from "@/server/lib/errors";
import { ipAllowed } from "@/server/lib/ip";
import { logger } from "@/server/lib/logger";
import { hitRateLimit } from "@/server/lib/rate-limit";
import { zodDetails } from "@/server/recharge/schemas";
import { clientIp } from "./client-ip";
import { errorResponse } from "./errors";
import { readBodyJson } from "./body";

export type ApiContext = { req: Request; ctx: Ctx; accountId: string; requestId: string; params: Record<string, string> };
type Handler = (api: ApiContext) => Promise<Response>;

function basicCredentials(req: Request): { key: string; secret: string } | null {
  const header = req.headers.get("authorization");
  if (!header?.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * The public API's one wrapper: request id, HTTP Basic auth with an API key, revoked keys and
 * suspended accounts refused, IP allow-list, per-key rate limit (shared storage), error mapping and
 * a structured access log with secrets masked.
 */
export function withApiKey(handler: Handler) {
  return async (req: Request, route?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    const started = performance.now();
    let accountId: string | undefined;
    let response: Response;
    try {
      const credentials = basicCredentials(req);
      if (!credentials) throw new AppError("unauthorized", "Authenticate with HTTP Basic: your API key as the user name and its secret as the password.");
      const db = await getDb();
      // One statement: the key, its account and wallet, the configuration version, and (for a request
      // that will be let in) the rate-limit hit and the last-used stamp.
      const key = await verifyApiKey(db, credentials.key, credentials.secret, { rateLimit: { limit: env.API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 } });
      if (!key) throw new AppError("unauthorized", "Invalid API key or secret, or the key was revoked.");
      if (key.account.status !== "active") throw new AppError("forbidden", "This account is suspended.");
      if (!ipAllowed(clientIp(req), key.ipAllowlist)) throw new AppError("forbidden", "This IP address is not on the key's allow-list.", { ip: clientIp(req) });
      // A key with an allow-list is counted only now that its address is allowed (its own statement).
      const limit = key.rateLimit ?? (await hitRateLimit(db, `api:${key.id}`, env.API_RATE_LIMIT_PER_MINUTE, 60));
      if (!limit.allowed) throw new AppError("rate_limited", "Too many requests for this API key. Slow down and retry later.", { retry_after_seconds: limit.retryAfterSeconds });
      if (!key.rateLimit && (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000)) {
        // Remember when the key was last used, at most once a minute (no write on most requests).
        await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(and(eq(apiKeys.id, key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
      }
      accountId = key.accountId;
      const role = key.account.type;
      const ctx: Ctx = { db, requestId, actor: { type: "api_key", keyId: key.id, accountId: key.accountId, role }, configVersion: key.configVersion, apiAccount: key.account };
      const params = (await route?.params) ?? {};
      assertStorable(params);
      response = await handler({ req, ctx, accountId: key.accountId, requestId, params });
      response.headers.set("x-request-id", requestId);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    logger.info(
      { request_id: requestId, method: req.method, path: new URL(req.url).pathname, status: response.status, account_id: accountId, ms: Math.round(performance.now() - started) },
      "api request",
    );
    return response;
  };
}

/** Unauthenticated endpoints still get request ids and the error table. */
export function withRequestId(handler: (req: Request, requestId: string) => Promise<Response>) {
  return async (req: Request) => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    try {
      const response = await handler(req, requestId);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new AppError("validation_failed", "Send a JSON body with Content-Type: application/json.", { "content-type": type || "missing" });
  let body: unknown;
  try {
    body = await readBodyJson(req);
  } catch {
    throw new AppError("validation_failed", "The body is not valid JSON.", { body: "invalid JSON" });
  }
  return parseWith(schema, body);
}

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parseWith(schema, Object.fromEntries(new URL(req.url).searchParams));
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  assertStorable(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields are invalid.", zodDetails(parsed.error));
  return parsed.data;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers });

