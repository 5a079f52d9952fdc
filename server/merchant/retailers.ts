// A merchant's retailers: the list with their wallets, and opening a new one under the merchant.
import { and, asc, eq, sql } from "drizzle-orm";
import { accounts, users, wallets } from "@/db/schema";
import { hashPassword } from "@/server/accounts/accounts";
import { changeAccountStatus } from "@/server/admin/accounts";
import { recordAudit } from "@/server/admin/guard";
import { z } from "zod";
import { CreateAccountInput, createAccount, getAccount } from "@/server/accounts/accounts";
import { can } from "@/server/auth/permissions";
import { type Ctx, scopedAccountId, withTransaction } from "@/server/context";
import { Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { zodDetails } from "@/server/recharge/schemas";

export async function listRetailers(args: { ctx: Ctx }) {
  const merchantId = scopedAccountId(args.ctx);
  const rows = await args.ctx.db
    .select({ account: accounts, available: wallets.available, held: wallets.held })
    .from(accounts)
    .leftJoin(wallets, and(eq(wallets.accountId, accounts.id), eq(wallets.currency, accounts.currency)))
    .where(and(eq(accounts.parentAccountId, merchantId), eq(accounts.type, "retailer")))
    .orderBy(asc(accounts.name), asc(accounts.id));
  return rows.map(({ account: a, available, held }) => ({
    id: a.id,
    name: a.name,
    email: a.email,
    status: a.status,
    currency: a.currency,
    available: formatAmount(available ?? 0n, a.currency),
    held: formatAmount(held ?? 0n, a.currency),
    created_at: a.createdAt.toISOString(),
  }));
}

export const CreateRetailerInput = CreateAccountInput.pick({ name: true, email: true, password: true });
export type CreateRetailerInput = z.input<typeof CreateRetailerInput>;

/**
 * A retailer under the acting merchant, in the merchant's currency, with no money in it (the merchant
 * funds it with fundRetailer). Returns the sign-in email; no API key: the retailer creates its own if it
 * wants one, so its secret is never shown to the merchant.
 */
export async function createRetailer(args: { ctx: Ctx; input: CreateRetailerInput }) {
  const { actor } = args.ctx;
  if (actor.type !== "user" || !actor.accountId || !can(actor.role, "retailers.manage")) throw Forbidden();
  const parsed = CreateRetailerInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  const merchant = await getAccount(args.ctx, actor.accountId);
  if (merchant.type !== "merchant") throw Forbidden("Only a merchant account can open retailers.");
  // createAccount sets the parent to the acting merchant, refuses outside credit, and audit-logs who asked.
  const created = await createAccount({
    ctx: args.ctx,
    input: { ...parsed.data, type: "retailer", currency: merchant.currency, parentAccountId: merchant.id },
  });
  return { account_id: created.account_id, email: created.email };
}

/** The acting merchant's retailer, locked for the change (404 for anyone else's: ids leak nothing). */
async function ownRetailer(tx: Ctx, retailerAccountId: string) {
  const merchantId = scopedAccountId(tx);
  const [retailer] = await tx.db.select().from(accounts).where(eq(accounts.id, retailerAccountId)).for("update");
  if (!retailer || retailer.parentAccountId !== merchantId || retailer.type !== "retailer") throw NotFound("Retailer");
  return retailer;
}

function requireMerchantUser(ctx: Ctx) {
  const { actor } = ctx;
  if (actor.type !== "user" || !actor.accountId || !can(actor.role, "retailers.manage")) throw Forbidden();
}

export const SetRetailerStatusInput = z.object({
  retailerAccountId: z.string().min(1).max(64),
  status: z.enum(["active", "suspended"]),
  reason: z.string().trim().min(3, "Say why, in a few words.").max(500, "Keep the reason under 500 characters."),
});

/**
 * A merchant suspends or reactivates one of its retailers. A suspended retailer is refused at
 * sign-in, on every dashboard call of a session it already has, and on the API.
 */
export async function setRetailerStatus(args: { ctx: Ctx; input: z.input<typeof SetRetailerStatusInput> }) {
  requireMerchantUser(args.ctx);
  const parsed = SetRetailerStatusInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", zodDetails(parsed.error));
  return withTransaction(args.ctx, async (tx) => {
    const retailer = await ownRetailer(tx, parsed.data.retailerAccountId);
    return changeAccountStatus(tx, retailer, parsed.data.status, parsed.data.reason);
  });
}

export const ResetRetailerPasswordInput = z.object({
  retailerAccountId: z.string().min(1).max(64),
  password: z.string().min(8, "The new password needs at least 8 characters.").max(200, "Keep the password under 200 characters."),
});

/**
 * A merchant sets a new sign-in password for its retailer (who forgot theirs, or whose password got
 * out), audit-logged without the password. Every open session of the retailer ends (the session
 * version goes up): whoever held the old password is out at once, not when the JWT expires.
 */
export async function resetRetailerPassword(args: { ctx: Ctx; input: z.input<typeof ResetRetailerPasswordInput> }) {
  requireMerchantUser(args.ctx);
  const parsed = ResetRetailerPasswordInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", zodDetails(parsed.error));
  const passwordHash = await hashPassword(parsed.data.password);
  return withTransaction(args.ctx, async (tx) => {
    const retailer = await ownRetailer(tx, parsed.data.retailerAccountId);
    const updated = await tx.db
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, sessionsEndedBy: "password_changed" })
      .where(eq(users.accountId, retailer.id))
      .returning({ email: users.email });
    await recordAudit(tx, { action: "account.password_reset", accountId: retailer.id, targetType: "account", targetId: retailer.id, details: { name: retailer.name, emails: updated.map((u) => u.email), signed_out_everywhere: true } });
    return { email: updated[0]?.email ?? retailer.email };
  });
}

/** Names of the merchant's retailers by account id (to say whose each order is). */
export async function retailerNames(ctx: Ctx, merchantId: string) {
  const rows = await ctx.db.select({ id: accounts.id, name: accounts.name }).from(accounts).where(eq(accounts.parentAccountId, merchantId));
  return new Map(rows.map((r) => [r.id, r.name]));
}
