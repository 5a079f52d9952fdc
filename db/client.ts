import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getTableColumns, type InferSelectModel } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { env } from "@/server/env.mjs";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: what verbs run their queries on. */
export type Executor = Db | Tx;

type Handle = { db: Db; close: () => Promise<void>; kind: "postgres" | "pglite" };

type StatementListener = (statement: string, parameters: unknown[]) => void;

const globalForDb = globalThis as unknown as { __refillDb?: Promise<Handle>; __refillStatementListeners?: Set<StatementListener> };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db/migrations");

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  // Every wait on the database is bounded: connecting, a statement, a row lock. Past a bound the
  // request fails as "database unavailable" (503) instead of hanging while Postgres is sick.
  const client = postgres(url, {
    max: env.DB_POOL_MAX,
    connect_timeout: env.DB_CONNECT_TIMEOUT_SECONDS,
    // Reconnect soon after Postgres comes back (the default backs off up to 20 s), and let queued
    // queries meet a refused connection (a 503) rather than wait out long pauses.
    backoff: (retries: number) => Math.min(0.1 * retries, 0.5),
    onnotice: () => {},
    // Only when something listens (a test counting a request's statements): postgres.js records a
    // stack per query in debug mode, which production has no use for.
    debug: globalForDb.__refillStatementListeners?.size
      ? (_connection: number, statement: string, parameters: unknown[]) => {
          for (const listen of globalForDb.__refillStatementListeners ?? []) listen(statement, parameters);
        }
      : undefined,
    connection: { application_name: "refill", statement_timeout: env.DB_STATEMENT_TIMEOUT_MS, lock_timeout: env.DB_LOCK_TIMEOUT_MS },
  });
  return { db: drizzle(preparedByDefault(client), { schema }), close: () => client.end({ timeout: 5 }), kind: "postgres" };
}

type PgSql = import("postgres").Sql;
type PgTransactionSql = import("postgres").TransactionSql;

/**
 * Every statement as a prepared statement. drizzle sends its SQL through postgres.js' `unsafe` with
 * `prepare: false` unless a query is given a name, so Postgres parsed and planned every statement of
 * every request again (measured: Postgres spent ≈ 3.5 ms of CPU per order, where pgbench's whole
 * accept transaction costs ≈ 1 ms; BENCHMARKS.md §3).
 * postgres.js keeps one prepared statement per query text and connection, and re-prepares on its own
 * when a migration invalidates one. Queries without parameters (migrations' multi-statement scripts)
 * still go as simple queries. Statements within a transaction and its savepoints are covered too.
 */
function preparedByDefault<T extends PgSql | PgTransactionSql>(sql: T): T {
  const unsafe = sql.unsafe;
  sql.unsafe = ((query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
    unsafe(query, parameters as never, { ...options, prepare: true })) as T["unsafe"];
  // A transaction's and a savepoint's callback receive a new `sql`: wrapped the same way.
  for (const name of ["begin", "savepoint"] as const) {
    if (!(name in sql)) continue;
    const open = (sql as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
    (sql as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const fn = args.pop() as (tx: PgTransactionSql) => unknown;
      return open(...args, (tx: PgTransactionSql) => fn(preparedByDefault(tx)));
    };
  }
  return sql;
}

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function openPglite(): Promise<Handle> {
  const dir = path.resolve(env.DATA_DIR);
  mkdirSync(dir, { recursive: true });
  // PGlite does not lock its directory and corrupts it if two processes open it: we do.
  const lock = path.join(dir, "pglite.pid");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && pidAlive(pid)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${pid}. Stop it first, or set DATABASE_URL to use a Postgres server.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  const release = () => {
    try {
      if (readFileSync(lock, "utf8") === String(process.pid)) rmSync(lock);
    } catch {}
  };
  process.once("exit", release);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = new PGlite(path.join(dir, "pglite"));
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    close: async () => {
      await client.close();
      release();
    },
    kind: "pglite",
  };
}

function open(): Promise<Handle> {
  globalForDb.__refillDb ??= (env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite()).catch((error) => {
    globalForDb.__refillDb = undefined;
    throw error;
  });
  return globalForDb.__refillDb;
}

/** The process-wide database (opened lazily, so importing this module connects to nothing). */
export async function getDb(): Promise<Db> {
  return (await open()).db;
}

export async function databaseKind() {
  return (await open()).kind;
}

export async function closeDb() {
  const { clearProcessCaches } = await import("@/server/lib/cache");
  clearProcessCaches();
  const handle = globalForDb.__refillDb;
  globalForDb.__refillDb = undefined;
  if (handle) await (await handle).close();
}

/**
 * Calls `listener` with every statement sent to Postgres (BEGIN and COMMIT included) from now on:
 * the process's database is re-opened with the hook. Returns the function that stops listening.
 */
export async function observeStatements(listener: StatementListener): Promise<() => void> {
  globalForDb.__refillStatementListeners ??= new Set();
  globalForDb.__refillStatementListeners.add(listener);
  await closeDb();
  return () => {
    globalForDb.__refillStatementListeners?.delete(listener);
  };
}

/** Applies pending migrations; the same SQL runs on Postgres and on the embedded database. */
export async function migrateDb() {
  const handle = await open();
  if (handle.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint: the pglite migrator wants its own db type; it is the same object.
    await migrate(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Rows of a raw `db.execute(sql…)`: postgres-js answers an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/**
 * One row of a raw statement (`SELECT t.*` or `RETURNING *`) as drizzle's typed select gives it:
 * column names to fields, each value through its column's driver mapping (bigint, dates, json).
 * `prefix` reads columns aliased as `<prefix><column name>`.
 */
export function fromRow<T extends PgTable>(table: T, raw: Record<string, unknown>, prefix = ""): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(getTableColumns(table))) {
    const value = raw[prefix + column.name];
    out[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as InferSelectModel<T>;
}

export { schema };
