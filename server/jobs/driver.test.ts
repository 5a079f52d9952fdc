// The embedded driver runs a sweep every interval, one at a time; a sweep stuck on something that
// never ends (a lost database answer) must not stop every later sweep: after SWEEP_STALL_MS the next
// one starts beside it.
import { afterEach, describe, expect, it, vi } from "vitest";

const sweeps = vi.hoisted(() => ({ calls: 0, hangFirst: true }));
vi.mock("./sweep", () => ({
  runSweep: vi.fn(async () => {
    sweeps.calls += 1;
    if (sweeps.calls === 1 && sweeps.hangFirst) await new Promise(() => {});
  }),
}));
vi.mock("@/server/context", () => ({ systemCtx: vi.fn(async () => ({})) }));
vi.mock("@/server/recon/run", () => ({ runDueReconciliations: vi.fn(async () => {}) }));
vi.mock("@/server/recharge/advance", () => ({ driveRecharge: vi.fn(async () => ({})) }));
vi.mock("@/server/lib/logger", () => ({ logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() } }));

import { startEmbeddedDriver, stopEmbeddedDriver } from "./driver";

afterEach(() => {
  stopEmbeddedDriver();
  vi.useRealTimers();
});

describe("embedded driver", () => {
  it("does not overlap sweeps that finish, and starts the next one beside a stuck sweep after a minute", async () => {
    vi.useFakeTimers();
    sweeps.calls = 0;
    startEmbeddedDriver(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sweeps.calls).toBe(1); // the first one never ends
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sweeps.calls).toBe(1); // still waited on: sweeps do not pile up
    await vi.advanceTimersByTimeAsync(31_000);
    expect(sweeps.calls).toBeGreaterThanOrEqual(2);
    const after = sweeps.calls;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sweeps.calls).toBeGreaterThanOrEqual(after + 4); // sweeps that finish run every second again
  });
});
