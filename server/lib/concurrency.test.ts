import { describe, expect, it } from "vitest";
import { eachBounded } from "./concurrency";

describe("eachBounded", () => {
  it("runs every item once, never more than the bound at a time, and uses the whole bound", async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    const gates: Array<() => void> = [];
    const done = eachBounded(Array.from({ length: 20 }, (_, i) => i), 8, async (i) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => gates.push(r));
      seen.push(i);
      running -= 1;
    });
    // Let each waiting item go, one at a time, until all have run.
    while (seen.length < 20) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await done;
    expect(peak).toBe(8);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("does nothing on an empty list", async () => {
    let calls = 0;
    await eachBounded([], 8, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });
});
