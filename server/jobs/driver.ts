import { systemCtx } from "@/server/context";
import { logger } from "@/server/lib/logger";
import { runDueReconciliations } from "@/server/recon/run";
import { runSweep } from "./sweep";

const globalForDriver = globalThis as unknown as { __refillDriver?: NodeJS.Timeout };

/**
 * The embedded driver (no Inngest configured): runs the sweeper every second in this process. Rows
 * are the truth, so a crash loses nothing: the next process finds them still due.
 */
export function startEmbeddedDriver(intervalMs = 1000) {
  if (globalForDriver.__refillDriver) return;
  let running = false;
  let reconciledAt = 0;
  globalForDriver.__refillDriver = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await runSweep(await systemCtx("embedded-driver"));
      // The daily provider reconciliation: looked at once a minute, run once a day (claimed in the db).
      if (Date.now() - reconciledAt >= 60_000) {
        reconciledAt = Date.now();
        await runDueReconciliations(await systemCtx("embedded-driver"));
      }
    } catch (error) {
      logger.error({ err: error }, "sweep failed");
    } finally {
      running = false;
    }
  }, intervalMs);
  globalForDriver.__refillDriver.unref();
  logger.info({ interval_ms: intervalMs }, "embedded background driver started");
}

export function stopEmbeddedDriver() {
  if (globalForDriver.__refillDriver) clearInterval(globalForDriver.__refillDriver);
  globalForDriver.__refillDriver = undefined;
}
