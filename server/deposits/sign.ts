// The two signatures of the deposit interfaces.
import { createHash, createHmac } from "node:crypto";
import { safeEqual } from "@/server/lib/crypto";

/**
 * The seed's MD5 scheme (API.md §6): every non-empty parameter except `sign`, sorted by name, joined
 * as `k=v&k=v`, then `&key=<api_secret>`; upper-case hex MD5 of that.
 */
export function seedSign(params: Record<string, unknown>, secret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== "sign" && params[k] !== undefined && params[k] !== null && String(params[k]) !== "")
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join("&");
  return createHash("md5").update(`${base}&key=${secret}`, "utf8").digest("hex").toUpperCase();
}

/** Constant-time check of a seed `sign`; a missing one never verifies. */
export function verifySeedSign(params: Record<string, unknown>, secret: string): boolean {
  const given = typeof params.sign === "string" ? params.sign.trim().toUpperCase() : "";
  if (!/^[0-9A-F]{32}$/.test(given)) return false;
  return safeEqual(given, seedSign(params, secret));
}

/** How far a chain notification's timestamp may be from our clock. */
export const CHAIN_SIGNATURE_TOLERANCE_S = 300;

/** Header `x-chain-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` of the chain watcher. */
export function signChainNotification(body: string, secret: string, now = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  const mac = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${mac}`;
}

export function verifyChainNotification(body: string, header: string | null, secret: string, now = new Date()): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > CHAIN_SIGNATURE_TOLERANCE_S) return false;
  const mac = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return safeEqual(mac, parts.v1);
}
