"use client";
import { toCsv } from "@/server/merchant/csv";

/** Offers text as a file download from the browser. */
export function downloadFile(filename: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Rows (the first one the header) as a CSV download, quoted and safe to open in a spreadsheet. */
export function downloadCsv(filename: string, rows: Array<Array<string | number | null | undefined>>) {
  downloadFile(filename, toCsv(rows));
}
