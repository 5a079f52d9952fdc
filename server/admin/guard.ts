import { z } from "zod";
import { type Ctx, actorRef, isPrivileged } from "@/server/context";
import { Forbidden, ValidationFailed } from "@/server/lib/errors";
import { auditLog } from "@/db/schema";
import { createId } from "@/server/lib/ids";
import { fieldErrors } from "./schemas";

export function requireAdmin(ctx: Ctx) {
  if (!isPrivileged(ctx.actor)) throw Forbidden();
}

/** Parses a verb's input, answering field errors the forms can show next to each field. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details = fieldErrors(parsed.error);
    throw ValidationFailed(Object.values(details)[0] ?? "Some fields are invalid.", details);
  }
  return parsed.data;
}

/** One audit row per admin mutation, written on the same transaction as the change. */
export async function recordAudit(
  ctx: Ctx,
  entry: { action: string; accountId?: string | null; targetType: string; targetId: string; details?: Record<string, unknown> },
) {
  await ctx.db.insert(auditLog).values({
    id: createId("aud"),
    ...actorRef(ctx.actor),
    accountId: entry.accountId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
    requestId: ctx.requestId,
  });
}

export { Reason } from "./schemas";
