// Numbers typed on Bengali or Hindi keyboards (০১৭…, ०१७…) mean the same digits: everything that
// reads a phone number or an amount from a person or a file turns them into ASCII first.

const DIGIT_ZEROS = [0x09e6 /* Bengali */, 0x0966 /* Devanagari */, 0x0660 /* Arabic-Indic */, 0x06f0 /* Ext. Arabic-Indic */, 0xff10 /* Fullwidth */];

/** "০১৭১২৩৪৫৬৭৮" → "01712345678"; fullwidth "＋" → "+", fullwidth "．" → "."; other characters unchanged. */
export function asciiDigits(input: string): string {
  let out = "";
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
    out += zero === undefined ? (ch === "\uff0b" ? "+" : ch === "\uff0e" ? "." : ch) : String(cp - zero);
  }
  return out;
}
