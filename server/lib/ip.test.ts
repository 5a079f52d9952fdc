import { describe, expect, it } from "vitest";
import { ipAllowed, parseCidr } from "./ip";

describe("IP allow-list", () => {
  it("allows everything when empty", () => expect(ipAllowed("203.0.113.9", [])).toBe(true));
  it("matches CIDRs and single addresses, v4 and v6", () => {
    expect(ipAllowed("10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(ipAllowed("11.1.2.3", ["10.0.0.0/8"])).toBe(false);
    expect(ipAllowed("::ffff:10.1.2.3", ["10.0.0.0/8"])).toBe(true);
    expect(ipAllowed("127.0.0.1", ["127.0.0.1"])).toBe(true);
    expect(ipAllowed("2001:db8::1", ["2001:db8::/32"])).toBe(true);
    expect(ipAllowed("2001:db9::1", ["2001:db8::/32"])).toBe(false);
    expect(ipAllowed("garbage", ["10.0.0.0/8"])).toBe(false);
  });
  it("rejects malformed entries", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "x", "10.0.0.0/8/1", "10.0.0.0/a"]) expect(parseCidr(bad)).toBeNull();
  });
});
