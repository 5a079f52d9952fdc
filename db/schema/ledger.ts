import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

/**
 * A wallet is a ledger account with two buckets, `available` and `held`. Customer wallets belong to an
 * account and can never go below zero; system accounts (provider float, revenue, commission expense,
 * deposits clearing, funding) have a `code` and may be negative. System wallets keep no cached
 * balance (their `available`/`held` stay 0, checked by `wallets_system_uncached` in migration 0009):
 * their balance is the sum of their postings, so no settlement waits on a shared row.
 */
export const wallets = pgTable(
  "wallets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").references(() => accounts.id),
    kind: text("kind", { enum: ["customer", "system"] }).notNull(),
    code: text("code"),
    currency: text("currency").notNull(),
    available: bigint("available", { mode: "bigint" }).notNull().default(sql`0`),
    held: bigint("held", { mode: "bigint" }).notNull().default(sql`0`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("wallets_customer_available_nonneg", sql`${t.kind} <> 'customer' OR ${t.available} >= 0`),
    check("wallets_held_nonneg", sql`${t.kind} <> 'customer' OR ${t.held} >= 0`),
    check("wallets_owner", sql`(${t.kind} = 'customer') = (${t.accountId} IS NOT NULL)`),
    uniqueIndex("wallets_account_currency_uq").on(t.accountId, t.currency),
    uniqueIndex("wallets_system_code_uq").on(t.code, t.currency),
  ],
);

export const journals = pgTable(
  "journals",
  {
    id: text("id").primaryKey(),
    // Every ledger operation carries one; a retried step finds its journal and posts nothing.
    idempotencyKey: text("idempotency_key").notNull(),
    kind: text("kind", { enum: ["credit", "debit", "hold", "capture", "release", "reverse", "transfer", "deposit"] }).notNull(),
    memo: text("memo"),
    // The journal this one reverses, if any.
    reversesJournalId: text("reverses_journal_id"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("journals_idempotency_uq").on(t.idempotencyKey), uniqueIndex("journals_reverses_uq").on(t.reversesJournalId)],
);

export const postings = pgTable(
  "postings",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    journalId: text("journal_id").notNull().references(() => journals.id),
    walletId: text("wallet_id").notNull().references(() => wallets.id),
    bucket: text("bucket", { enum: ["available", "held"] }).notNull(),
    currency: text("currency").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("postings_journal_idx").on(t.journalId), index("postings_wallet_idx").on(t.walletId)],
);

/** Money set aside from a wallet's available balance for an owner (a recharge) until captured or released. */
export const holds = pgTable(
  "holds",
  {
    id: text("id").primaryKey(),
    walletId: text("wallet_id").notNull().references(() => wallets.id),
    accountId: text("account_id").notNull().references(() => accounts.id),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["open", "captured", "released"] }).notNull().default("open"),
    ownerType: text("owner_type").notNull(),
    ownerId: text("owner_id").notNull(),
    holdJournalId: text("hold_journal_id").notNull().references(() => journals.id),
    settleJournalId: text("settle_journal_id").references(() => journals.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    check("holds_amount_positive", sql`${t.amount} > 0`),
    index("holds_wallet_idx").on(t.walletId),
    index("holds_account_idx").on(t.accountId),
    uniqueIndex("holds_owner_uq").on(t.ownerType, t.ownerId),
  ],
);

export type Wallet = typeof wallets.$inferSelect;
export type Journal = typeof journals.$inferSelect;
export type Posting = typeof postings.$inferSelect;
export type Hold = typeof holds.$inferSelect;
