import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id),
    // Public half (`rk_…`), sent as the Basic-auth user name.
    apiKey: text("api_key").notNull(),
    // SHA-256 of the secret; the secret itself is shown once and never stored.
    secretHash: text("secret_hash").notNull(),
    // The secret again, AES-256-GCM encrypted (server/lib/crypto.ts): the seed deposit interface signs
    // with it (MD5 over the parameters and the secret, API.md §6), so it must be readable. Keys made
    // before this column existed have none and cannot use that interface until rotated.
    secretEnc: text("secret_enc"),
    name: text("name").notNull().default("default"),
    ipAllowlist: text("ip_allowlist").array().notNull().default([]),
    // Set when revoked; a rotated key gets a revoked_at in the future (the overlap period).
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_keys_key_uq").on(t.apiKey), index("api_keys_account_idx").on(t.accountId)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
