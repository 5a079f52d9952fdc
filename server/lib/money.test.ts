import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "./money";

describe("money", () => {
  it("parses decimal strings into minor units", () => {
    expect(parseAmount("20", "BDT")).toBe(2000n);
    expect(parseAmount("20.5", "BDT")).toBe(2050n);
    expect(parseAmount("20.00", "BDT")).toBe(2000n);
    expect(parseAmount("3.0000", "USDT")).toBe(30000n);
    expect(parseAmount(" 7.10 ", "INR")).toBe(710n);
    expect(parseAmount("0.10000", "BDT")).toBe(10n);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "-1", "1e3", "20.001", "abc", "1,000", "20.", ".5", "NaN", "1".repeat(16)]) expect(parseAmount(bad, "BDT")).toBeNull();
  });
  it("formats with the currency's decimals", () => {
    expect(formatAmount(2000n, "BDT")).toBe("20.00");
    expect(formatAmount(5n, "BDT")).toBe("0.05");
    expect(formatAmount(-1234n, "BDT")).toBe("-12.34");
    expect(formatAmount(30000n, "USDT")).toBe("3.0000");
  });
  it("round-trips", () => {
    for (const v of [0n, 1n, 99n, 100n, 123456789n]) expect(parseAmount(formatAmount(v, "BDT"), "BDT")).toBe(v);
  });
});
