import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Upstream recharge providers, editable by admins. */
export const providers = pgTable(
  "providers",
  {
    name: text("name").primaryKey(),
    displayName: text("display_name").notNull(),
    style: text("style", { enum: ["alpha", "bravo", "charlie"] }).notNull(),
    baseUrl: text("base_url").notNull(),
    // JSON of the provider's credentials, AES-256-GCM encrypted (server/lib/crypto.ts).
    credentialsEnc: text("credentials_enc").notNull(),
    timeoutMs: integer("timeout_ms").notNull().default(10_000),
    // How long after a submit this provider may still perform an order it answers "no such order"
    // for; null: PROVIDER_NOT_FOUND_WINDOW_SECONDS.
    notFoundWindowSeconds: integer("not_found_window_seconds"),
    enabled: boolean("enabled").notNull().default(true),
    // Lower runs first among equally cheap providers; weight breaks remaining ties.
    priority: integer("priority").notNull().default(100),
    weight: integer("weight").notNull().default(1),
    simulated: boolean("simulated").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("providers_timeout_positive", sql`${t.timeoutMs} > 0`),
    check("providers_weight_positive", sql`${t.weight} > 0`),
    check("providers_not_found_window_valid", sql`${t.notFoundWindowSeconds} IS NULL OR ${t.notFoundWindowSeconds} >= 0`),
  ],
);

/** What a provider charges us per operator: a discount off face value, in basis points. */
export const providerOperatorCosts = pgTable(
  "provider_operator_costs",
  {
    provider: text("provider").notNull().references(() => providers.name, { onUpdate: "cascade" }),
    operatorCode: text("operator_code").notNull(),
    costBps: integer("cost_bps").notNull(),
    enabled: boolean("enabled").notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.provider, t.operatorCode] }), index("provider_costs_operator_idx").on(t.operatorCode)],
);

/** Circuit breaker per provider, in shared storage so every instance sees the same state. */
export const providerBreakers = pgTable("provider_breakers", {
  provider: text("provider").primaryKey().references(() => providers.name, { onUpdate: "cascade" }),
  state: text("state", { enum: ["closed", "open", "half_open"] }).notNull().default("closed"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  openedAt: timestamp("opened_at", { withTimezone: true }),
  probeAt: timestamp("probe_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every call to a provider: request and response (secrets masked), latency, outcome, attempt. */
export const providerCalls = pgTable(
  "provider_calls",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    provider: text("provider").notNull(),
    rechargeId: text("recharge_id"),
    accountId: text("account_id"),
    operation: text("operation").notNull(),
    attempt: integer("attempt").notNull().default(1),
    method: text("method").notNull(),
    url: text("url").notNull(),
    request: jsonb("request"),
    response: jsonb("response"),
    httpStatus: integer("http_status"),
    latencyMs: integer("latency_ms").notNull(),
    outcome: text("outcome").notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("provider_calls_recharge_idx").on(t.rechargeId),
    index("provider_calls_account_idx").on(t.accountId),
    index("provider_calls_provider_created_idx").on(t.provider, t.createdAt),
  ],
);

export type Provider = typeof providers.$inferSelect;
export type ProviderCall = typeof providerCalls.$inferSelect;
export type ProviderBreaker = typeof providerBreakers.$inferSelect;
export type ProviderCallOutcome = "succeeded" | "pending" | "failed" | "unknown" | "reversed" | "not_found" | "ok" | "error";
