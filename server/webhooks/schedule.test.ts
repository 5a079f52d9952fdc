import { describe, expect, it } from "vitest";
import { JITTER_RATIO, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_DELAYS_MS, nextAttempt, parseRetryAfter, retryDelaysFrom } from "./schedule";

const now = new Date("2030-01-01T00:00:00Z");
const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe("retry schedule", () => {
  it("follows the Standard Webhooks delays: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h", () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]);
    expect(MAX_ATTEMPTS).toBe(10);
    RETRY_DELAYS_MS.forEach((nominal, i) => {
      const next = nextAttempt({ failedAttempts: i + 1, now, random: () => 0.5 });
      expect(next).toEqual({ status: "retry", at: new Date(now.getTime() + nominal), delayMs: nominal });
    });
  });

  it("jitters each delay within ±20 % and never outside", () => {
    for (const [i, nominal] of RETRY_DELAYS_MS.entries()) {
      const low = nextAttempt({ failedAttempts: i + 1, now, random: () => 0 });
      const high = nextAttempt({ failedAttempts: i + 1, now, random: () => 0.999999 });
      expect(low.status === "retry" && low.delayMs).toBe(Math.round(nominal * (1 - JITTER_RATIO)));
      expect(high.status === "retry" && high.delayMs).toBeLessThanOrEqual(nominal * (1 + JITTER_RATIO));
      expect(high.status === "retry" && high.delayMs).toBeGreaterThan(nominal * 1.19);
    }
    const spread = new Set(Array.from({ length: 50 }, () => {
      const n = nextAttempt({ failedAttempts: 2, now });
      if (n.status !== "retry") throw new Error("expected a retry");
      expect(n.delayMs).toBeGreaterThanOrEqual(4 * M);
      expect(n.delayMs).toBeLessThanOrEqual(6 * M);
      return n.delayMs;
    }));
    expect(spread.size).toBeGreaterThan(1);
  });

  it("fails for good after the last retry", () => {
    expect(nextAttempt({ failedAttempts: 9, now, random: () => 0.5 }).status).toBe("retry");
    expect(nextAttempt({ failedAttempts: 10, now })).toEqual({ status: "failed" });
    expect(nextAttempt({ failedAttempts: 10, now, retryAfter: "5" })).toEqual({ status: "failed" });
    expect(() => nextAttempt({ failedAttempts: 0, now })).toThrow(RangeError);
  });

  it("honours a longer Retry-After, in seconds or as an HTTP date", () => {
    const secs = nextAttempt({ failedAttempts: 1, now, retryAfter: "120", random: () => 0.5 });
    expect(secs).toEqual({ status: "retry", at: new Date(now.getTime() + 120 * S), delayMs: 120 * S });
    const date = nextAttempt({ failedAttempts: 1, now, retryAfter: "Tue, 01 Jan 2030 01:00:00 GMT", random: () => 0.5 });
    expect(date.status === "retry" && date.delayMs).toBe(H);
  });

  it("keeps the schedule when Retry-After is shorter, and caps it at 24 h", () => {
    const shorter = nextAttempt({ failedAttempts: 3, now, retryAfter: "10", random: () => 0.5 });
    expect(shorter.status === "retry" && shorter.delayMs).toBe(30 * M);
    const huge = nextAttempt({ failedAttempts: 1, now, retryAfter: String(7 * 24 * 3600), random: () => 0.5 });
    expect(huge.status === "retry" && huge.delayMs).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(24 * H);
  });

  it("parses Retry-After strictly", () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("", now)).toBeNull();
    expect(parseRetryAfter(" 30 ", now)).toBe(30 * S);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("-5", now)).toBeNull();
    expect(parseRetryAfter("1.5", now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter("Mon, 31 Dec 2029 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:30 GMT", now)).toBe(30 * S);
  });
});

describe("a configured schedule (WEBHOOK_RETRY_SECONDS)", () => {
  it("uses the configured delays, then gives up after the last", () => {
    const delays = retryDelaysFrom("1,2.5,5");
    expect(delays).toEqual([1000, 2500, 5000]);
    const now = new Date("2026-01-01T00:00:00Z");
    const second = nextAttempt({ failedAttempts: 2, now, random: () => 0.5, delays });
    expect(second).toEqual({ status: "retry", at: new Date(now.getTime() + 2500), delayMs: 2500 });
    expect(nextAttempt({ failedAttempts: 4, now, delays })).toEqual({ status: "failed" });
  });

  it("unset means the Standard Webhooks schedule", () => {
    expect(retryDelaysFrom(undefined)).toBe(RETRY_DELAYS_MS);
  });
});
