// CSV for spreadsheets: RFC 4180 quoting, plus a guard against formula injection (a reference typed by
// a merchant as "=HYPERLINK(…)" must stay text when the file is opened in Excel).

type Cell = string | number | bigint | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
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
