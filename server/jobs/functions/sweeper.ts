import { systemCtx } from "@/server/context";
import { runSweep } from "../sweep";
import { inngest } from "../client";

/** Safety net for events lost between a commit and its send: everything due gets its step. */
export const sweeper = inngest.createFunction(
  { id: "sweeper", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => step.run("sweep", async () => runSweep(await systemCtx("inngest-cron"))),
);
