import { systemCtx } from "@/server/context";
import { logger } from "@/server/lib/logger";
import { driveRecharge } from "@/server/recharge/advance";
import { runDueReconciliations } from "@/server/recon/run";
import { runSweep } from "./sweep";

const globalForDriver = globalThis as unknown as { __refillDriver?: NodeJS.Timeout; __refillKicks?: KickQueue };

type KickQueue = { queue: Array<{ id: string; done: () => void }>; signal: () => void };

/** A sweep running longer than this is taken as stuck (see startEmbeddedDriver). */
const SWEEP_STALL_MS = 60_000;

/** First steps run at once, at most this many at a time (the sweeper's own bound is separate). */
const KICK_CONCURRENCY = 16;

/**
 * A new order's first step, run by the driver rather than inside the request that created it: at most
 * KICK_CONCURRENCY at a time, in the driver's own async context (the pump below was started at boot,
 * outside any request), so a burst of creates neither runs unbounded provider calls nor keeps each
 * request's context busy with them. The caller only waits for the promise. Null when no driver runs
 * in this process (the caller then drives the order itself).
 */
export function kickOrder(id: string): Promise<void> | null {
  const kicks = globalForDriver.__refillKicks;
  if (!kicks) return null;
  return new Promise<void>((done) => {
    kicks.queue.push({ id, done });
    kicks.signal();
  });
}

function startKickPump(): KickQueue {
  let wake: (() => void) | null = null;
  const kicks: KickQueue = {
    queue: [],
    signal: () => {
      const w = wake;
      wake = null;
      w?.();
    },
  };
  let active = 0;
  void (async () => {
    for (;;) {
      while (kicks.queue.length > 0 && active < KICK_CONCURRENCY) {
        const { id, done } = kicks.queue.shift()!;
        active++;
        void systemCtx("on-create")
          .then((ctx) => driveRecharge(ctx, id))
          .catch((error) => logger.error({ err: error, recharge_id: id }, "first step failed; the sweeper will retry"))
          .finally(() => {
            active--;
            done();
            kicks.signal();
          });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  })();
  return kicks;
}

/**
 * The embedded driver (no Inngest configured): runs the sweeper every second in this process. Rows
 * are the truth, so a crash loses nothing: the next process finds them still due.
 */
export function startEmbeddedDriver(intervalMs = 1000) {
  if (globalForDriver.__refillDriver) return;
  globalForDriver.__refillKicks ??= startKickPump();
  let running = 0; // the running sweep's number, 0 when none
  let startedAt = 0;
  let sweeps = 0;
  let reconciledAt = 0;
  globalForDriver.__refillDriver = setInterval(async () => {
    if (running && Date.now() - startedAt < SWEEP_STALL_MS) return;
    // Every wait inside a sweep is bounded (statement and lock timeouts, provider timeouts), so one
    // this old is stuck on something that will not end: the next sweep starts beside it rather than
    // leaving every due order and webhook waiting (sweeps may overlap: rows are claimed SKIP LOCKED).
    if (running) logger.error({ sweep: running, running_ms: Date.now() - startedAt }, "a sweep has not finished; starting the next one beside it");
    const mine = ++sweeps;
    running = mine;
    startedAt = Date.now();
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
      if (running === mine) running = 0;
    }
  }, intervalMs);
  globalForDriver.__refillDriver.unref();
  logger.info({ interval_ms: intervalMs }, "embedded background driver started");
}

export function stopEmbeddedDriver() {
  if (globalForDriver.__refillDriver) clearInterval(globalForDriver.__refillDriver);
  globalForDriver.__refillDriver = undefined;
  // The pump stays (idle, awaiting a signal): orders already handed to it still finish; new ones are
  // driven by their callers again.
  const kicks = globalForDriver.__refillKicks;
  globalForDriver.__refillKicks = undefined;
  kicks?.signal();
}
