import { and, eq, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import { deliverWebhook } from "@/server/webhooks/deliver";
import { EVENTS, inngest } from "../client";

/**
 * Sends one outbox row as soon as its state change committed. Later retries of a failed delivery are
 * picked up by the sweeper cron, which follows the same schedule (rows hold next_attempt_at).
 */
export const deliverWebhookFn = inngest.createFunction(
  { id: "deliver-webhook", triggers: [{ event: EVENTS.webhookCreated }], concurrency: { key: "event.data.id", limit: 1 } },
  async ({ event, step }) =>
    step.run("deliver", async () => {
      const attempt = await deliverWebhook(await getDb(), (event.data as { id: string }).id, { trigger: "schedule" });
      return attempt ? { status_code: attempt.statusCode, attempt: attempt.attempt } : null;
    }),
);

/** Outbox rows of one subject that are due now (for functions that just changed that subject). */
export async function dueDeliveriesOf(subjectId: string) {
  const db = await getDb();
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.subjectId, subjectId), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, new Date())));
  return rows.map((r) => r.id);
}
