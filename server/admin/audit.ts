import { and, asc, desc, eq, like, type SQL } from "drizzle-orm";
import { accounts, auditLog, users } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { parseInput, requireAdmin } from "./guard";
import { olderThanCursor, pageOf } from "@/server/lib/keyset";
import { ListAuditInput } from "./schemas";

export { ListAuditInput };


/** The audit log, newest first, keyset-paginated, with who did it and on which account. */
export async function listAudit(ctx: Ctx, raw: ListAuditInput) {
  requireAdmin(ctx);
  const input = parseInput(ListAuditInput, raw);
  const conditions: SQL[] = [];
  if (input.action) conditions.push(input.action.endsWith(".") ? like(auditLog.action, `${input.action.replace(/[%_\\]/g, "\\$&")}%`) : eq(auditLog.action, input.action));
  if (input.accountId) conditions.push(eq(auditLog.accountId, input.accountId));
  if (input.targetId) conditions.push(eq(auditLog.targetId, input.targetId));
  if (input.cursor) {
    conditions.push(await olderThanCursor(ctx.db, { table: auditLog, time: auditLog.createdAt, id: auditLog.id }, input.cursor));
  }
  const rows = await ctx.db
    .select({ entry: auditLog, accountName: accounts.name, actorEmail: users.email })
    .from(auditLog)
    .leftJoin(accounts, eq(accounts.id, auditLog.accountId))
    .leftJoin(users, and(eq(auditLog.actorType, "user"), eq(users.id, auditLog.actorId)))
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = pageOf(
    rows.map((r) => ({ ...r.entry, accountName: r.accountName, actor: r.actorEmail ?? (r.entry.actorType === "user" ? r.entry.actorId : r.entry.actorId ? `${r.entry.actorType}:${r.entry.actorId}` : r.entry.actorType) })),
    input.limit,
  );
  return page;
}

/** The actions that occur in the log, for the filter menu. */
export async function auditActions(ctx: Ctx) {
  requireAdmin(ctx);
  const rows = await ctx.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
