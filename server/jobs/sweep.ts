import type { Ctx } from "@/server/context";
import { expireDueDeposits } from "@/server/deposits/intake";
import { eachBounded } from "@/server/lib/concurrency";
import { logger } from "@/server/lib/logger";
import { probeDueBreakers } from "@/server/providers/probe";
import { driveRecharge, dueRecharges } from "@/server/recharge/advance";
import { deliverDueWebhooks } from "@/server/webhooks/deliver";

/** How many due orders one sweep drives at once (each holds a connection only inside its own steps). */
export const SWEEP_CONCURRENCY = 8;

/**
 * The safety net: every row with work due (recharge steps, webhook deliveries) gets its step. Rows
 * are claimed with FOR UPDATE SKIP LOCKED by the verbs it calls, so any number of sweepers, on any
 * number of instances, can run at once; within one sweep, due orders are driven `concurrency` at a
 * time (one slow provider does not hold up the rest). The embedded driver runs it every second;
 * Inngest runs it as a cron.
 */
export async function runSweep(ctx: Ctx, opts: { now?: Date; limit?: number; concurrency?: number } = {}) {
  const now = opts.now ?? new Date();
  // Circuits whose cool-down is over are probed now, not when the next order happens along.
  const breakers = await probeDueBreakers(ctx.db, now).catch((error) => {
    logger.error({ err: error }, "breaker probes failed");
    return { probed: 0, closed: 0 };
  });
  const ids = await dueRecharges(ctx.db, now, opts.limit ?? 50);
  let advanced = 0;
  await eachBounded(ids, opts.concurrency ?? SWEEP_CONCURRENCY, async (id) => {
    try {
      // No time taken here is handed down: each step claims and leases at its own moment (a sweep
      // can take longer than a lease). Tests that run the clock ahead pass `now` explicitly.
      const step = await driveRecharge(ctx, id, 8, opts.now);
      if (step.status !== "skipped") advanced += 1;
    } catch (error) {
      // One broken order must not stop the others; it stays due and is retried next sweep.
      logger.error({ err: error, recharge_id: id }, "recharge step failed");
    }
  });
  let depositsExpired = 0;
  try {
    depositsExpired = await expireDueDeposits(ctx, opts.now ?? new Date(), opts.limit ?? 50);
  } catch (error) {
    logger.error({ err: error }, "deposit expiry failed");
  }
  // The sweep's start time is not handed down (opts.now only when a test runs the clock ahead).
  const webhooks = await deliverDueWebhooks(ctx.db, { now: opts.now, limit: opts.limit ?? 50 });
  return { recharges: advanced, depositsExpired, webhooks, breakers };
}
