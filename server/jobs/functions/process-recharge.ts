import { getDb } from "@/db/client";
import { systemCtx } from "@/server/context";
import { driveRecharge, nextRunOf } from "@/server/recharge/advance";
import { EVENTS, inngest } from "../client";
import { dueDeliveriesOf } from "./deliver-webhook";

/**
 * An order from creation to a final state: submit (with failover), then sleep until each status
 * check is due and run it. Each step is one call into the same verb the embedded driver uses.
 */
export const processRecharge = inngest.createFunction(
  { id: "process-recharge", triggers: [{ event: EVENTS.rechargeCreated }], concurrency: { key: "event.data.id", limit: 1 }, retries: 5 },
  async ({ event, step }) => {
    const id = (event.data as { id: string }).id;
    let result = await step.run("submit", async () => driveRecharge(await systemCtx("inngest"), id));
    for (let check = 1; check <= 20; check++) {
      const due = await step.run(`next-run-${check}`, async () => nextRunOf(await getDb(), id));
      if (!due) break;
      await step.sleepUntil(`wait-${check}`, due);
      result = await step.run(`check-${check}`, async () => driveRecharge(await systemCtx("inngest"), id));
    }
    // The final state's webhook goes out now, not at the next sweep.
    const deliveries = await step.run("due-webhooks", () => dueDeliveriesOf(id));
    if (deliveries.length) {
      await step.sendEvent("send-webhooks", deliveries.map((d) => ({ id: `webhook-${d}`, name: EVENTS.webhookCreated, data: { id: d } })));
    }
    return result;
  },
);
