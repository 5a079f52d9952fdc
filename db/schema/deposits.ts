import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgSequence, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { apiKeys } from "./api-keys";
import { journals, wallets } from "./ledger";

/**
 * BIP44 address indexes (m/44'/195'/0'/0/i) are handed out by this sequence: nextval is atomic and
 * never returns a value twice, even across transactions that roll back, so no two orders can ever
 * share an address (a rolled-back index is simply never used).
 */
export const depositAddressIndexSeq = pgSequence("deposit_address_index_seq", { startWith: 0, minValue: 0 });

export const DEPOSIT_STATUSES = ["awaiting_payment", "confirming", "credited", "expired"] as const;
export const DEPOSIT_FLAGS = ["underpaid", "overpaid", "late", "unsolicited"] as const;
export type DepositFlag = (typeof DEPOSIT_FLAGS)[number];

/** A TRON (TRC20 USDT) address derived from the platform's xpub, issued to one account. */
export const depositAddresses = pgTable(
  "deposit_addresses",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    derivationIndex: integer("derivation_index").notNull(),
    address: text("address").notNull(),
    // The merchant's end user (seed `localusermark`), when the address was issued for one.
    localUserMark: text("local_user_mark"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("deposit_addresses_index_uq").on(t.derivationIndex),
    uniqueIndex("deposit_addresses_address_uq").on(t.address),
    index("deposit_addresses_account_idx").on(t.accountId),
  ],
);

/**
 * A top-up order: the account expects `expected_micro` USDT (6 decimals, the token's own precision)
 * at `address` before `expires_at`. What actually arrives is credited, transfer by transfer.
 */
export const deposits = pgTable(
  "deposits",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    reference: text("reference").notNull(),
    requestHash: text("request_hash").notNull(),
    channel: text("channel", { enum: ["api", "seed", "dashboard", "cli", "chain"] }).notNull(),
    // The key that created it (seed orders sign their callback with its secret).
    apiKeyId: text("api_key_id").references(() => apiKeys.id),
    addressId: text("address_id").notNull().references(() => depositAddresses.id),
    address: text("address").notNull(),
    expectedMicro: bigint("expected_micro", { mode: "bigint" }).notNull(),
    receivedMicro: bigint("received_micro", { mode: "bigint" }).notNull().default(sql`0`),
    status: text("status", { enum: DEPOSIT_STATUSES }).notNull().default("awaiting_payment"),
    flags: text("flags").array().$type<DepositFlag[]>().notNull().default([]),
    // What the wallet is credited in, and the rate quoted when the order was made (the rate applied is
    // the one in force at confirmation, recorded per transfer and on its journal).
    creditCurrency: text("credit_currency").notNull(),
    quoteRateMicro: bigint("quote_rate_micro", { mode: "bigint" }),
    creditedMinor: bigint("credited_minor", { mode: "bigint" }).notNull().default(sql`0`),
    notifyUrl: text("notify_url"),
    localUserMark: text("local_user_mark"),
    username: text("username"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    creditedAt: timestamp("credited_at", { withTimezone: true }),
    expiredAt: timestamp("expired_at", { withTimezone: true }),
    // An admin's review of a flagged deposit.
    resolution: text("resolution"),
    resolvedBy: text("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("deposits_expected_nonneg", sql`${t.expectedMicro} >= 0`),
    check("deposits_received_nonneg", sql`${t.receivedMicro} >= 0`),
    uniqueIndex("deposits_account_reference_uq").on(t.accountId, t.reference),
    index("deposits_account_idx").on(t.accountId, t.createdAt),
    index("deposits_address_idx").on(t.addressId, t.createdAt),
    index("deposits_due_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'awaiting_payment'`),
  ],
);

/**
 * One token transfer seen on chain by the watcher, keyed by (tx hash, log index): however many
 * notifications arrive for it, it is credited at most once (unique key, and the journal's
 * idempotency key `deposit:<tx>:<log>`).
 */
export const chainTransfers = pgTable(
  "chain_transfers",
  {
    id: text("id").primaryKey(),
    txHash: text("tx_hash").notNull(),
    logIndex: integer("log_index").notNull(),
    address: text("address").notNull(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    depositId: text("deposit_id").notNull().references(() => deposits.id),
    amountMicro: bigint("amount_micro", { mode: "bigint" }).notNull(),
    blockNumber: bigint("block_number", { mode: "number" }).notNull(),
    confirmations: integer("confirmations").notNull().default(0),
    status: text("status", { enum: ["confirming", "credited", "dropped"] }).notNull().default("confirming"),
    walletId: text("wallet_id").references(() => wallets.id),
    rateMicro: bigint("rate_micro", { mode: "bigint" }),
    creditedMinor: bigint("credited_minor", { mode: "bigint" }),
    journalId: text("journal_id").references(() => journals.id),
    late: boolean("late").notNull().default(false),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    creditedAt: timestamp("credited_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("chain_transfers_amount_positive", sql`${t.amountMicro} > 0`),
    uniqueIndex("chain_transfers_tx_log_uq").on(t.txHash, t.logIndex),
    uniqueIndex("chain_transfers_journal_uq").on(t.journalId),
    index("chain_transfers_deposit_idx").on(t.depositId),
    index("chain_transfers_account_idx").on(t.accountId),
  ],
);

/**
 * USDT → currency rates set by admins, append-only: the rate in force at a moment is the latest row
 * created before it. `rate_micro` = units of the currency per 1 USDT × 1,000,000.
 */
export const usdtRates = pgTable(
  "usdt_rates",
  {
    id: text("id").primaryKey(),
    currency: text("currency").notNull(),
    rateMicro: bigint("rate_micro", { mode: "bigint" }).notNull(),
    setBy: text("set_by"),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("usdt_rates_positive", sql`${t.rateMicro} > 0`), index("usdt_rates_currency_idx").on(t.currency, t.createdAt)],
);

export type DepositAddress = typeof depositAddresses.$inferSelect;
export type Deposit = typeof deposits.$inferSelect;
export type ChainTransfer = typeof chainTransfers.$inferSelect;
export type UsdtRate = typeof usdtRates.$inferSelect;
