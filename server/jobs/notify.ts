import { inngestConfigured } from "@/server/env.mjs";
import { systemCtx } from "@/server/context";
import { logger } from "@/server/lib/logger";
import { driveRecharge } from "@/server/recharge/advance";
import { EVENTS, inngest } from "./client";
import { kickOrder } from "./driver";

/**
 * After an order commits: start its processing now instead of waiting for the next sweep. With
 * Inngest, an event (its id makes a duplicate send a no-op); without, an in-process run. If this is
 * lost (crash right after commit), the sweeper still finds the order due.
 */
export async function rechargeCreated(id: string): Promise<void> {
  if (inngestConfigured()) {
    try {
      await inngest.send({ id: `recharge-created-${id}`, name: EVENTS.rechargeCreated, data: { id } });
    } catch (error) {
      logger.warn({ err: error, recharge_id: id }, "could not send the Inngest event; the sweeper will pick the order up");
    }
    return;
  }
  // Run by the embedded driver when it runs in this process (see kickOrder).
  const kicked = kickOrder(id);
  if (kicked) return kicked;
  await driveRecharge(await systemCtx("on-create"), id).catch((error) => logger.error({ err: error, recharge_id: id }, "first step failed; the sweeper will retry"));
}
