import { systemCtx } from "@/server/context";
import { runDueReconciliations } from "@/server/recon/run";
import { inngest } from "../client";

/**
 * Yesterday's reconciliation with every enabled provider, shortly after midnight UTC. The runs are
 * claimed in the database (one per provider and day), so this and the embedded driver never double up.
 */
export const reconcileProviders = inngest.createFunction(
  { id: "reconcile-providers", triggers: [{ cron: "45 0 * * *" }], concurrency: { limit: 1 }, retries: 3 },
  async ({ step }) =>
    step.run("reconcile", async () => {
      const runs = await runDueReconciliations(await systemCtx("inngest-cron"));
      return runs.map((r) => ({ id: r.id, provider: r.provider, day: r.day, status: r.status, differences: r.differences }));
    }),
);
