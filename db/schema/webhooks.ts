import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

/**
 * The outbox: one row per message to a merchant, written in the same transaction as the state change
 * it announces. `id` is the `evt_…` webhook-id, stable across retries (the receiver's dedupe key).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    type: text("type").notNull(),
    // The recharge or deposit it is about.
    subjectId: text("subject_id"),
    url: text("url").notNull(),
    // `standard`: Standard Webhooks JSON (API.md §4). `seed_form`: the seed deposit callback (API.md §6),
    // a form POST signed with the API key `signing_key_id`, delivered only when the body is `success`.
    format: text("format", { enum: ["standard", "seed_form"] }).notNull().default("standard"),
    signingKeyId: text("signing_key_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed", "disabled"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [index("webhook_deliveries_account_idx").on(t.accountId, t.createdAt), index("webhook_deliveries_due_idx").on(t.nextAttemptAt)],
);

/** Every delivery attempt: status, latency and an excerpt of the response, shown in the dashboard. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull().references(() => webhookDeliveries.id),
    accountId: text("account_id").notNull().references(() => accounts.id),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull().default("schedule"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId), index("webhook_attempts_account_idx").on(t.accountId)],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
