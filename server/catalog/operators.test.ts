import { describe, expect, it } from "vitest";
import { ALL_OPERATORS, getOperator, listOperators } from "./operators";

describe("operator catalog", () => {
  it("has the six seed-002 operators with their prefixes and limits", () => {
    expect(listOperators({ country: "BD", service: "mobile" }).map((op) => [op.code, op.prefixes])).toEqual([
      ["GP", ["17", "13"]],
      ["GP ST", ["17", "13"]],
      ["BL", ["19", "14"]],
      ["RB", ["18"]],
      ["AT", ["16"]],
      ["TT", ["15"]],
    ]);
    for (const op of listOperators({ country: "BD", service: "mobile" })) {
      expect(op).toMatchObject({ currency: "BDT", minAmount: 1000n, maxAmount: 100000n, postpaidMaxAmount: 500000n, denominations: null, duplicateWindowSeconds: 180 });
    }
    expect(getOperator("GP ST")?.name).toBe("Grameenphone Skitto");
  });

  it("has unique codes, a currency matching the country and sane limits", () => {
    const codes = ALL_OPERATORS.map((op) => op.code);
    expect(new Set(codes).size).toBe(codes.length);
    const currency = { BD: "BDT", IN: "INR", CN: "CNY" };
    for (const op of ALL_OPERATORS) {
      expect(op.currency).toBe(currency[op.country]);
      expect(op.minAmount > 0n && op.maxAmount >= op.minAmount).toBe(true);
      for (const d of op.denominations ?? []) expect(d >= op.minAmount && d <= op.maxAmount).toBe(true);
      if (op.accountPattern) expect(() => new RegExp(op.accountPattern as string)).not.toThrow();
    }
  });

  it("does not give two operators of one country overlapping prefixes, except GP and Skitto", () => {
    for (const country of ["BD", "IN", "CN"] as const) {
      const seen = new Map<string, string>();
      for (const op of listOperators({ country, service: "mobile" })) {
        for (const prefix of op.prefixes) {
          for (const [other, owner] of seen) {
            const overlaps = other.startsWith(prefix) || prefix.startsWith(other);
            if (overlaps) expect([owner, op.code].sort()).toEqual(["GP", "GP ST"]);
          }
          if (!seen.has(prefix)) seen.set(prefix, op.code);
        }
      }
    }
  });

  it("filters by country and service", () => {
    expect(listOperators({ country: "IN", service: "mobile" }).map((op) => op.code)).toEqual(["JIO", "AIRTEL", "VI", "BSNL"]);
    expect(listOperators({ country: "IN", service: "dth" }).map((op) => op.code)).toEqual(["TATAPLAY", "AIRTELDTH", "DISHTV", "SUNDIRECT", "D2H"]);
    expect(listOperators({ country: "IN", service: "bill" }).map((op) => op.kind)).toEqual(["electricity", "electricity", "electricity", "water", "gas"]);
    expect(listOperators({ country: "CN" }).map((op) => op.code)).toEqual(["CM", "CU", "CT"]);
    expect(listOperators()).toHaveLength(ALL_OPERATORS.length);
  });

  it("Bangladesh has a DTH operator and electricity, water and gas billers, each with its account format", () => {
    expect(listOperators({ country: "BD", service: "dth" }).map((op) => op.code)).toEqual(["AKASH"]);
    const bills = listOperators({ country: "BD", service: "bill" });
    expect(bills.map((op) => op.code)).toEqual(["DESCO", "DESCO PRE", "DPDC", "DPDC PRE", "NESCO", "NESCO PRE", "WASA", "TITAS"]);
    expect(new Set(bills.map((op) => op.kind))).toEqual(new Set(["electricity", "water", "gas"]));
    for (const op of [...bills, getOperator("AKASH")!]) {
      expect(op.currency).toBe("BDT");
      expect(op.accountPattern).toMatch(/^\^.*\$$/);
      expect(op.accountLabel).toBeTruthy();
    }
    const matches = (code: string, account: string) => new RegExp(getOperator(code)!.accountPattern!).test(account);
    expect(matches("DESCO", "55501234")).toBe(true);
    expect(matches("DESCO", "5550123")).toBe(false);
    expect(matches("DESCO PRE", "012345678901")).toBe(true);
    expect(matches("AKASH", "1234567890")).toBe(true);
    expect(matches("AKASH", "12345")).toBe(false);
  });

  it("cannot be changed by a caller by accident", () => {
    const gp = getOperator("GP");
    expect(() => gp?.prefixes.push("19")).toThrow();
    expect(getOperator("GP")?.prefixes).toEqual(["17", "13"]);
  });
});
