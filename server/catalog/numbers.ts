// Phone numbers as customers type them → one canonical form per subscriber, so that "01712345678",
// "+8801712345678" and "+880 1712-345678" are the same number for detection, duplicates and limits.
//
// Country rules, in order:
//   1. A leading "+" (or an IDD "00" prefix) means the number carries its country code; that wins
//      over `defaultCountry`.
//   2. Otherwise, if the caller names a `defaultCountry`, the number is read as national to it.
//   3. Otherwise the shape decides (no two rules overlap):
//        11 digits 1[3-9]…        → CN (Chinese mobile numbers have no trunk prefix)
//        10 digits [6-9]…         → IN
//        11 digits 0[6-9]…        → IN with its trunk 0 (a BD mobile always starts 01)
//        13 digits 861[3-9]…      → CN written with its country code but no "+"
//        12 digits 91[6-9]…       → IN likewise
//        anything else            → BD (the seed's market; "8801…" without "+" is handled as BD too)
// Only mobile numbers are accepted: everything here is about topping up a phone. Only BD, IN and CN.

import { type PhoneNumber, ParseError, parsePhoneNumberWithError } from "libphonenumber-js/max";
import { asciiDigits } from "@/server/lib/digits";
import type { Country } from "./operators";

export type ParsedPhone = {
  ok: true;
  country: Country;
  /** National form, digits only: "01712345678" (BD, with trunk 0), 10 digits (IN), 11 digits (CN). */
  national: string;
  e164: string;
  /** National significant number: what operator prefixes are matched against. */
  nsn: string;
};

export type PhoneParseError = "empty" | "invalid_characters" | "too_short" | "too_long" | "invalid" | "unsupported_country";

export type ParsePhoneResult = ParsedPhone | { ok: false; reason: PhoneParseError };

const CALLING_CODE_COUNTRY: Record<string, Country> = { "880": "BD", "91": "IN", "86": "CN" };

/** Length of a mobile NSN per country: how "too short/long" is judged, since fixed lines differ. */
const MOBILE_NSN_LENGTH: Record<Country, number> = { BD: 10, IN: 10, CN: 11 };

// Separators people write inside numbers; anything else (letters, "ext.", "*") is refused outright
// rather than silently dropped, so "0171234567x" cannot become a different valid number.
const ALLOWED = /^\+?[\d\s\-./()]*$/;

function inferDefaultCountry(digits: string): { text?: string; country: Country } {
  if (/^1[3-9]\d{9}$/.test(digits)) return { country: "CN" };
  if (/^[6-9]\d{9}$/.test(digits) || /^0[6-9]\d{9}$/.test(digits)) return { country: "IN" };
  if (/^861[3-9]\d{9}$/.test(digits)) return { text: `+${digits}`, country: "CN" };
  if (/^91[6-9]\d{9}$/.test(digits)) return { text: `+${digits}`, country: "IN" };
  return { country: "BD" };
}

function nationalOf(country: Country, nsn: string): string {
  // Bangladeshis write (and the seed's API sends) mobile numbers with the trunk 0.
  return country === "BD" ? `0${nsn}` : nsn;
}

function isMobile(phone: PhoneNumber): boolean {
  const type = phone.getType();
  return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

export function parsePhone(input: string, defaultCountry?: Country): ParsePhoneResult {
  const text = asciiDigits(String(input ?? "")).trim();
  if (!text) return { ok: false, reason: "empty" };
  if (!ALLOWED.test(text)) return { ok: false, reason: "invalid_characters" };
  const digits = text.replace(/\D/g, "");
  if (!digits) return { ok: false, reason: "too_short" };
  // E.164 allows 15 digits; two more for an IDD "00". Longer is not a phone number.
  if (digits.length > 17) return { ok: false, reason: "too_long" };

  const international = text.startsWith("+");
  let toParse = international ? `+${digits}` : digits;
  let country: Country = defaultCountry ?? "BD";
  if (!international && !defaultCountry) {
    const inferred = inferDefaultCountry(digits);
    country = inferred.country;
    toParse = inferred.text ?? toParse;
  }

  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(toParse, { defaultCountry: country });
  } catch (error) {
    if (error instanceof ParseError) {
      if (error.message === "TOO_SHORT") return { ok: false, reason: "too_short" };
      if (error.message === "TOO_LONG") return { ok: false, reason: "too_long" };
    }
    return { ok: false, reason: "invalid" };
  }

  const actual = CALLING_CODE_COUNTRY[phone.countryCallingCode];
  if (!actual) return { ok: false, reason: phone.country ? "unsupported_country" : "invalid" };

  const nsn = phone.nationalNumber;
  if (!phone.isValid()) {
    const expected = MOBILE_NSN_LENGTH[actual];
    if (nsn.length < expected) return { ok: false, reason: "too_short" };
    if (nsn.length > expected) return { ok: false, reason: "too_long" };
    return { ok: false, reason: "invalid" };
  }
  if (!isMobile(phone)) return { ok: false, reason: "invalid" };

  return { ok: true, country: actual, national: nationalOf(actual, nsn), e164: phone.number, nsn };
}
