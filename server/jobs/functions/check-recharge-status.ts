import { systemCtx } from "@/server/context";
import { driveRecharge } from "@/server/recharge/advance";
import { EVENTS, inngest } from "../client";

/** One due step of one order, on demand (admins' "check now", or the sweeper fanning out). */
export const checkRechargeStatus = inngest.createFunction(
  { id: "check-recharge-status", triggers: [{ event: EVENTS.rechargeDue }], concurrency: { key: "event.data.id", limit: 1 } },
  async ({ event, step }) => step.run("advance", async () => driveRecharge(await systemCtx("inngest"), (event.data as { id: string }).id)),
);
