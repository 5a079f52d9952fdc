import { hash } from "argon2";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { accounts, auditLog, users } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, withTransaction } from "@/server/context";
import { createCustomerWallet, credit } from "@/server/ledger";
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId, randomToken } from "@/server/lib/ids";
import { encryptSecret } from "@/server/lib/crypto";
import { CURRENCY_DECIMALS, parseAmount } from "@/server/lib/money";
import { createApiKey } from "./api-keys";

const Email = z.string().trim().toLowerCase().email();
const Password = z.string().min(8, "Password must have at least 8 characters.").max(200);

export const CreateAccountInput = z.object({
  type: z.enum(["merchant", "retailer"]),
  name: z.string().trim().min(1).max(120),
  email: Email,
  password: Password,
  currency: z.string().refine((c) => c in CURRENCY_DECIMALS, "Unsupported currency.").default("BDT"),
  parentAccountId: z.string().optional(),
  credit: z.string().optional(),
  webhookUrl: z.string().url().optional(),
});
export type CreateAccountInput = z.input<typeof CreateAccountInput>;

export type CreatedAccount = {
  account_id: string;
  user_id: string;
  email: string;
  wallet_id: string;
  /** Merchants get a first key pair; a retailer gets one only when it asks (its API keys page). */
  api_key: string | null;
  api_secret: string | null;
  webhook_secret: string;
};

export const hashPassword = (password: string) => hash(password);

/**
 * A merchant or retailer account with its sign-in user, funded wallet, first API key and webhook
 * secret. Admins (and the CLI) create any account; a merchant creates retailers under itself.
 */
export async function createAccount(args: { ctx: Ctx; input: CreateAccountInput }): Promise<CreatedAccount> {
  const parsed = CreateAccountInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  const input = parsed.data;
  const { actor } = args.ctx;
  let parentAccountId = input.parentAccountId ?? null;
  if (!isPrivileged(actor)) {
    if (actor.type !== "user" || actor.role !== "merchant" || input.type !== "retailer") throw Forbidden();
    parentAccountId = actor.accountId;
  }
  const initialCredit = input.credit ? parseAmount(input.credit, input.currency) : 0n;
  if (initialCredit === null) throw ValidationFailed("Credit is not a valid amount.", { credit: "invalid amount" });
  if (initialCredit > 0n && !isPrivileged(actor)) throw Forbidden("Only an admin can credit money from outside.");
  const passwordHash = await hashPassword(input.password);
  const webhookSecret = `whsec_${Buffer.from(randomToken(32)).toString("base64")}`;

  return withTransaction(args.ctx, async (tx) => {
    if (parentAccountId) {
      const [parent] = await tx.db.select().from(accounts).where(eq(accounts.id, parentAccountId));
      if (!parent || parent.type !== "merchant") throw NotFound("Parent merchant account");
      if (parent.currency !== input.currency) throw ValidationFailed("A retailer uses its merchant's currency.", { currency: parent.currency });
    }
    const [taken] = await tx.db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (taken) throw Conflict("An account with this email already exists.", { email: input.email });
    const accountId = createId("acct");
    await tx.db.insert(accounts).values({
      id: accountId,
      type: input.type,
      name: input.name,
      email: input.email,
      parentAccountId,
      currency: input.currency,
      webhookUrl: input.webhookUrl,
      webhookSecretEnc: encryptSecret(webhookSecret),
    });
    const userId = createId("usr");
    await tx.db.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash, role: input.type, accountId });
    const wallet = await createCustomerWallet(tx.db, accountId, input.currency);
    if (initialCredit > 0n) {
      await credit(tx, { walletId: wallet.id, amount: initialCredit, idempotencyKey: `account:${accountId}:initial-credit`, memo: "Initial credit" });
    }
    // A merchant's first key: authorized by this verb's own checks above, so it is created as the
    // system. A retailer gets none: it creates its own when it wants one, and only it sees the secret.
    const key = input.type === "merchant" ? await createApiKey({ ctx: { ...tx, actor: { type: "system", name: "account.create" } }, input: { accountId } }) : null;
    await tx.db.insert(auditLog).values({
      id: createId("aud"),
      ...actorRef(tx.actor),
      accountId,
      action: "account.create",
      targetType: "account",
      targetId: accountId,
      details: { type: input.type, email: input.email, parent_account_id: parentAccountId, credit: input.credit ?? null },
      requestId: tx.requestId,
    });
    return { account_id: accountId, user_id: userId, email: input.email, wallet_id: wallet.id, api_key: key?.api_key ?? null, api_secret: key?.api_secret ?? null, webhook_secret: webhookSecret };
  });
}

export const CreateAdminInput = z.object({ email: Email, password: Password, name: z.string().trim().min(1).max(120).default("Administrator") });

/** An admin user (no account). Only the CLI or another admin may do this. */
export async function createAdminUser(args: { ctx: Ctx; input: z.input<typeof CreateAdminInput> }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const parsed = CreateAdminInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  return withTransaction(args.ctx, async (tx) => {
    const [taken] = await tx.db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (taken) throw Conflict("A user with this email already exists.", { email: input.email });
    const id = createId("usr");
    await tx.db.insert(users).values({ id, email: input.email, name: input.name, passwordHash, role: "admin" });
    await tx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(tx.actor), action: "user.create", targetType: "user", targetId: id, details: { role: "admin", email: input.email }, requestId: tx.requestId });
    return { user_id: id, email: input.email, role: "admin" as const };
  });
}

export async function getAccount(ctx: Ctx, accountId: string) {
  const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw NotFound("Account");
  if (!isPrivileged(ctx.actor)) {
    const own = ctx.actor.type === "user" || ctx.actor.type === "api_key" ? ctx.actor.accountId : null;
    if (account.id !== own && account.parentAccountId !== own) throw NotFound("Account");
  }
  return account;
}

export { AppError };
