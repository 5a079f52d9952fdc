import { type AnyPgColumn, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    type: text("type", { enum: ["merchant", "retailer"] }).notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    // A retailer may belong to a merchant (who funds its wallet).
    parentAccountId: text("parent_account_id").references((): AnyPgColumn => accounts.id),
    status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
    currency: text("currency").notNull(),
    webhookUrl: text("webhook_url"),
    // whsec_… signing secret, AES-256-GCM encrypted at rest (server/lib/crypto.ts).
    webhookSecretEnc: text("webhook_secret_enc"),
    webhookDisabledAt: timestamp("webhook_disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("accounts_email_uq").on(t.email), index("accounts_parent_idx").on(t.parentAccountId)],
);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "merchant", "retailer"] }).notNull(),
    // Admins act for no account; merchant and retailer users act for exactly one.
    accountId: text("account_id").references(() => accounts.id),
    // Part of every session token; bumped by a password change ("sign out everywhere"), so older
    // sessions stop working on their next request.
    sessionVersion: integer("session_version").notNull().default(1),
    // What last bumped it, so an ended session can say why (a suspension also ends sessions for good:
    // reactivating the account does not bring them back).
    sessionsEndedBy: text("sessions_ended_by", { enum: ["password_changed", "suspended"] }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_account_idx").on(t.accountId)],
);

export type Account = typeof accounts.$inferSelect;
export type User = typeof users.$inferSelect;
