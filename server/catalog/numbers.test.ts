import { describe, expect, it } from "vitest";
import { parsePhone } from "./numbers";

const GP_NUMBER = { ok: true, country: "BD", national: "01712345678", e164: "+8801712345678", nsn: "1712345678" };

describe("parsePhone", () => {
  it.each([
    ["01712345678"],
    ["+8801712345678"],
    ["8801712345678"],
    ["+880 1712-345678"],
    ["  017 1234 5678 "],
    ["(017) 1234-5678"],
    ["008801712345678"],
    ["+880 01712345678"],
    ["০১৭১২৩৪৫৬৭৮"],
  ])("reads %j as the same BD number", (input) => {
    expect(parsePhone(input)).toEqual(GP_NUMBER);
  });

  it("keeps the same number whatever default country is named when it has a +", () => {
    expect(parsePhone("+8801712345678", "IN")).toEqual(GP_NUMBER);
    expect(parsePhone("01712345678", "BD")).toEqual(GP_NUMBER);
  });

  it("infers CN for 11-digit 1[3-9] numbers and IN for 10-digit [6-9] numbers without a default", () => {
    expect(parsePhone("13812345678")).toEqual({ ok: true, country: "CN", national: "13812345678", e164: "+8613812345678", nsn: "13812345678" });
    expect(parsePhone("9876543210")).toEqual({ ok: true, country: "IN", national: "9876543210", e164: "+919876543210", nsn: "9876543210" });
    expect(parsePhone("09876543210")).toMatchObject({ ok: true, country: "IN", e164: "+919876543210" });
    expect(parsePhone("8613812345678")).toMatchObject({ ok: true, country: "CN", e164: "+8613812345678" });
    expect(parsePhone("919876543210")).toMatchObject({ ok: true, country: "IN", e164: "+919876543210" });
    expect(parsePhone("+86 138 1234 5678")).toMatchObject({ ok: true, country: "CN", national: "13812345678" });
    expect(parsePhone("+91 98765 43210")).toMatchObject({ ok: true, country: "IN", national: "9876543210" });
  });

  it("reads as national to an explicit default country instead of inferring", () => {
    expect(parsePhone("9876543210", "IN")).toMatchObject({ ok: true, country: "IN" });
    expect(parsePhone("13812345678", "CN")).toMatchObject({ ok: true, country: "CN" });
    // A CN-shaped number is not a BD one just because BD was asked for.
    expect(parsePhone("13812345678", "BD").ok).toBe(false);
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["0171234567x", "invalid_characters"],
    ["017-1234-5678 ext 2", "invalid_characters"],
    ["01+712345678", "invalid_characters"],
    ["()", "too_short"],
    ["1", "too_short"],
    ["0171234567", "too_short"],
    ["+880171234567", "too_short"],
    ["017123456789", "too_long"],
    ["+88017123456789", "too_long"],
    ["+8613812345", "too_short"],
    ["123456789012345678", "too_long"],
    ["+14155552671", "unsupported_country"],
    ["+447911123456", "unsupported_country"],
    ["+0123456", "invalid"],
    ["01012345678", "invalid"], // 010 is not a BD mobile range
    ["0291234567", "too_short"], // BD landline shape, never a mobile
    ["+861012345678", "invalid"], // Beijing landline: valid, but not a mobile
  ] as const)("rejects %j as %s", (input, reason) => {
    expect(parsePhone(input)).toEqual({ ok: false, reason });
  });
});
