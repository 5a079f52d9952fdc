// Money is integer minor units (bigint) inside; decimal strings at the edges (API.md §1).

export const CURRENCY_DECIMALS: Record<string, number> = { BDT: 2, INR: 2, CNY: 2, USD: 2, USDT: 4 };

export function decimalsOf(currency: string): number {
  const d = CURRENCY_DECIMALS[currency];
  if (d === undefined) throw new Error(`Unknown currency ${currency}`);
  return d;
}

/**
 * Parses "20", "20.5", "20.00" into minor units. Returns null for anything else (negative, more
 * decimals than the currency has, exponent notation, garbage) so callers can answer a clear error.
 */
export function parseAmount(input: string | number, currency: string): bigint | null {
  const decimals = decimalsOf(currency);
  const text = typeof input === "number" ? (Number.isFinite(input) ? String(input) : "") : input.trim();
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const [, whole, frac = ""] = match;
  if (frac.length > decimals) {
    if (/[^0]/.test(frac.slice(decimals))) return null;
  }
  const fracPadded = frac.slice(0, decimals).padEnd(decimals, "0");
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fracPadded || "0");
}

export function formatAmount(minor: bigint, currency: string): string {
  const decimals = decimalsOf(currency);
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, "0");
  return `${negative ? "-" : ""}${whole}${decimals ? `.${frac}` : ""}`;
}
