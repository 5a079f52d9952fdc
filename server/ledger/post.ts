import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { journals, postings, wallets, type Journal } from "@/db/schema";
import { AppError, InsufficientBalance } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { knownSystemWalletCurrency, rememberSystemWallet } from "./wallets";

export type Line = { walletId: string; bucket: "available" | "held"; amount: bigint; currency: string };

/** `balances`: each customer wallet's cached balance after this journal (empty on a replay). */
export type PostResult = { journal: Journal; replayed: boolean; balances: Map<string, { available: bigint; held: bigint }> };

/** A journal's lines as a canonical string (order-free, zero lines dropped), to compare a replay. */
function linesKey(lines: ReadonlyArray<Pick<Line, "walletId" | "bucket" | "amount" | "currency">>) {
  return lines
    .filter((l) => l.amount !== 0n)
    .map((l) => `${l.walletId}|${l.bucket}|${l.currency}|${l.amount}`)
    .sort()
    .join(";");
}

/**
 * Writes one journal and its postings, and moves the wallets' cached balances in the same transaction.
 *
 * - Idempotent: the journal row is claimed first by its idempotency key (ON CONFLICT DO NOTHING); if it
 *   exists, nothing is posted and the first journal is returned. A racing duplicate waits on the unique
 *   index until the first commits.
 * - Each customer wallet moves in one conditional UPDATE (it may not go below zero), so concurrent
 *   debits can never overdraw: there is no read-then-write. System wallets are not updated: their
 *   balance is their postings' sum.
 * - Lines must sum to zero per currency (the database re-checks at commit).
 */
export async function postJournal(
  tx: Tx,
  input: {
    idempotencyKey: string;
    kind: Journal["kind"];
    memo?: string;
    reversesJournalId?: string;
    metadata?: Record<string, unknown>;
    lines: Line[];
  },
): Promise<PostResult> {
  const sums = new Map<string, bigint>();
  for (const line of input.lines) sums.set(line.currency, (sums.get(line.currency) ?? 0n) + line.amount);
  for (const [currency, sum] of sums) {
    if (sum !== 0n) throw new AppError("internal", `Unbalanced journal in ${currency}.`);
  }

  const [journal] = await tx
    .insert(journals)
    .values({
      id: createId("jnl"),
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      memo: input.memo,
      reversesJournalId: input.reversesJournalId,
      metadata: input.metadata ?? {},
    })
    .onConflictDoNothing({ target: journals.idempotencyKey })
    .returning();
  if (!journal) {
    // A replay must be the same operation: same kind and the very same lines. Anything else would
    // report success while no money moved.
    const [existing] = await tx.select().from(journals).where(eq(journals.idempotencyKey, input.idempotencyKey));
    const stored = existing ? await tx.select().from(postings).where(eq(postings.journalId, existing.id)) : [];
    if (!existing || existing.kind !== input.kind || linesKey(stored) !== linesKey(input.lines)) {
      throw new AppError("idempotency_conflict", "This idempotency key was used for another ledger operation.", {
        idempotency_key: input.idempotencyKey,
        journal_id: existing?.id ?? null,
      });
    }
    return { journal: existing, replayed: true, balances: new Map() };
  }

  // The postings first, the wallets last: a wallet's row lock is taken as late as possible, so a busy
  // wallet is held for the rest of the caller's transaction only.
  await tx.insert(postings).values(
    input.lines.filter((l) => l.amount !== 0n).map((l) => ({ journalId: journal.id, walletId: l.walletId, bucket: l.bucket, currency: l.currency, amount: l.amount })),
  );

  // One UPDATE per customer wallet, in id order so two journals touching the same wallets cannot
  // deadlock. System wallets keep no cached balance (see wallets.ts): nothing to lock or update.
  const deltas = new Map<string, { available: bigint; held: bigint; currency: string }>();
  for (const line of input.lines) {
    const d = deltas.get(line.walletId) ?? { available: 0n, held: 0n, currency: line.currency };
    d[line.bucket] += line.amount;
    deltas.set(line.walletId, d);
  }
  const balances = new Map<string, { available: bigint; held: bigint }>();
  for (const walletId of [...deltas.keys()].sort()) {
    const d = deltas.get(walletId)!;
    const systemCurrency = knownSystemWalletCurrency(walletId);
    if (systemCurrency !== undefined) {
      if (systemCurrency !== d.currency) throw new AppError("internal", `Wallet ${walletId} does not hold ${d.currency}.`);
      continue;
    }
    const [moved] = await tx
      .update(wallets)
      .set({
        available: sql`${wallets.available} + ${d.available.toString()}::bigint`,
        held: sql`${wallets.held} + ${d.held.toString()}::bigint`,
        updatedAt: sql`now()`,
      })
      .where(
        sql`${wallets.id} = ${walletId} AND ${wallets.currency} = ${d.currency} AND ${wallets.kind} = 'customer' AND ${wallets.available} + ${d.available.toString()}::bigint >= 0 AND ${wallets.held} + ${d.held.toString()}::bigint >= 0`,
      )
      .returning({ available: wallets.available, held: wallets.held });
    if (moved) {
      balances.set(walletId, moved);
      continue;
    }
    const [w] = await tx
      .select({ id: wallets.id, code: wallets.code, currency: wallets.currency, kind: wallets.kind, settled: sql<boolean>`${wallets.updatedAt} < now()` })
      .from(wallets)
      .where(eq(wallets.id, walletId));
    if (!w || w.currency !== d.currency) throw new AppError("internal", `Wallet ${walletId} does not hold ${d.currency}.`);
    if (w.kind === "system") {
      // Remembered only once certainly committed (not created by this very transaction).
      if (w.settled) rememberSystemWallet(w);
      continue;
    }
    throw new InsufficientBalance({ wallet_id: walletId });
  }

  return { journal, replayed: false, balances };
}
