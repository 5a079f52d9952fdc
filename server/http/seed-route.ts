import { randomUUID } from "node:crypto";
import { databaseUnavailableCode, UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/server/lib/db-errors";
import { logger } from "@/server/lib/logger";
import { seedMobileRecharge } from "./seed-mobile-recharge";
import { readBodyJson, readBodyText } from "./body";
import { clientIp } from "./client-ip";

/**
 * Reads urlencoded, multipart (PHP's curl with an array) or JSON bodies into plain parameters. The
 * query string is never read: credentials there end up in proxy and access logs (API.md §5).
 */
export async function readParams(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body = await readBodyJson(req);
      return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    }
    if (type.includes("application/x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(await readBodyText(req)));
    }
    if (type.includes("multipart/form-data")) {
      const form = await req.formData();
      return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
    }
  } catch {
    return {};
  }
  return {};
}

export async function handleSeedRecharge(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  let answer: { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
  try {
    answer = await seedMobileRecharge(await readParams(req), { ip: clientIp(req), requestId });
  } catch (error) {
    const unavailable = databaseUnavailableCode(error);
    if (unavailable) {
      logger.warn({ code: unavailable, request_id: requestId }, "seed endpoint: database unavailable");
      answer = { status: 503, body: { error: "Service temporarily unavailable. Try again shortly.", retry_after_seconds: UNAVAILABLE_RETRY_AFTER_SECONDS } };
    } else {
      logger.error({ err: error, request_id: requestId }, "seed endpoint failed");
      answer = { status: 500, body: { error: "Transaction failed." } };
    }
  }
  logger.info({ request_id: requestId, path: new URL(req.url).pathname, status: answer.status }, "seed api request");
  const headers: Record<string, string> = { ...answer.headers, "x-request-id": requestId };
  if (answer.status === 503) headers["retry-after"] = String(UNAVAILABLE_RETRY_AFTER_SECONDS);
  return Response.json(answer.body, { status: answer.status, headers });
}

/** The seed deposit endpoints (API.md §6): same body readers, `{status: 0, err}` on any failure. */
export function seedDepositRoute(verb: (params: Record<string, unknown>, meta: { ip: string; requestId: string }) => Promise<{ status: number; body: unknown }>) {
  return async (req: Request): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    let answer: { status: number; body: unknown };
    try {
      answer = await verb(await readParams(req), { ip: clientIp(req), requestId });
    } catch (error) {
      logger.error({ err: error, request_id: requestId }, "seed deposit endpoint failed");
      answer = { status: 500, body: { status: 0, err: "Internal error; try again." } };
    }
    logger.info({ request_id: requestId, path: new URL(req.url).pathname, status: answer.status }, "seed api request");
    return Response.json(answer.body, { status: answer.status, headers: { "x-request-id": requestId } });
  };
}
