import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "@/db/client";
import { OPEN_RECHARGE_STATUSES } from "@/db/schema";

export type Violation = { invariant: string; detail: Record<string, unknown> };

const OPEN_LIST = sql.raw(OPEN_RECHARGE_STATUSES.map((s) => `'${s}'`).join(","));

/**
 * Proves every money invariant over the whole ledger; returns the offending rows (empty when sound).
 * Runs in one REPEATABLE READ snapshot when given the database, so concurrent traffic cannot fake a
 * mismatch between a wallet row and its postings.
 */
export async function checkLedger(db: Executor): Promise<Violation[]> {
  const queries: Array<[string, ReturnType<typeof sql>]> = [
    [
      "journal_balances",
      sql`SELECT journal_id, currency, sum(amount)::text AS off_by FROM postings GROUP BY journal_id, currency HAVING sum(amount) <> 0`,
    ],
    [
      "wallet_equals_postings",
      sql`SELECT w.id AS wallet_id, w.available::text AS available, coalesce(p.available, 0)::text AS postings_available,
                 w.held::text AS held, coalesce(p.held, 0)::text AS postings_held
          FROM wallets w
          LEFT JOIN (SELECT wallet_id, sum(amount) FILTER (WHERE bucket = 'available') AS available,
                            sum(amount) FILTER (WHERE bucket = 'held') AS held
                     FROM postings GROUP BY wallet_id) p ON p.wallet_id = w.id
          WHERE w.kind = 'customer' AND (w.available <> coalesce(p.available, 0) OR w.held <> coalesce(p.held, 0))`,
    ],
    [
      // System accounts keep no cached balance (their postings are their balance): nothing may write one.
      "system_wallet_not_cached",
      sql`SELECT id AS wallet_id, code, available::text AS available, held::text AS held FROM wallets WHERE kind = 'system' AND (available <> 0 OR held <> 0)`,
    ],
    [
      "posting_currency_matches_wallet",
      sql`SELECT p.id::text AS posting_id, p.currency, w.currency AS wallet_currency FROM postings p JOIN wallets w ON w.id = p.wallet_id WHERE p.currency <> w.currency`,
    ],
    [
      "no_negative_balance",
      sql`SELECT id AS wallet_id, available::text AS available, held::text AS held FROM wallets WHERE kind = 'customer' AND (available < 0 OR held < 0)`,
    ],
    [
      "held_equals_open_holds",
      sql`SELECT w.id AS wallet_id, w.held::text AS held, coalesce(h.total, 0)::text AS open_holds
          FROM wallets w LEFT JOIN (SELECT wallet_id, sum(amount) AS total FROM holds WHERE status = 'open' GROUP BY wallet_id) h ON h.wallet_id = w.id
          WHERE w.kind = 'customer' AND w.held <> coalesce(h.total, 0)`,
    ],
    [
      "hold_has_open_owner",
      sql`SELECT h.id AS hold_id, h.owner_type, h.owner_id, r.status AS owner_status
          FROM holds h LEFT JOIN recharges r ON h.owner_type = 'recharge' AND r.id = h.owner_id
          WHERE h.status = 'open' AND (r.id IS NULL OR r.status NOT IN (${OPEN_LIST}))`,
    ],
    [
      "open_owner_has_hold",
      sql`SELECT r.id AS recharge_id, r.status FROM recharges r
          LEFT JOIN holds h ON h.owner_type = 'recharge' AND h.owner_id = r.id AND h.status = 'open'
          WHERE r.status IN ('held', 'submitting', 'pending') AND h.id IS NULL`,
    ],
  ];
  const run = async (db: Executor) => {
    const out: Violation[] = [];
    for (const [invariant, query] of queries) {
      for (const row of rowsOf<Record<string, unknown>>(await db.execute(query))) out.push({ invariant, detail: row });
    }
    return out;
  };
  if ("rollback" in db) return run(db);
  return (db as Exclude<Executor, { rollback: unknown }>).transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`);
    return run(tx);
  });
}
