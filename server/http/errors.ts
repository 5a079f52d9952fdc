import { ZodError } from "zod";
import { databaseUnavailableCode } from "@/server/lib/db-errors";
import { AppError, ERROR_STATUS, ServiceUnavailable, fromUnstorableInput } from "@/server/lib/errors";
import { logger } from "@/server/lib/logger";
import { zodDetails } from "@/server/recharge/schemas";

/** The one translation of domain errors to HTTP (API.md §1). A 500 never carries internals. */
export function errorResponse(error: unknown, requestId: string): Response {
  let app: AppError;
  if (error instanceof AppError) app = error;
  else if (error instanceof ZodError) app = new AppError("validation_failed", "Some fields are invalid.", zodDetails(error));
  else if (fromUnstorableInput(error)) app = fromUnstorableInput(error) as AppError;
  else if (databaseUnavailableCode(error)) {
    logger.warn({ code: databaseUnavailableCode(error), request_id: requestId }, "database unavailable");
    app = ServiceUnavailable();
  } else {
    logger.error({ err: error, request_id: requestId }, "unhandled error");
    app = new AppError("internal", "Something went wrong on our side. Try again; if it persists, contact support with the request id.");
  }
  const headers: Record<string, string> = { "x-request-id": requestId };
  if ((app.code === "rate_limited" || app.code === "service_unavailable") && typeof app.details.retry_after_seconds === "number") headers["retry-after"] = String(app.details.retry_after_seconds);
  return Response.json({ error: { code: app.code, message: app.message, details: app.details } }, { status: ERROR_STATUS[app.code], headers });
}
