import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

/**
 * Operators and billers that can be recharged. Seeded from server/catalog/operators.ts with
 * ON CONFLICT DO NOTHING, so what admins change here survives restarts and new releases.
 */
export const operators = pgTable(
  "operators",
  {
    // As merchants send it, spaces included ("GP ST").
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    country: text("country", { enum: ["BD", "IN", "CN"] }).notNull(),
    currency: text("currency", { enum: ["BDT", "INR", "CNY"] }).notNull(),
    services: text("services", { enum: ["mobile", "dth", "bill"] }).array().notNull(),
    kind: text("kind", { enum: ["mobile", "dth", "electricity", "water", "gas"] }).notNull(),
    // National-significant-number prefixes ("17" for 017…): what detection and the mismatch check use.
    prefixes: text("prefixes").array().notNull().default(sql`'{}'::text[]`),
    minAmount: bigint("min_amount", { mode: "bigint" }).notNull(),
    maxAmount: bigint("max_amount", { mode: "bigint" }).notNull(),
    // Postpaid bill payments may exceed the prepaid ceiling; null = same as max_amount.
    postpaidMaxAmount: bigint("postpaid_max_amount", { mode: "bigint" }),
    amountStep: bigint("amount_step", { mode: "bigint" }),
    // Null = any amount within the limits; set = only these fixed amounts.
    denominations: bigint("denominations", { mode: "bigint" }).array(),
    duplicateWindowSeconds: integer("duplicate_window_seconds").notNull().default(180),
    accountPattern: text("account_pattern"),
    accountLabel: text("account_label"),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("operators_amounts_valid", sql`${t.minAmount} > 0 AND ${t.maxAmount} >= ${t.minAmount}`),
    check("operators_postpaid_max_valid", sql`${t.postpaidMaxAmount} IS NULL OR ${t.postpaidMaxAmount} >= ${t.minAmount}`),
    check("operators_amount_step_positive", sql`${t.amountStep} IS NULL OR ${t.amountStep} > 0`),
    check("operators_duplicate_window_nonneg", sql`${t.duplicateWindowSeconds} >= 0`),
    index("operators_country_idx").on(t.country),
  ],
);

/** Numbers known to have moved to another operator (MNP): beats the prefix in detection. */
export const portabilityOverrides = pgTable("portability_overrides", {
  e164: text("e164").primaryKey(),
  operatorCode: text("operator_code")
    .notNull()
    .references(() => operators.code, { onUpdate: "cascade" }),
  note: text("note"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An operator answered that this number is not its subscriber: detection never proposes it again. */
export const numberRejections = pgTable(
  "number_rejections",
  {
    e164: text("e164").notNull(),
    operatorCode: text("operator_code")
      .notNull()
      .references(() => operators.code, { onUpdate: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.e164, t.operatorCode] })],
);

/** The operator that last recharged this number successfully: ground truth that outranks the prefix. */
export const numberLearnings = pgTable("number_learnings", {
  e164: text("e164").primaryKey(),
  operatorCode: text("operator_code")
    .notNull()
    .references(() => operators.code, { onUpdate: "cascade" }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Provider plan lists, kept 5–10 minutes (seed 000) so plan look-ups do not hit providers each time. */
export const plansCache = pgTable(
  "plans_cache",
  {
    operatorCode: text("operator_code")
      .notNull()
      .references(() => operators.code, { onUpdate: "cascade", onDelete: "cascade" }),
    // Telecom circle (IN); '' for operators whose plans are national, as a key column cannot be null.
    circle: text("circle").notNull().default(""),
    plans: jsonb("plans").$type<unknown[]>().notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorCode, t.circle] })],
);

/**
 * What an account earns per recharge: rate_bps of the amount plus flat, for amounts in
 * [min_amount, max_amount]. Null operator/account/currency means "any"; the most specific slab wins
 * (resolution lives with the pricing code). Amounts are minor units of the recharge currency.
 */
export const commissionSlabs = pgTable(
  "commission_slabs",
  {
    id: text("id").primaryKey(),
    operatorCode: text("operator_code").references(() => operators.code, { onUpdate: "cascade" }),
    accountId: text("account_id").references(() => accounts.id),
    // With no operator named, the amount bounds need a currency to mean anything.
    currency: text("currency"),
    minAmount: bigint("min_amount", { mode: "bigint" }).notNull().default(sql`0`),
    maxAmount: bigint("max_amount", { mode: "bigint" }),
    rateBps: integer("rate_bps").notNull(),
    flat: bigint("flat", { mode: "bigint" }).notNull().default(sql`0`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("commission_slabs_rate_valid", sql`${t.rateBps} >= 0 AND ${t.rateBps} <= 10000`),
    check("commission_slabs_flat_nonneg", sql`${t.flat} >= 0`),
    check("commission_slabs_range_valid", sql`${t.minAmount} >= 0 AND (${t.maxAmount} IS NULL OR ${t.maxAmount} >= ${t.minAmount})`),
    index("commission_slabs_account_idx").on(t.accountId),
    index("commission_slabs_operator_idx").on(t.operatorCode),
  ],
);

export type OperatorRow = typeof operators.$inferSelect;
export type NewOperatorRow = typeof operators.$inferInsert;
export type PortabilityOverride = typeof portabilityOverrides.$inferSelect;
export type NumberRejection = typeof numberRejections.$inferSelect;
export type NumberLearning = typeof numberLearnings.$inferSelect;
export type PlansCacheEntry = typeof plansCache.$inferSelect;
export type CommissionSlab = typeof commissionSlabs.$inferSelect;
export type NewCommissionSlab = typeof commissionSlabs.$inferInsert;
