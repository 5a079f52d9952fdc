import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { recharges } from "./recharges";

/** Levels by cumulative points (seed 002's reward block: new_level_id / new_level_key). */
export const rewardLevels = pgTable("reward_levels", {
  id: integer("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  // Points in hundredths (0.10 points = 10).
  minPoints: bigint("min_points", { mode: "bigint" }).notNull(),
});

/** Points earned per recharge; unique per recharge so a retried step awards once. */
export const rewardPoints = pgTable(
  "reward_points",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    rechargeId: text("recharge_id").notNull().references(() => recharges.id),
    points: bigint("points", { mode: "bigint" }).notNull(),
    levelId: integer("level_id").references(() => rewardLevels.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Taken back when the recharge was refunded or reversed: no longer counts toward the level.
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("reward_points_recharge_uq").on(t.rechargeId), index("reward_points_account_idx").on(t.accountId)],
);

/**
 * Each account's standing points (awards not taken back), kept by a trigger on reward_points (every
 * insert, revocation or delete moves it; migration 0015), so a level is an O(1) read, not a sum over
 * the account's whole history.
 */
export const rewardTotals = pgTable(
  "reward_totals",
  {
    accountId: text("account_id")
      .primaryKey()
      .references(() => accounts.id),
    // Hundredths, like reward_points.points.
    points: bigint("points", { mode: "bigint" }).notNull().default(sql`0`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
);

/** Admin-set cashback offers; a matching succeeded recharge earns cashback into the wallet. */
export const cashbackOffers = pgTable(
  "cashback_offers",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    operatorCode: text("operator_code"),
    currency: text("currency").notNull(),
    minAmount: bigint("min_amount", { mode: "bigint" }).notNull().default(sql`0`),
    rateBps: integer("rate_bps").notNull(),
    maxCashback: bigint("max_cashback", { mode: "bigint" }).notNull(),
    maxPerAccount: integer("max_per_account").notNull().default(1),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("cashback_rate_valid", sql`${t.rateBps} > 0 AND ${t.rateBps} <= 10000`), check("cashback_window_valid", sql`${t.endsAt} > ${t.startsAt}`)],
);

export const cashbackGrants = pgTable(
  "cashback_grants",
  {
    id: text("id").primaryKey(),
    offerId: text("offer_id").notNull().references(() => cashbackOffers.id),
    accountId: text("account_id").notNull().references(() => accounts.id),
    rechargeId: text("recharge_id").notNull().references(() => recharges.id),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    journalId: text("journal_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Taken back (its journal reversed) when the recharge was refunded or reversed.
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("cashback_grants_recharge_uq").on(t.rechargeId), index("cashback_grants_account_idx").on(t.accountId, t.offerId)],
);

export type RewardLevel = typeof rewardLevels.$inferSelect;
export type CashbackOffer = typeof cashbackOffers.$inferSelect;
