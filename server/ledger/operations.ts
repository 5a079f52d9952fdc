import { and, eq } from "drizzle-orm";
import { holds, journals, postings, wallets, type Hold } from "@/db/schema";
import { type Ctx, withTransaction } from "@/server/context";
import { AppError, Conflict, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { postJournal, type PostResult } from "./post";
import { getSystemWallet, type SystemCode } from "./wallets";

// The six ledger verbs. Each is one journal, idempotent on its key, and composes inside a caller's
// transaction (withTransaction reuses it).

function positive(amount: bigint) {
  if (amount <= 0n) throw ValidationFailed("Amount must be greater than zero.", { amount: "must be > 0" });
}

async function loadWallet(ctx: Ctx & { db: import("@/db/client").Tx }, walletId: string) {
  const [wallet] = await ctx.db.select().from(wallets).where(eq(wallets.id, walletId));
  if (!wallet) throw NotFound("Wallet");
  return wallet;
}

/**
 * Money in from outside (admin credit, deposit): system `source` → wallet.available. `kind` names the
 * journal for statements: `deposit` for a USDT top-up (source `deposits`, the clearing account).
 */
export function credit(
  ctx: Ctx,
  input: { walletId: string; amount: bigint; idempotencyKey: string; source?: SystemCode; kind?: "credit" | "deposit"; memo?: string; metadata?: Record<string, unknown>; wallet?: { currency: string } },
): Promise<PostResult> {
  positive(input.amount);
  return withTransaction(ctx, async (tx) => {
    // A caller that has the wallet (a hold's) passes its currency, which never changes.
    const wallet = input.wallet ? { id: input.walletId, currency: input.wallet.currency } : await loadWallet(tx, input.walletId);
    const source = await getSystemWallet(tx.db, input.source ?? "funding", wallet.currency);
    return postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: input.kind ?? "credit",
      memo: input.memo,
      metadata: input.metadata,
      lines: [
        { walletId: source.id, bucket: "available", amount: -input.amount, currency: wallet.currency },
        { walletId: wallet.id, bucket: "available", amount: input.amount, currency: wallet.currency },
      ],
    });
  });
}

/** Money out (admin debit): wallet.available → system `destination`; refused if it would go negative. */
export function debit(ctx: Ctx, input: { walletId: string; amount: bigint; idempotencyKey: string; destination?: SystemCode; memo?: string; metadata?: Record<string, unknown> }): Promise<PostResult> {
  positive(input.amount);
  return withTransaction(ctx, async (tx) => {
    const wallet = await loadWallet(tx, input.walletId);
    const destination = await getSystemWallet(tx.db, input.destination ?? "funding", wallet.currency);
    return postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: "debit",
      memo: input.memo,
      metadata: input.metadata,
      lines: [
        { walletId: wallet.id, bucket: "available", amount: -input.amount, currency: wallet.currency },
        { walletId: destination.id, bucket: "available", amount: input.amount, currency: wallet.currency },
      ],
    });
  });
}

/** Between two customer wallets of one currency (a merchant funding its retailer). */
export function transfer(ctx: Ctx, input: { fromWalletId: string; toWalletId: string; amount: bigint; idempotencyKey: string; memo?: string; metadata?: Record<string, unknown> }): Promise<PostResult> {
  positive(input.amount);
  return withTransaction(ctx, async (tx) => {
    const from = await loadWallet(tx, input.fromWalletId);
    const to = await loadWallet(tx, input.toWalletId);
    if (from.currency !== to.currency) throw ValidationFailed("Both wallets must hold the same currency.");
    return postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: "transfer",
      memo: input.memo,
      metadata: input.metadata,
      lines: [
        { walletId: from.id, bucket: "available", amount: -input.amount, currency: from.currency },
        { walletId: to.id, bucket: "available", amount: input.amount, currency: to.currency },
      ],
    });
  });
}

export type HoldResult = { hold: Hold; replayed: boolean; availableBefore: bigint; availableAfter: bigint };

/**
 * Sets `amount` aside for an owner: available → held in one conditional UPDATE. Throws
 * InsufficientBalance (and writes nothing) when the wallet cannot cover it.
 */
export function placeHold(
  ctx: Ctx,
  input: { walletId: string; amount: bigint; owner: { type: string; id: string }; idempotencyKey: string; memo?: string; wallet?: { currency: string; accountId: string | null } },
): Promise<HoldResult> {
  positive(input.amount);
  return withTransaction(ctx, async (tx) => {
    // The caller usually has the wallet already; its currency and owner never change.
    const wallet = input.wallet ?? (await tx.db.select({ currency: wallets.currency, accountId: wallets.accountId }).from(wallets).where(eq(wallets.id, input.walletId)))[0];
    if (!wallet?.accountId) throw NotFound("Wallet");
    const { journal, replayed, balances } = await postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: "hold",
      memo: input.memo,
      metadata: { owner_type: input.owner.type, owner_id: input.owner.id },
      lines: [
        { walletId: input.walletId, bucket: "available", amount: -input.amount, currency: wallet.currency },
        { walletId: input.walletId, bucket: "held", amount: input.amount, currency: wallet.currency },
      ],
    });
    if (replayed) {
      const [hold] = await tx.db.select().from(holds).where(eq(holds.holdJournalId, journal.id));
      return { hold, replayed, availableBefore: 0n, availableAfter: 0n };
    }
    const after = balances.get(input.walletId)!;
    const [hold] = await tx.db
      .insert(holds)
      .values({
        id: createId("hold"),
        walletId: input.walletId,
        accountId: wallet.accountId,
        amount: input.amount,
        currency: wallet.currency,
        ownerType: input.owner.type,
        ownerId: input.owner.id,
        holdJournalId: journal.id,
      })
      .returning();
    return { hold, replayed, availableBefore: after.available + input.amount, availableAfter: after.available };
  });
}

/** A hold named by its id, or by its owner (a recharge has exactly one). */
type HoldRef = { holdId: string; owner?: undefined } | { owner: { type: string; id: string }; holdId?: undefined };

async function settleHold(
  ctx: Ctx,
  input: HoldRef & { idempotencyKey: string; memo?: string },
  outcome: "captured" | "released",
  destination: SystemCode,
): Promise<PostResult & { hold: Hold }> {
  return withTransaction(ctx, async (tx) => {
    // Lock the hold first: two settlements of one hold serialize here.
    const which = input.owner ? and(eq(holds.ownerType, input.owner.type), eq(holds.ownerId, input.owner.id)) : eq(holds.id, input.holdId!);
    const [hold] = await tx.db.select().from(holds).where(which).for("update");
    if (!hold) throw NotFound("Hold");
    if (hold.status !== "open") {
      const [journal] = await tx.db.select().from(journals).where(eq(journals.idempotencyKey, input.idempotencyKey));
      if (journal && journal.id === hold.settleJournalId) return { journal, replayed: true, balances: new Map(), hold };
      throw Conflict(`The hold is already ${hold.status}.`, { hold_id: hold.id });
    }
    const target = outcome === "captured" ? (await getSystemWallet(tx.db, destination, hold.currency)).id : hold.walletId;
    const result = await postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: outcome === "captured" ? "capture" : "release",
      memo: input.memo,
      metadata: { hold_id: hold.id, owner_type: hold.ownerType, owner_id: hold.ownerId },
      lines: [
        { walletId: hold.walletId, bucket: "held", amount: -hold.amount, currency: hold.currency },
        { walletId: target, bucket: "available", amount: hold.amount, currency: hold.currency },
      ],
    });
    if (result.replayed) throw new AppError("idempotency_conflict", "This idempotency key settled another hold.");
    const [updated] = await tx.db
      .update(holds)
      .set({ status: outcome, settleJournalId: result.journal.id, settledAt: new Date() })
      .where(eq(holds.id, hold.id))
      .returning();
    return { ...result, hold: updated };
  });
}

/** The held money leaves the wallet for `destination` (the provider's float for a recharge). */
export function captureHold(ctx: Ctx, input: HoldRef & { idempotencyKey: string; destination?: SystemCode; memo?: string }) {
  return settleHold(ctx, input, "captured", input.destination ?? "revenue");
}

/** The held money goes back to the wallet's available balance. */
export function releaseHold(ctx: Ctx, input: HoldRef & { idempotencyKey: string; memo?: string }) {
  return settleHold(ctx, input, "released", "funding");
}

/**
 * A new journal with every posting of `journalId` negated (a refund, a reversal, a correction). A
 * journal is reversed at most once; holds cannot be reversed (release them).
 */
export function reverseJournal(ctx: Ctx, input: { journalId: string; idempotencyKey: string; memo?: string; metadata?: Record<string, unknown> }): Promise<PostResult> {
  return withTransaction(ctx, async (tx) => {
    const [original] = await tx.db.select().from(journals).where(eq(journals.id, input.journalId));
    if (!original) throw NotFound("Journal");
    if (original.kind === "hold") throw Conflict("A hold is ended by capture or release, not reversed.");
    if (original.kind === "reverse") throw Conflict("A reversal cannot itself be reversed.");
    const lines = await tx.db.select().from(postings).where(eq(postings.journalId, original.id));
    const reversal = lines
      .filter((l) => l.bucket === "available")
      .map((l) => ({ walletId: l.walletId, bucket: "available" as const, amount: -l.amount, currency: l.currency }));
    // A capture's held posting comes back to `available` of the same wallet: the hold stays settled.
    for (const l of lines.filter((l) => l.bucket === "held")) {
      reversal.push({ walletId: l.walletId, bucket: "available", amount: -l.amount, currency: l.currency });
    }
    const [already] = await tx.db.select().from(journals).where(eq(journals.reversesJournalId, original.id));
    if (already && already.idempotencyKey !== input.idempotencyKey) {
      throw Conflict("This journal has already been reversed.", { reversal_journal_id: already.id });
    }
    return postJournal(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: "reverse",
      memo: input.memo,
      reversesJournalId: original.id,
      metadata: input.metadata,
      lines: reversal,
    });
  });
}
