import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, users } from "./accounts";
import { recharges } from "./recharges";

/** A retailer's or merchant's dispute of a recharge ("succeeded but not received"). */
export const complaints = pgTable(
  "complaints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    rechargeId: text("recharge_id").notNull().references(() => recharges.id),
    kind: text("kind", { enum: ["not_received", "wrong_number", "wrong_amount", "other"] }).notNull(),
    message: text("message").notNull(),
    status: text("status", { enum: ["open", "refunded", "rejected"] }).notNull().default("open"),
    // What the admin tells the account when closing it.
    resolutionNote: text("resolution_note"),
    resolvedBy: text("resolved_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    index("complaints_account_idx").on(t.accountId, t.createdAt),
    index("complaints_status_idx").on(t.status, t.createdAt),
    // One open complaint per recharge at a time.
    uniqueIndex("complaints_open_uq").on(t.rechargeId).where(sql`${t.status} = 'open'`),
  ],
);

export type Complaint = typeof complaints.$inferSelect;
