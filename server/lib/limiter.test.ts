import { describe, expect, it } from "vitest";
import { LimiterBusy, createLimiter } from "./limiter";

describe("limiter", () => {
  it("runs at most max at once, queues up to maxQueued, refuses the rest", async () => {
    const limiter = createLimiter(2, 1);
    const gates: (() => void)[] = [];
    const task = () => new Promise<void>((resolve) => gates.push(resolve));
    const running = [limiter.run(task), limiter.run(task), limiter.run(task)];
    await expect(limiter.run(task)).rejects.toBeInstanceOf(LimiterBusy);
    await Promise.resolve();
    expect(limiter.stats()).toMatchObject({ active: 2, queued: 1 });
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(limiter.stats()).toMatchObject({ active: 2, queued: 0 });
    while (gates.length) gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    while (gates.length) gates.shift()!();
    await Promise.all(running);
    expect(limiter.stats()).toEqual({ active: 0, queued: 0, peak: 2 });
  });
});
