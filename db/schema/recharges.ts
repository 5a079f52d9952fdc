import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

export const RECHARGE_STATUSES = ["received", "held", "submitting", "pending", "succeeded", "failed", "refunded", "reversed"] as const;
export type RechargeStatus = (typeof RECHARGE_STATUSES)[number];
/** Statuses in which the order still owns an open hold on the wallet. */
export const OPEN_RECHARGE_STATUSES = ["received", "held", "submitting", "pending"] as const;

export const recharges = pgTable(
  "recharges",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    // The merchant's own order id: unique per account, the idempotency key of creation.
    reference: text("reference").notNull(),
    // Hash of the parameters that define the order; a replay with other parameters is a conflict.
    requestHash: text("request_hash").notNull(),
    // The Idempotency-Key header, when the merchant sent one: honoured like `reference`.
    idempotencyKey: text("idempotency_key"),
    channel: text("channel", { enum: ["api", "seed_api", "web", "cli", "bulk"] }).notNull(),
    service: text("service", { enum: ["mobile", "dth", "bill"] }).notNull(),
    accountType: text("account_type", { enum: ["prepaid", "postpaid"] }).notNull().default("prepaid"),
    country: text("country").notNull(),
    operator: text("operator").notNull(),
    // Subscriber number (national format) for mobile; customer/account number for dth and bills.
    target: text("target").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    commission: bigint("commission", { mode: "bigint" }).notNull().default(sql`0`),
    status: text("status", { enum: RECHARGE_STATUSES }).notNull(),
    failureCode: text("failure_code"),
    failureReason: text("failure_reason"),
    provider: text("provider"),
    providerRef: text("provider_ref"),
    operatorTransactionId: text("operator_transaction_id"),
    balanceBefore: bigint("balance_before", { mode: "bigint" }),
    balanceAfter: bigint("balance_after", { mode: "bigint" }),
    notifyUrl: text("notify_url"),
    // Providers already tried and definitely failed (failover never retries them).
    triedProviders: text("tried_providers").array().notNull().default([]),
    // Background work: when the next step (submit or status check) is due.
    nextRunAt: timestamp("next_run_at", { withTimezone: true }),
    checkAttempts: integer("check_attempts").notNull().default(0),
    checkDeadline: timestamp("check_deadline", { withTimezone: true }),
    // When the submit to the current provider was sent: its "no such order" is believable only once
    // that provider's idempotency window has passed since then.
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    // "No such order" answers from the current provider after its window (any other answer resets
    // them), and when the first came: a failover needs two, spaced apart.
    notFoundChecks: integer("not_found_checks").notNull().default(0),
    firstNotFoundAt: timestamp("first_not_found_at", { withTimezone: true }),
    // The last error a background step of this order hit (shown to admins), cleared by a clean step.
    lastError: text("last_error"),
    // Status checks ran out without a definite answer: an admin decides.
    needsReview: boolean("needs_review").notNull().default(false),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("recharges_account_reference_uq").on(t.accountId, t.reference),
    uniqueIndex("recharges_account_idempotency_uq").on(t.accountId, t.idempotencyKey),
    index("recharges_account_created_idx").on(t.accountId, t.createdAt),
    index("recharges_due_idx").on(t.nextRunAt).where(sql`${t.nextRunAt} IS NOT NULL`),
    index("recharges_dup_idx").on(t.accountId, t.target, t.operator, t.createdAt),
    check("recharges_amount_positive", sql`${t.amount} > 0`),
  ],
);

export const rechargeEvents = pgTable(
  "recharge_events",
  {
    id: text("id").primaryKey(),
    rechargeId: text("recharge_id").notNull().references(() => recharges.id),
    accountId: text("account_id").notNull().references(() => accounts.id),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    note: text("note"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recharge_events_recharge_idx").on(t.rechargeId), index("recharge_events_account_idx").on(t.accountId)],
);

export type Recharge = typeof recharges.$inferSelect;
export type RechargeEvent = typeof rechargeEvents.$inferSelect;
