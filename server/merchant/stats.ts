// The merchant overview: balance, today's figures and the last 14 days, computed in Postgres over the
// account's recharges and its retailers' (the (account_id, created_at) index bounds every scan).
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "@/db/client";
import { recharges } from "@/db/schema";
import { formatBalance } from "@/server/accounts/wallet";
import { type Ctx, scopedAccountId } from "@/server/context";
import { getAccountWallet } from "@/server/ledger";
import { formatAmount } from "@/server/lib/money";

export const OVERVIEW_DAYS = 14;

/** "Today" is the viewer's day: the browser sends its IANA zone; anything unknown falls back to UTC. */
export const OverviewInput = z.object({ timeZone: z.string().max(64).optional() });

export function safeTimeZone(tz: string | undefined): string {
  if (!tz || !/^[A-Za-z0-9_+\-/]+$/.test(tz)) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz;
  } catch {
    return "UTC";
  }
}

type DayRow = { day: string; volume: string; succeeded: number; failed: number; pending: number };
type TodayRow = { volume: string; total: number; succeeded: number; failed: number; pending: number; median_seconds: number | null };

export type MerchantOverview = {
  currency: string;
  time_zone: string;
  balance: { available: string; held: string; currency: string };
  today: { volume: string; count: number; succeeded: number; failed: number; pending: number; success_rate: number | null; median_completion_seconds: number | null };
  days: Array<{ date: string; volume: string; succeeded: number; failed: number; pending: number }>;
};

export async function merchantOverview(args: { ctx: Ctx; input?: z.input<typeof OverviewInput> }): Promise<MerchantOverview> {
  const input = OverviewInput.parse(args.input ?? {});
  const accountId = scopedAccountId(args.ctx);
  const tz = safeTimeZone(input.timeZone);
  const wallet = await getAccountWallet(args.ctx.db, accountId);
  const r = recharges;
  const localDay = sql`(${r.createdAt} AT TIME ZONE ${tz})::date`;
  const today = sql`(now() AT TIME ZONE ${tz})::date`;
  const open = sql`${r.status} IN ('received', 'held', 'submitting', 'pending')`;
  // A day earlier than the window's first local midnight in any zone, so the index does the bounding.
  const since = sql`now() - make_interval(days => ${OVERVIEW_DAYS + 1})`;

  const [days, todays] = await Promise.all([
    args.ctx.db.execute(sql`
      WITH window_days AS (
        SELECT generate_series(${today} - ${OVERVIEW_DAYS - 1}::int, ${today}, interval '1 day')::date AS day
      ), daily AS (
        SELECT ${localDay} AS day,
               coalesce(sum(${r.amount}) FILTER (WHERE ${r.status} = 'succeeded'), 0) AS volume,
               count(*) FILTER (WHERE ${r.status} = 'succeeded') AS succeeded,
               count(*) FILTER (WHERE ${r.status} IN ('failed', 'reversed')) AS failed,
               count(*) FILTER (WHERE ${open}) AS pending
        FROM ${r}
        WHERE ${r.accountId} IN (SELECT id FROM accounts WHERE id = ${accountId} OR parent_account_id = ${accountId}) AND ${r.createdAt} >= ${since}
        GROUP BY 1
      )
      SELECT w.day::text AS day, coalesce(d.volume, 0)::text AS volume, coalesce(d.succeeded, 0)::int AS succeeded,
             coalesce(d.failed, 0)::int AS failed, coalesce(d.pending, 0)::int AS pending
      FROM window_days w LEFT JOIN daily d ON d.day = w.day
      ORDER BY w.day`),
    args.ctx.db.execute(sql`
      SELECT coalesce(sum(${r.amount}) FILTER (WHERE ${r.status} = 'succeeded'), 0)::text AS volume,
             count(*)::int AS total,
             count(*) FILTER (WHERE ${r.status} = 'succeeded')::int AS succeeded,
             count(*) FILTER (WHERE ${r.status} IN ('failed', 'reversed'))::int AS failed,
             count(*) FILTER (WHERE ${open})::int AS pending,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${r.completedAt} - ${r.createdAt}))
               FILTER (WHERE ${r.status} = 'succeeded' AND ${r.completedAt} IS NOT NULL))::float8 AS median_seconds
      FROM ${r}
      WHERE ${r.accountId} IN (SELECT id FROM accounts WHERE id = ${accountId} OR parent_account_id = ${accountId}) AND ${r.createdAt} >= ${since} AND ${localDay} = ${today}`),
  ]);
  const t = rowsOf<TodayRow>(todays)[0];
  const finished = t.succeeded + t.failed;
  return {
    currency: wallet.currency,
    time_zone: tz,
    balance: formatBalance(wallet),
    today: {
      volume: formatAmount(BigInt(t.volume), wallet.currency),
      count: t.total,
      succeeded: t.succeeded,
      failed: t.failed,
      pending: t.pending,
      success_rate: finished ? t.succeeded / finished : null,
      median_completion_seconds: t.median_seconds === null ? null : Number(t.median_seconds),
    },
    days: rowsOf<DayRow>(days).map((d) => ({ date: d.day, volume: formatAmount(BigInt(d.volume), wallet.currency), succeeded: d.succeeded, failed: d.failed, pending: d.pending })),
  };
}
