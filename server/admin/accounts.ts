import { and, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accounts, auditLog, users, wallets } from "@/db/schema";
import { type Ctx, withTransaction } from "@/server/context";
import { NotFound } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { parseInput, recordAudit, requireAdmin } from "./guard";
import { olderThanCursor, pageOf } from "@/server/lib/keyset";
import { ListAccountsInput, SetAccountStatusInput } from "./schemas";

export { ListAccountsInput, SetAccountStatusInput };


const parent = alias(accounts, "parent");

/** Every merchant and retailer with its wallet balance, newest first, keyset-paginated. */
export async function listAccounts(ctx: Ctx, raw: ListAccountsInput) {
  requireAdmin(ctx);
  const input = parseInput(ListAccountsInput, raw);
  const conditions: SQL[] = [];
  if (input.search) {
    const like = `%${input.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(accounts.name, like), ilike(accounts.email, like), eq(accounts.id, input.search))!);
  }
  if (input.type) conditions.push(eq(accounts.type, input.type));
  if (input.status) conditions.push(eq(accounts.status, input.status));
  if (input.cursor) {
    conditions.push(await olderThanCursor(ctx.db, { table: accounts, time: accounts.createdAt, id: accounts.id }, input.cursor));
  }
  const rows = await ctx.db
    .select({ account: accounts, parentName: parent.name, available: wallets.available, held: wallets.held })
    .from(accounts)
    .leftJoin(wallets, and(eq(wallets.accountId, accounts.id), eq(wallets.currency, accounts.currency)))
    .leftJoin(parent, eq(parent.id, accounts.parentAccountId))
    .where(and(...conditions))
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(input.limit + 1);
  const page = pageOf(
    rows.map((r) => ({ ...r.account, id: r.account.id, createdAt: r.account.createdAt, parentName: r.parentName, available: r.available, held: r.held })),
    input.limit,
  );
  return { data: page.data.map(accountRow), nextCursor: page.nextCursor };
}

function accountRow(a: typeof accounts.$inferSelect & { parentName: string | null; available: bigint | null; held: bigint | null }) {
  return {
    id: a.id,
    type: a.type,
    name: a.name,
    email: a.email,
    status: a.status,
    currency: a.currency,
    parentAccountId: a.parentAccountId,
    parentName: a.parentName,
    available: formatAmount(a.available ?? 0n, a.currency),
    held: formatAmount(a.held ?? 0n, a.currency),
    createdAt: a.createdAt,
  };
}

/** One account for its admin page: balance, sign-in users, parent and retailer count. */
export async function getAccountDetail(ctx: Ctx, accountId: string) {
  requireAdmin(ctx);
  const [row] = await ctx.db
    .select({ account: accounts, parentName: parent.name, available: wallets.available, held: wallets.held })
    .from(accounts)
    .leftJoin(wallets, and(eq(wallets.accountId, accounts.id), eq(wallets.currency, accounts.currency)))
    .leftJoin(parent, eq(parent.id, accounts.parentAccountId))
    .where(eq(accounts.id, accountId));
  if (!row) throw NotFound("Account");
  const [members, [children], [lastChange]] = await Promise.all([
    ctx.db.select({ id: users.id, email: users.email, name: users.name, role: users.role }).from(users).where(eq(users.accountId, accountId)),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(eq(accounts.parentAccountId, accountId)),
    ctx.db
      .select({ action: auditLog.action, details: auditLog.details, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, accountId), or(eq(auditLog.action, "account.suspend"), eq(auditLog.action, "account.reactivate"))))
      .orderBy(desc(auditLog.createdAt))
      .limit(1),
  ]);
  return {
    ...accountRow({ ...row.account, parentName: row.parentName, available: row.available, held: row.held }),
    users: members,
    retailerCount: children?.n ?? 0,
    statusChange: lastChange ? { action: lastChange.action, reason: String(lastChange.details.reason ?? ""), at: lastChange.createdAt } : null,
  };
}


/**
 * Suspends or reactivates an account. A suspended account's users are refused at sign-in
 * (server/auth/sign-in.ts). Setting the status it already has changes nothing and logs nothing.
 */
export async function setAccountStatus(args: { ctx: Ctx; input: SetAccountStatusInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(SetAccountStatusInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [account] = await tx.db.select().from(accounts).where(eq(accounts.id, input.accountId)).for("update");
    if (!account) throw NotFound("Account");
    return changeAccountStatus(tx, account, input.status, input.reason);
  });
}

/**
 * The status change itself, in the caller's transaction with the account row locked: the update and
 * its audit entry (nothing when the status is already the one asked for). Admins and merchants (for
 * their retailers) both come through here.
 */
export async function changeAccountStatus(tx: Ctx, account: typeof accounts.$inferSelect, status: "active" | "suspended", reason: string) {
  if (account.status === status) return { id: account.id, status: account.status, changed: false };
  await tx.db.update(accounts).set({ status }).where(eq(accounts.id, account.id));
  // A suspension ends the account's sessions for good: reactivating it asks everyone to sign in again.
  if (status === "suspended") {
    await tx.db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1`, sessionsEndedBy: "suspended" }).where(eq(users.accountId, account.id));
  }
  await recordAudit(tx, {
    action: status === "suspended" ? "account.suspend" : "account.reactivate",
    accountId: account.id,
    targetType: "account",
    targetId: account.id,
    details: { reason, from: account.status, to: status, name: account.name },
  });
  return { id: account.id, status, changed: true };
}
