import { and, eq, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { ValidationFailed } from "@/server/lib/errors";

/**
 * Keyset pages, newest first by (time, id). The cursor is the id of the last row shown; the next page
 * is compared in SQL against that row's own timestamp, at the database's microseconds. (A timestamp
 * carried through a JS Date is rounded to the millisecond and skips rows created in the same
 * millisecond as the cursor's row — under load, many.) A cursor naming no row, or a row outside
 * `scope`, is refused rather than answered with an empty page.
 */
export async function olderThanCursor(
  db: Executor,
  on: { table: PgTable; time: AnyPgColumn; id: AnyPgColumn; scope?: SQL },
  cursor: string,
): Promise<SQL> {
  const { table, time, id, scope } = on;
  const [row] = await db.select({ id }).from(table).where(and(eq(id, cursor), scope));
  if (!row) throw ValidationFailed("The cursor is not valid: pass back the next cursor of the previous page.", { cursor: "unknown" });
  const col = (c: AnyPgColumn) => sql`c.${sql.identifier(c.name)}`;
  return sql`(${time}, ${id}) < (SELECT ${col(time)}, ${col(id)} FROM ${table} c WHERE ${col(id)} = ${cursor})`;
}

/** Given limit+1 rows, the page and the cursor of the next one (null on the last page). */
export function pageOf<T extends { id: string }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? data[data.length - 1].id : null };
}
