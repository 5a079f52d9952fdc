// A merchant's retailers: the list with their wallets, and opening a new one under the merchant.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { accounts, wallets } from "@/db/schema";
import { CreateAccountInput, createAccount, getAccount } from "@/server/accounts/accounts";
import { can } from "@/server/auth/permissions";
import { type Ctx, scopedAccountId } from "@/server/context";
import { Forbidden, ValidationFailed } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";

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
 * funds it with fundRetailer). Returns the sign-in email and the first API key pair, shown once.
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
  return { account_id: created.account_id, email: created.email, api_key: created.api_key, api_secret: created.api_secret };
}
