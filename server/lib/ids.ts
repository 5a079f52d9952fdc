import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Random base62 string from a CSPRNG (rejection sampling keeps it unbiased). */
export function randomToken(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export type IdPrefix = "acct" | "usr" | "key" | "wal" | "jnl" | "hold" | "rch" | "evt" | "dep" | "aud" | "pcall" | "whd" | "cmp" | "bulk" | "rate" | "dad" | "ctr" | "rcn" | "rdf";

/** Prefixed, opaque ids (API.md §1): `rch_…`, `acct_…`. */
export function createId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}
