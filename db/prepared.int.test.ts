// Issue 10: every statement goes to Postgres as a prepared statement (db/client.ts, preparedByDefault),
// on the pool and inside transactions: drizzle would otherwise send each one unprepared, and Postgres
// parsed and planned every statement of every request again (BENCHMARKS.md §3). Checked on the very
// connection that ran the query, through pg_prepared_statements.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, rowsOf } from "@/db/client";
import { accounts, wallets } from "@/db/schema";

const preparedLike = (text: string) => sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE ${`%${text}%`}`;

describe("prepared statements", () => {
  it("a query in a transaction is prepared on its connection, and reused", async () => {
    const db = await getDb();
    await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, `acc_prepared_probe_${i}`));
      const [row] = rowsOf<{ n: number }>(await tx.execute(preparedLike(`from "accounts" where "accounts"."id" = $1`)));
      // One statement for the three runs: the same text is prepared once per connection.
      expect(row.n).toBe(1);
    });
  });

  it("a query in a savepoint (nested transaction) is prepared too", async () => {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.transaction(async (inner) => {
        await inner.select({ id: wallets.id }).from(wallets).where(eq(wallets.code, "prepared-probe"));
        const [row] = rowsOf<{ n: number }>(await inner.execute(preparedLike(`from "wallets" where "wallets"."code" = $1`)));
        expect(row.n).toBe(1);
      });
    });
  });
});
