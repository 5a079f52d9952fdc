import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { wallets } from "@/db/schema";
import { createId } from "@/server/lib/ids";
import { NotFound } from "@/server/lib/errors";

/**
 * System accounts of the ledger. Provider floats are `provider:<name>`. `losses` carries what we owe a
 * provider for a recharge we could not charge anyone for (a success reported after the order was
 * resolved as failed).
 */
export type SystemCode = "funding" | "revenue" | "commission" | "cashback" | "refunds" | "deposits" | "losses" | `provider:${string}`;

export async function getSystemWallet(db: Executor, code: SystemCode, currency: string) {
  const [created] = await db
    .insert(wallets)
    .values({ id: createId("wal"), kind: "system", code, currency })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [existing] = await db.select().from(wallets).where(and(eq(wallets.code, code), eq(wallets.currency, currency)));
  return existing;
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
