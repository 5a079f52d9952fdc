import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { providers } from "./providers";

/** One comparison of a provider's statement for a day with our books (server/recon). */
export const reconRuns = pgTable(
  "recon_runs",
  {
    id: text("id").primaryKey(),
    provider: text("provider").notNull().references(() => providers.name, { onUpdate: "cascade" }),
    /** The UTC day compared, YYYY-MM-DD: orders created in [period_start, period_end). */
    day: text("day").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    trigger: text("trigger", { enum: ["schedule", "admin", "cli"] }).notNull(),
    status: text("status", { enum: ["running", "completed", "failed"] }).notNull().default("running"),
    statementOrders: integer("statement_orders").notNull().default(0),
    ourOrders: integer("our_orders").notNull().default(0),
    matched: integer("matched").notNull().default(0),
    differences: integer("differences").notNull().default(0),
    newDifferences: integer("new_differences").notNull().default(0),
    /** Differences found by kind, e.g. {"provider_performed": 1}. */
    counts: jsonb("counts").$type<Record<string, number>>().notNull().default({}),
    /** The provider's float, in its currency's minor units: what they report, and what our books expect. */
    floatCurrency: text("float_currency"),
    openingBalance: bigint("opening_balance", { mode: "bigint" }),
    reportedBalance: bigint("reported_balance", { mode: "bigint" }),
    bookedBalance: bigint("booked_balance", { mode: "bigint" }),
    error: text("error"),
    actorType: text("actor_type"),
    actorId: text("actor_id"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("recon_runs_provider_started_idx").on(t.provider, t.startedAt),
    // The daily run happens once per provider and day, whichever driver or instance gets there first.
    uniqueIndex("recon_runs_schedule_uq").on(t.provider, t.day).where(sql`${t.trigger} = 'schedule'`),
  ],
);

export const RECON_DIFFERENCE_KINDS = ["provider_performed", "provider_missing", "provider_failed", "amount_mismatch", "cost_mismatch", "unknown_order", "float_drift"] as const;
export type ReconDifferenceKind = (typeof RECON_DIFFERENCE_KINDS)[number];

/** One disagreement between our books and a provider's. Found once, then open until settled. */
export const reconDifferences = pgTable(
  "recon_differences",
  {
    id: text("id").primaryKey(),
    runId: text("run_id").notNull().references(() => reconRuns.id),
    lastRunId: text("last_run_id").notNull().references(() => reconRuns.id),
    provider: text("provider").notNull(),
    kind: text("kind", { enum: RECON_DIFFERENCE_KINDS }).notNull(),
    /** What the difference is about: the provider-side order id, or `float:<day>`. */
    subject: text("subject").notNull(),
    rechargeId: text("recharge_id"),
    accountId: text("account_id"),
    providerRef: text("provider_ref"),
    amount: bigint("amount", { mode: "bigint" }),
    currency: text("currency"),
    summary: text("summary").notNull(),
    ours: jsonb("ours").$type<Record<string, unknown>>().notNull().default({}),
    theirs: jsonb("theirs").$type<Record<string, unknown>>().notNull().default({}),
    state: text("state", { enum: ["open", "resolved", "dismissed"] }).notNull().default("open"),
    /** resolved: capture | recover | refund | write_off. */
    resolution: text("resolution"),
    reason: text("reason"),
    journalId: text("journal_id"),
    settledBy: text("settled_by"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("recon_differences_subject_uq").on(t.provider, t.kind, t.subject),
    index("recon_differences_run_idx").on(t.runId),
    index("recon_differences_state_idx").on(t.state, t.createdAt),
    index("recon_differences_account_idx").on(t.accountId),
  ],
);

export type ReconRun = typeof reconRuns.$inferSelect;
export type ReconDifference = typeof reconDifferences.$inferSelect;
