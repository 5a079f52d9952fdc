import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import type { Ctx } from "@/server/context";
import { requireAdmin } from "./guard";

/** Counts for the admin home: what needs a person now, and the last 24 hours of traffic. */
export async function adminOverview(ctx: Ctx, opts: { now?: Date } = {}) {
  requireAdmin(ctx);
  const since = new Date((opts.now ?? new Date()).getTime() - 24 * 3_600_000).toISOString();
  const result = await ctx.db.execute(sql`
    SELECT
      (SELECT count(*)::int FROM accounts) AS accounts,
      (SELECT count(*)::int FROM accounts WHERE status = 'suspended') AS suspended,
      (SELECT count(*)::int FROM recharges WHERE needs_review AND status = 'pending') AS needs_review,
      (SELECT count(*)::int FROM complaints WHERE status = 'open') AS open_complaints,
      (SELECT count(*)::int FROM provider_breakers WHERE state <> 'closed') AS open_circuits,
      (SELECT count(*)::int FROM recharges WHERE created_at >= ${since}::timestamptz) AS recharges_24h,
      (SELECT count(*)::int FROM recharges WHERE created_at >= ${since}::timestamptz AND status = 'succeeded') AS succeeded_24h,
      (SELECT count(*)::int FROM recharges WHERE created_at >= ${since}::timestamptz AND status = 'failed') AS failed_24h`);
  const [row] = rowsOf<Record<string, number>>(result);
  return {
    accounts: row.accounts,
    suspended: row.suspended,
    needsReview: row.needs_review,
    openComplaints: row.open_complaints,
    openCircuits: row.open_circuits,
    recharges24h: row.recharges_24h,
    succeeded24h: row.succeeded_24h,
    failed24h: row.failed_24h,
  };
}
