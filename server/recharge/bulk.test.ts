import { describe, expect, it } from "vitest";
import { parseBulkCsv, splitCsv } from "./bulk";

describe("bulk CSV parsing", () => {
  it("reads positional rows, quotes, CRLF, semicolons and a BOM", () => {
    expect(splitCsv('a,"b, c",d\r\n"say ""hi""",2\n')).toEqual([["a", "b, c", "d"], ['say "hi"', "2"]]);
    expect(splitCsv("01712345678;20\n")).toEqual([["01712345678", "20"]]);
    const parsed = parseBulkCsv("\uFEFF01712345678,20.00\n01912345678, 50 ,BL\n\n");
    expect(parsed.rows).toEqual([
      { row: 1, phone: "01712345678", amount: "20.00", operator: undefined },
      { row: 2, phone: "01912345678", amount: "50", operator: "BL" },
    ]);
  });

  it("takes a header in any column order and reports rows with missing fields", () => {
    const parsed = parseBulkCsv("Operator,Amount,Mobile Number\nGP,20,01712345678\nRB,,01812345678\n");
    expect(parsed.rows).toEqual([{ row: 2, phone: "01712345678", amount: "20", operator: "GP" }]);
    expect(parsed.problems).toEqual([{ row: 3, phone: "01812345678", amount: "", operator: "RB", error: { code: "validation_failed", message: "The amount is missing." } }]);
  });

  it("numbers rows by their line in the file, blank lines and quoted line breaks included", () => {
    const parsed = parseBulkCsv('number,amount,note\n01712345678,20,x\n\n01912345678,30,"two\nlines"\n01812345678,40,y\n');
    expect(parsed.rows.map((r) => [r.row, r.phone])).toEqual([[2, "01712345678"], [4, "01912345678"], [6, "01812345678"]]);
  });

  it("reads Bengali and Devanagari digits in numbers and amounts", () => {
    const parsed = parseBulkCsv("০১৭১২৩৪৫৬৭৮,৫০\n०१९१२३४५६७८,२०.५०\n");
    expect(parsed.rows).toEqual([
      { row: 1, phone: "01712345678", amount: "50", operator: undefined },
      { row: 2, phone: "01912345678", amount: "20.50", operator: undefined },
    ]);
  });

  it("reads Bengali headers", () => {
    expect(parseBulkCsv("মোবাইল নম্বর,টাকা\n০১৭১২৩৪৫৬৭৮,৫০\n").rows).toEqual([{ row: 2, phone: "01712345678", amount: "50", operator: undefined }]);
  });

  it("strips a currency sign from amounts", () => {
    expect(parseBulkCsv("01712345678,৳ 20\n01712345679,Tk 30").rows.map((r) => r.amount)).toEqual(["20", "30"]);
  });

  it("refuses empty files, headers without the needed columns and oversized batches", () => {
    expect(() => parseBulkCsv("number,amount\n")).toThrow(/no rows/);
    expect(() => parseBulkCsv("name,price\nx,1")).toThrow(/number column/);
    const many = Array.from({ length: 501 }, (_, i) => `0171234${String(i).padStart(4, "0")},20`).join("\n");
    expect(() => parseBulkCsv(many)).toThrow(/at most 500/);
  });
});
