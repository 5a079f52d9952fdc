import { describe, expect, it } from "vitest";
import { assertStorable, nulFields } from "./errors";

describe("input Postgres cannot store", () => {
  it("names the fields that carry a NUL byte", () => {
    expect(nulFields({ a: "ok", b: ["x", "y\u0000"], "k\u0000": 1 })).toEqual(["b[1]", "(key)"]);
  });

  it("a 5,000-deep body is refused as bad input, not a stack overflow (a 500)", () => {
    const deep = JSON.parse("[".repeat(5000) + "]".repeat(5000));
    expect(() => assertStorable(deep)).toThrow(expect.objectContaining({ code: "validation_failed" }));
    expect(() => assertStorable({ fine: [[["nested"]]] })).not.toThrow();
  });
});
