import { sql } from "drizzle-orm";
import { databaseKind, getDb, rowsOf } from "@/db/client";

export async function checkHealth() {
  const started = performance.now();
  try {
    const db = await getDb();
    const [row] = rowsOf<{ version: string; migrations: number }>(
      await db.execute(sql`SELECT version() AS version, (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS migrations`),
    );
    return { ok: true, database: { status: "up", kind: await databaseKind(), version: row.version, migrations: Number(row.migrations), latency_ms: Math.round(performance.now() - started) } };
  } catch {
    return { ok: false, database: { status: "down", latency_ms: Math.round(performance.now() - started) } };
  }
}
