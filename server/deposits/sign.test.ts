import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seedSign, signChainNotification, verifyChainNotification, verifySeedSign } from "./sign";
import { convertMicro, formatUsdt, parseRateMicro, parseUsdtMicro, seedAmount } from "./units";

const SECRET = "rs_test_secret";
const order = { username: "a123456", appid: "rk_demo", localusermark: "1", address: "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", orderid: "sh-1001", amount: "3.0000" };

describe("seed MD5 sign (API.md §6)", () => {
  it("is the upper-case MD5 of the sorted non-empty parameters and &key=secret", () => {
    const base = "address=TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH&amount=3.0000&appid=rk_demo&localusermark=1&orderid=sh-1001&username=a123456&key=rs_test_secret";
    const expected = createHash("md5").update(base).digest("hex").toUpperCase();
    expect(seedSign(order, SECRET)).toBe(expected);
    // A fixed vector, so a change of scheme cannot pass silently.
    // A fixed vector (md5 of "a=1&b=2&key=k"): empty parameters and `sign` itself are left out.
    expect(seedSign({ b: "2", a: "1", empty: "", sign: "X" }, "k")).toBe("F8F06AFA2E241A36469B9DAC959B3474");
  });

  it("verifies a good sign (any case) and refuses a wrong key, a missing field, an altered amount", () => {
    const sign = seedSign(order, SECRET);
    expect(verifySeedSign({ ...order, sign }, SECRET)).toBe(true);
    expect(verifySeedSign({ ...order, sign: sign.toLowerCase() }, SECRET)).toBe(true);
    expect(verifySeedSign({ ...order, sign }, "rs_other_secret")).toBe(false);
    const { localusermark: _, ...missing } = order;
    expect(verifySeedSign({ ...missing, sign }, SECRET)).toBe(false);
    expect(verifySeedSign({ ...order, amount: "30.0000", sign }, SECRET)).toBe(false);
    expect(verifySeedSign({ ...order }, SECRET)).toBe(false);
    expect(verifySeedSign({ ...order, sign: "" }, SECRET)).toBe(false);
  });
});

describe("chain notification HMAC", () => {
  it("verifies its own signature, within the time window only, and not an altered body", () => {
    const body = JSON.stringify({ tx_hash: "ab".repeat(32), amount: "1000000" });
    const now = new Date("2026-01-01T00:00:00Z");
    const header = signChainNotification(body, "s".repeat(20), now);
    expect(verifyChainNotification(body, header, "s".repeat(20), now)).toBe(true);
    expect(verifyChainNotification(body.replace("1000000", "9000000"), header, "s".repeat(20), now)).toBe(false);
    expect(verifyChainNotification(body, header, "t".repeat(20), now)).toBe(false);
    expect(verifyChainNotification(body, header, "s".repeat(20), new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyChainNotification(body, null, "s".repeat(20), now)).toBe(false);
  });
});

describe("USDT units", () => {
  it("parses up to 6 decimals exactly, and refuses the rest", () => {
    expect(parseUsdtMicro("25")).toBe(25_000_000n);
    expect(parseUsdtMicro("3.123456")).toBe(3_123_456n);
    expect(parseUsdtMicro("3.12345", 4)).toBeNull();
    expect(parseUsdtMicro("-1")).toBeNull();
    expect(parseUsdtMicro("1e3")).toBeNull();
  });
  it("formats 4 decimals, the seed amount ×10000, and converts at a rate rounding down", () => {
    expect(formatUsdt(3_000_000n)).toBe("3.0000");
    expect(seedAmount(3_000_000n)).toBe("30000");
    expect(seedAmount(3_123_456n)).toBe("31234");
    const rate = parseRateMicro("121.50")!;
    expect(convertMicro(25_000_000n, "BDT", rate)).toBe(303_750n); // 3037.50 BDT
    expect(convertMicro(1n, "BDT", rate)).toBe(0n);
    expect(convertMicro(3_123_456n, "USDT", null)).toBe(31_234n);
    expect(parseRateMicro("0")).toBeNull();
  });
});
