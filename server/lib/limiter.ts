/** Refused because every slot is busy and the queue is full. */
export class LimiterBusy extends Error {
  constructor() {
    super("Too many operations of this kind are running; try again shortly.");
    this.name = "LimiterBusy";
  }
}

/**
 * Runs at most `max` tasks at once (this process); up to `maxQueued` more wait their turn, the rest
 * are refused with LimiterBusy instead of piling up. A finished task hands its slot to the next waiter.
 */
export function createLimiter(max: number, maxQueued: number) {
  let active = 0;
  let peak = 0;
  const queue: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= max) {
        if (queue.length >= maxQueued) throw new LimiterBusy();
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active += 1;
      }
      peak = Math.max(peak, active);
      try {
        return await task();
      } finally {
        const next = queue.shift();
        if (next) next();
        else active -= 1;
      }
    },
    /** Most tasks seen running at once, for tests and metrics. */
    stats: () => ({ active, queued: queue.length, peak }),
  };
}
