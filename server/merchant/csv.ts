// CSV for spreadsheets: RFC 4180 quoting, plus a guard against formula injection (a reference typed by
// a merchant as "=HYPERLINK(…)" must stay text when the file is opened in Excel).

/** `{ text }` marks a digits-only value (a phone number) that a spreadsheet must keep as text, leading zeros and all. */
export type Cell = string | number | bigint | boolean | null | undefined | { text: string };

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    // ="01712345678" is the one form Excel, LibreOffice and Sheets all open as text; only digits (and a
    // leading +) are let through, so nothing else can become a formula.
    if (/^\+?\d{1,20}$/.test(value.text)) return `"=""${value.text}"""`;
    return csvCell(value.text);
  }
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function toCsv(rows: Cell[][]): string {
  return rows.map(csvLine).join("");
}
