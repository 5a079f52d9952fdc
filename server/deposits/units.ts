// USDT amounts. The token has 6 decimals on chain: inside we keep USDT as integer micro-units
// (`*_micro`, bigint) so what arrived is recorded exactly; the API shows 4 decimals (API.md §1).
import { decimalsOf, formatAmount } from "@/server/lib/money";

export const MICRO = 1_000_000n;

/** "25", "25.5", "25.123456" → micro-units; null for anything else (negative, 7+ decimals, garbage). */
export function parseUsdtMicro(input: string | number, maxDecimals = 6): bigint | null {
  const text = typeof input === "number" ? (Number.isFinite(input) ? String(input) : "") : input.trim();
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, whole, frac = ""] = match;
  if (frac.length > maxDecimals && /[^0]/.test(frac.slice(maxDecimals))) return null;
  return BigInt(whole) * MICRO + BigInt(frac.slice(0, 6).padEnd(6, "0"));
}

/** Micro-units as the API's 4-decimal string (what a sub-0.0001 remainder would add is not shown). */
export function formatUsdt(micro: bigint): string {
  return formatAmount(micro / 100n, "USDT");
}

/** Exact 6-decimal string, for journals and logs. */
export function formatUsdtExact(micro: bigint): string {
  const whole = micro / MICRO;
  return `${whole}.${(micro % MICRO).toString().padStart(6, "0")}`;
}

/** The seed callback's `amount`: USDT × 10000 as an integer string (API.md §6). */
export function seedAmount(micro: bigint): string {
  return (micro / 100n).toString();
}

/** A rate such as "121.50" (currency units per USDT) → rate × 1,000,000. */
export function parseRateMicro(input: string): bigint | null {
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(input.trim());
  if (!match) return null;
  const value = BigInt(match[1]) * MICRO + BigInt((match[2] ?? "").padEnd(6, "0"));
  return value > 0n ? value : null;
}

export function formatRate(rateMicro: bigint): string {
  const whole = rateMicro / MICRO;
  const frac = (rateMicro % MICRO).toString().padStart(6, "0").replace(/0+$/, "");
  return `${whole}.${frac.padEnd(2, "0")}`;
}

/**
 * What `micro` USDT is worth in `currency` minor units at `rateMicro`, rounded down (the platform
 * never credits more than arrived). USDT itself converts 1:1 (its minor unit is 0.0001).
 */
export function convertMicro(micro: bigint, currency: string, rateMicro: bigint | null): bigint {
  if (currency === "USDT") return micro / 100n;
  if (rateMicro === null) throw new Error(`No USDT rate for ${currency}`);
  const scale = 10n ** BigInt(decimalsOf(currency));
  return (micro * rateMicro * scale) / (MICRO * MICRO);
}
