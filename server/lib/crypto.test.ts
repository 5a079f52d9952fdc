import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, mask } from "./crypto";

describe("secrets at rest", () => {
  it("encrypts with a fresh IV and decrypts back", () => {
    const a = encryptSecret("whsec_abc");
    expect(a).not.toContain("whsec_abc");
    expect(encryptSecret("whsec_abc")).not.toBe(a);
    expect(decryptSecret(a)).toBe("whsec_abc");
  });
  it("detects tampering", () => {
    const [v, iv, tag, body] = encryptSecret("whsec_abc").split(":");
    const flipped = Buffer.from(body, "base64");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64")].join(":"))).toThrow();
  });
  it("masks for logs", () => expect(mask("rs_1234567890abcdef")).toBe("rs_123…****"));
});
