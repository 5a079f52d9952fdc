import { describe, expect, it } from "vitest";
import { can, canOpenArea } from "./permissions";

describe("role → permission table", () => {
  it("keeps admin powers with admins", () => {
    expect(can("admin", "admin.wallets")).toBe(true);
    expect(can("merchant", "admin.wallets")).toBe(false);
    expect(can("retailer", "admin.accounts")).toBe(false);
  });
  it("lets only merchants manage retailers", () => {
    expect(can("merchant", "retailers.manage")).toBe(true);
    expect(can("retailer", "retailers.manage")).toBe(false);
  });
  it("opens each area to its own role only", () => {
    expect(canOpenArea("retailer", "admin")).toBe(false);
    expect(canOpenArea("retailer", "retail")).toBe(true);
    expect(canOpenArea("admin", "merchant")).toBe(false);
  });
});
