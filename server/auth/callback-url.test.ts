import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("sign-in callbackUrl (open redirect)", () => {
  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/merchant",
    "http:evil.example",
    "javascript:alert(1)",
    "",
    "merchant",
    "///evil.example",
  ])("refuses %j", (payload) => {
    expect(safeCallbackPath(payload)).toBeUndefined();
  });

  it("keeps same-origin paths with their query and hash", () => {
    expect(safeCallbackPath("/merchant")).toBe("/merchant");
    expect(safeCallbackPath("/merchant/transactions?status=failed#top")).toBe("/merchant/transactions?status=failed#top");
    expect(safeCallbackPath("/a/../admin")).toBe("/admin");
    expect(safeCallbackPath(["/merchant"])).toBeUndefined();
  });
});
