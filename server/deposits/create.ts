// Deposit orders: a fresh TRON address per order (or, for the seed interface, one issued before),
// idempotent on the account's reference like recharges.
import { createHash } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, type Tx, rowsOf } from "@/db/client";
import { type Deposit, accounts, depositAddresses, deposits, wallets } from "@/db/schema";
import { type Ctx, scopedAccountId, withTransaction } from "@/server/context";
import { AppError, Forbidden, NotFound } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { validateWebhookUrl } from "@/server/webhooks/ssrf";
import { defaultExpiryMinutes, depositXpub } from "./config";
import { rateInForce } from "./rates";
import { deriveTronAddress } from "./tron";
import { parseUsdtMicro } from "./units";

/** Largest order we accept: 1,000,000 USDT. */
export const MAX_DEPOSIT_MICRO = 1_000_000n * 1_000_000n;

export const CreateDepositInput = z
  .object({
    amount: z.string().trim().min(1).max(24).describe('Expected amount in USDT, e.g. "25.00" (up to 4 decimals)'),
    reference: z.string().trim().min(1).max(64).regex(/^[\x21-\x7e]+$/, "Use printable characters without spaces."),
    notify_url: z.string().url().max(2000).optional(),
    expires_in_minutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  })
  .strict();
export type CreateDepositInput = z.input<typeof CreateDepositInput>;

export type CreateDepositOptions = {
  channel: Deposit["channel"];
  apiKeyId?: string | null;
  /** Admins and the CLI name the account; others act for their own. */
  accountId?: string;
  /** Seed orders: the address issued earlier by POST /api/merchant/address. */
  address?: string;
  localUserMark?: string | null;
  username?: string | null;
};

export type CreateDepositResult = { kind: "created" | "existing"; deposit: Deposit };

const hashOf = (p: Record<string, unknown>) => createHash("sha256").update(JSON.stringify(p)).digest("hex");

/** Which wallet a deposit credits: the account's USDT wallet if it has one, else its own currency's. */
export async function creditTarget(db: Executor, accountId: string) {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw NotFound("Account");
  const owned = await db.select().from(wallets).where(and(eq(wallets.accountId, accountId), inArray(wallets.currency, ["USDT", account.currency])));
  const wallet = owned.find((w) => w.currency === "USDT") ?? owned.find((w) => w.currency === account.currency);
  if (!wallet) throw NotFound("Wallet");
  return { account, wallet };
}

/** Allocates the next derivation index (a sequence: atomic, never reused) and records the address. */
export async function allocateAddress(db: Executor, accountId: string, localUserMark: string | null = null) {
  const xpub = depositXpub();
  const [{ index }] = rowsOf<{ index: number }>(await db.execute(sql`SELECT nextval('deposit_address_index_seq')::int AS index`));
  const [row] = await db
    .insert(depositAddresses)
    .values({ id: createId("dad"), accountId, derivationIndex: index, address: deriveTronAddress(xpub, index), localUserMark })
    .returning();
  return row;
}

class RaceLost extends Error {}

/**
 * Creates a deposit order, or returns the existing one for this reference (same parameters) — also
 * when two requests race. Another order on the same reference with other parameters is a 409.
 */
export async function createDeposit(args: { ctx: Ctx; input: CreateDepositInput; options: CreateDepositOptions }): Promise<CreateDepositResult> {
  const { ctx, options } = args;
  const input = CreateDepositInput.parse(args.input);
  const accountId = scopedAccountId(ctx, options.accountId);
  const expected = parseUsdtMicro(input.amount, 4);
  if (expected === null || expected <= 0n || expected > MAX_DEPOSIT_MICRO) {
    throw new AppError("invalid_amount", "The amount must be a positive USDT amount with at most 4 decimals, up to 1,000,000.", { amount: input.amount });
  }
  const notifyUrl = input.notify_url ? await validateWebhookUrl(input.notify_url) : null;
  const { account, wallet } = await creditTarget(ctx.db, accountId);
  if (account.status !== "active") throw Forbidden("This account is suspended.");
  const quote = wallet.currency === "USDT" ? null : await rateInForce(ctx.db, wallet.currency);
  if (wallet.currency !== "USDT" && quote === null) {
    throw new AppError("provider_unavailable", `USDT deposits to ${wallet.currency} wallets are unavailable: no USDT rate is set. Ask support.`, { currency: wallet.currency });
  }
  const expiresIn = input.expires_in_minutes ?? defaultExpiryMinutes();
  const hash = hashOf({ amount: expected.toString(), notify_url: notifyUrl, expires_in_minutes: input.expires_in_minutes ?? null, address: options.address ?? null, local_user_mark: options.localUserMark ?? null });

  const existing = await findByReference(ctx.db, accountId, input.reference);
  if (existing) return replay(existing, hash);
  try {
    const deposit = await withTransaction(ctx, async (tx) => {
      const address = options.address ? await claimIssuedAddress(tx.db, accountId, options.address) : await allocateAddress(tx.db, accountId, options.localUserMark ?? null);
      const [row] = await tx.db
        .insert(deposits)
        .values({
          id: createId("dep"),
          accountId,
          reference: input.reference,
          requestHash: hash,
          channel: options.channel,
          apiKeyId: options.apiKeyId ?? null,
          addressId: address.id,
          address: address.address,
          expectedMicro: expected,
          creditCurrency: wallet.currency,
          quoteRateMicro: quote,
          notifyUrl,
          localUserMark: options.localUserMark ?? address.localUserMark ?? null,
          username: options.username ?? null,
          expiresAt: sql`now() + make_interval(mins => ${expiresIn})`,
        })
        .onConflictDoNothing()
        .returning();
      // A racing twin committed first: roll back (the address allocated here is never used).
      if (!row) throw new RaceLost();
      return row;
    });
    return { kind: "created", deposit };
  } catch (error) {
    if (!(error instanceof RaceLost)) throw error;
    const raced = await findByReference(ctx.db, accountId, input.reference);
    if (!raced) throw new AppError("internal", "The deposit could not be recorded.");
    return replay(raced, hash);
  }
}

async function findByReference(db: Executor, accountId: string, reference: string) {
  const [row] = await db.select().from(deposits).where(and(eq(deposits.accountId, accountId), eq(deposits.reference, reference)));
  return row ?? null;
}

function replay(existing: Deposit, hash: string): CreateDepositResult {
  if (existing.requestHash !== hash) {
    throw new AppError("idempotency_conflict", "This reference was already used for a deposit with different parameters.", { reference: existing.reference, deposit_id: existing.id });
  }
  return { kind: "existing", deposit: existing };
}

/**
 * An address issued earlier to this account (seed flow). It may back one open order at a time, so a
 * payment to it can never be matched to two orders.
 */
async function claimIssuedAddress(db: Tx, accountId: string, address: string) {
  const [row] = await db.select().from(depositAddresses).where(eq(depositAddresses.address, address)).for("update");
  if (!row || row.accountId !== accountId) throw new AppError("validation_failed", "This address was not issued to you.", { address });
  const [open] = await db
    .select({ id: deposits.id, reference: deposits.reference })
    .from(deposits)
    .where(and(eq(deposits.addressId, row.id), inArray(deposits.status, ["awaiting_payment", "confirming"])))
    .orderBy(desc(deposits.createdAt))
    .limit(1);
  if (open) throw new AppError("conflict", "This address already has an open order; request a new address.", { address, orderid: open.reference });
  return row;
}

/** Issues an address for the seed's end user (`localusermark`) without an order yet. */
export async function issueDepositAddress(args: { ctx: Ctx; accountId?: string; localUserMark: string }) {
  const accountId = scopedAccountId(args.ctx, args.accountId);
  return withTransaction(args.ctx, (tx) => allocateAddress(tx.db, accountId, args.localUserMark));
}
