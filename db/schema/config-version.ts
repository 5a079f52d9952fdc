import { sql } from "drizzle-orm";
import { bigint, boolean, check, pgTable } from "drizzle-orm/pg-core";

/**
 * One row: a counter that every change to the routing configuration (operators, providers, their
 * costs, commission slabs) moves, by statement triggers (migration 0010), whoever writes them: admin
 * verbs, the CLI or plain SQL. Per-process caches of those rows are valid for one version; the API's
 * key lookup reads the version in the same query, so a request never acts on an older configuration
 * than the one committed when it arrived.
 */
export const configVersion = pgTable(
  "config_version",
  {
    id: boolean("id").primaryKey().default(true),
    version: bigint("version", { mode: "bigint" }).notNull().default(sql`0`),
  },
  (t) => [check("config_version_one_row", sql`${t.id}`)],
);
