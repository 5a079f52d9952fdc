import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/server/env.mjs";

export const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");

export function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

let key: Buffer | undefined;
function encryptionKey() {
  // Production requires ENCRYPTION_KEY (env.mjs); the fallback keeps development data readable as before.
  key ??= Buffer.from(hkdfSync("sha256", env.ENCRYPTION_KEY ?? env.NEXTAUTH_SECRET, "refill", "secrets-at-rest", 32));
  return key;
}

/** AES-256-GCM for secrets we must be able to read back (webhook signing secrets). */
export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${body.toString("base64")}`;
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split(":");
  if (version !== "v1") throw new Error("Unknown secret format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    // GCM only says "Unsupported state or unable to authenticate data"; say what it means.
    throw new Error("This secret cannot be decrypted: the encryption key differs from the one that encrypted this (check ENCRYPTION_KEY), or the stored value is damaged.");
  }
}

/** For logs: keeps a recognisable prefix, hides the rest. */
export function mask(secret: string | null | undefined): string {
  if (!secret) return "";
  return secret.length <= 8 ? "****" : `${secret.slice(0, 6)}…${"*".repeat(4)}`;
}
