import { describe, expect, it } from "vitest";
import { clientIpFromChain, normalizeIp } from "./forwarded.mjs";

describe("client address from the forwarded chain", () => {
  it("with no trusted proxy, the socket's peer is the client whatever X-Forwarded-For says", () => {
    expect(clientIpFromChain("198.51.100.7", "203.0.113.50", 0)).toBe("203.0.113.50");
    expect(clientIpFromChain(["198.51.100.7", "10.0.0.1"], "::ffff:203.0.113.50", 0)).toBe("203.0.113.50");
    expect(clientIpFromChain(undefined, "127.0.0.1", 0)).toBe("127.0.0.1");
  });
  it("with one trusted proxy, the hop that proxy appended, not the client's own entries", () => {
    // The client sent "198.51.100.7"; our proxy appended the address it saw (192.0.2.10).
    expect(clientIpFromChain("198.51.100.7, 192.0.2.10", "10.0.0.2", 1)).toBe("192.0.2.10");
    expect(clientIpFromChain("192.0.2.10", "10.0.0.2", 1)).toBe("192.0.2.10");
    expect(clientIpFromChain("198.51.100.7, 192.0.2.10, 10.0.0.3", "10.0.0.2", 2)).toBe("192.0.2.10");
  });
  it("normalizes mapped and bracketed forms", () => {
    expect(normalizeIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeIp("[2001:db8::1]")).toBe("2001:db8::1");
    expect(clientIpFromChain(undefined, undefined, 0)).toBe("unknown");
  });
});
