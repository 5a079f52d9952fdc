import { and, eq, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { wallets } from "@/db/schema";
import { createId } from "@/server/lib/ids";
import { NotFound } from "@/server/lib/errors";
import { onClearProcessCaches } from "@/server/lib/cache";

/**
 * System accounts of the ledger. Provider floats are `provider:<name>`. `losses` carries what we owe a
 * provider for a recharge we could not charge anyone for (a success reported after the order was
 * resolved as failed).
 */
export type SystemCode = "funding" | "revenue" | "commission" | "cashback" | "refunds" | "deposits" | "losses" | `provider:${string}`;

/**
 * System wallets keep no cached balance: every settlement in the system posts to one of them, so a
 * cached row would be a lock every settlement waits on. Their balance is the sum of their postings
 * (`systemBalance`); their `available`/`held` columns stay 0 (a database check says so). A system
 * wallet's id and currency never change, so each process remembers them once seen.
 */
const systemWallets = new Map<string, { id: string; currency: string }>();
const systemById = new Map<string, string>();
onClearProcessCaches(() => {
  systemWallets.clear();
  systemById.clear();
});

function remember(row: { id: string; code: string | null; currency: string }) {
  const entry = { id: row.id, currency: row.currency };
  systemWallets.set(`${row.code}|${row.currency}`, entry);
  systemById.set(row.id, row.currency);
  return entry;
}

/** The currency of a system wallet this process has seen, or undefined (unknown, or a customer wallet). */
export function knownSystemWalletCurrency(walletId: string): string | undefined {
  return systemById.get(walletId);
}

export function rememberSystemWallet(row: { id: string; code: string | null; currency: string }) {
  remember(row);
}

export async function getSystemWallet(db: Executor, code: SystemCode, currency: string): Promise<{ id: string; currency: string }> {
  const cached = systemWallets.get(`${code}|${currency}`);
  if (cached) return cached;
  const [created] = await db
    .insert(wallets)
    .values({ id: createId("wal"), kind: "system", code, currency })
    .onConflictDoNothing()
    .returning({ id: wallets.id, code: wallets.code, currency: wallets.currency });
  if (created) {
    // Not remembered until it is certainly committed: the caller's transaction may still roll back.
    return { id: created.id, currency: created.currency };
  }
  const [existing] = await db
    .select({ id: wallets.id, code: wallets.code, currency: wallets.currency, settled: sql<boolean>`${wallets.updatedAt} < now()` })
    .from(wallets)
    .where(and(eq(wallets.code, code), eq(wallets.currency, currency)));
  // Created by this very transaction (it may still roll back): not remembered yet.
  if (!existing.settled) return { id: existing.id, currency: existing.currency };
  return remember(existing);
}

/** A system account's balance: the sum of its postings (what a cached row would have said). */
export async function systemBalance(db: Executor, code: SystemCode, currency: string): Promise<{ available: bigint; held: bigint }> {
  const [row] = rowsOf<{ available: string | null; held: string | null }>(
    await db.execute(sql`
      SELECT sum(p.amount) FILTER (WHERE p.bucket = 'available')::text AS available, sum(p.amount) FILTER (WHERE p.bucket = 'held')::text AS held
      FROM wallets w JOIN postings p ON p.wallet_id = w.id
      WHERE w.kind = 'system' AND w.code = ${code} AND w.currency = ${currency}`),
  );
  return { available: BigInt(row?.available ?? 0), held: BigInt(row?.held ?? 0) };
}

export async function createCustomerWallet(db: Executor, accountId: string, currency: string) {
  const [wallet] = await db.insert(wallets).values({ id: createId("wal"), kind: "customer", accountId, currency }).returning();
  return wallet;
}

export async function getAccountWallet(db: Executor, accountId: string) {
  const [wallet] = await db.select().from(wallets).where(eq(wallets.accountId, accountId));
  if (!wallet) throw NotFound("Wallet");
  return wallet;
}
