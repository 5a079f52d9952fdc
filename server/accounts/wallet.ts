import { eq } from "drizzle-orm";
import { z } from "zod";
import { accounts, auditLog } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, scopedAccountId, withTransaction } from "@/server/context";
import { credit, debit, getAccountWallet, transfer } from "@/server/ledger";
import { Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { formatAmount, parseAmount } from "@/server/lib/money";

export const AdjustWalletInput = z.object({
  accountId: z.string().min(1),
  amount: z.string().min(1),
  direction: z.enum(["credit", "debit"]).default("credit"),
  note: z.string().trim().max(500).optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** An admin (or the CLI) puts money into or takes it out of a wallet, with a reason, audit-logged. */
export async function adjustWallet(args: { ctx: Ctx; input: z.input<typeof AdjustWalletInput> }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const input = AdjustWalletInput.parse(args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [account] = await tx.db.select().from(accounts).where(eq(accounts.id, input.accountId));
    if (!account) throw NotFound("Account");
    const amount = parseAmount(input.amount, account.currency);
    if (!amount || amount <= 0n) throw ValidationFailed("Amount must be a positive decimal like 100.00.", { amount: input.amount });
    const wallet = await getAccountWallet(tx.db, account.id);
    const key = input.idempotencyKey ?? `wallet-${input.direction}:${createId("jnl")}`;
    const op = input.direction === "credit" ? credit : debit;
    const { journal, replayed } = await op(tx, { walletId: wallet.id, amount, idempotencyKey: key, memo: input.note });
    if (!replayed) {
      await tx.db.insert(auditLog).values({
        id: createId("aud"),
        ...actorRef(tx.actor),
        accountId: account.id,
        action: `wallet.${input.direction}`,
        targetType: "wallet",
        targetId: wallet.id,
        details: { amount: formatAmount(amount, account.currency), currency: account.currency, note: input.note ?? null, journal_id: journal.id },
        requestId: tx.requestId,
      });
    }
    const after = await getAccountWallet(tx.db, account.id);
    return { journal_id: journal.id, replayed, balance: formatBalance(after) };
  });
}

export function formatBalance(wallet: { currency: string; available: bigint; held: bigint }) {
  return { currency: wallet.currency, available: formatAmount(wallet.available, wallet.currency), held: formatAmount(wallet.held, wallet.currency) };
}

export async function getBalance(ctx: Ctx, accountId?: string) {
  const id = scopedAccountId(ctx, accountId);
  return formatBalance(await getAccountWallet(ctx.db, id));
}

/** A merchant funds one of its retailers from its own wallet. */
export async function fundRetailer(args: { ctx: Ctx; input: { retailerAccountId: string; amount: string; note?: string; idempotencyKey?: string } }) {
  const merchantId = scopedAccountId(args.ctx);
  return withTransaction(args.ctx, async (tx) => {
    const [retailer] = await tx.db.select().from(accounts).where(eq(accounts.id, args.input.retailerAccountId));
    if (!retailer || retailer.parentAccountId !== merchantId) throw NotFound("Retailer");
    const amount = parseAmount(args.input.amount, retailer.currency);
    if (!amount || amount <= 0n) throw ValidationFailed("Amount must be a positive decimal like 100.00.", { amount: args.input.amount });
    const from = await getAccountWallet(tx.db, merchantId);
    const to = await getAccountWallet(tx.db, retailer.id);
    const key = args.input.idempotencyKey ?? `fund-retailer:${createId("jnl")}`;
    const note = args.input.note?.trim() || null;
    if (note && note.length > 200) throw ValidationFailed("Keep the note under 200 characters.", { note: "too long" });
    const result = await transfer(tx, { fromWalletId: from.id, toWalletId: to.id, amount, idempotencyKey: key, memo: `Funding ${retailer.name}`, metadata: note ? { note } : undefined });
    if (!result.replayed) {
      await tx.db.insert(auditLog).values({
        id: createId("aud"),
        ...actorRef(tx.actor),
        accountId: merchantId,
        action: "wallet.fund_retailer",
        targetType: "account",
        targetId: retailer.id,
        details: { amount: formatAmount(amount, retailer.currency), currency: retailer.currency, retailer: retailer.name, note, journal_id: result.journal.id },
        requestId: tx.requestId,
      });
    }
    return { journal_id: result.journal.id, balance: formatBalance(await getAccountWallet(tx.db, merchantId)) };
  });
}
