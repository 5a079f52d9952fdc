import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csv", () => {
  it("quotes what needs quoting", () => {
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(toCsv([["a", 1], ["b", "20.00"]])).toBe("a,1\r\nb,20.00\r\n");
  });
  it("keeps formulas from running in a spreadsheet, but not negative numbers", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("+8801712345678")).toBe("'+8801712345678");
    expect(csvCell("-12.50")).toBe("-12.50");
  });
  it("keeps a phone number as text (leading zero and all), and lets nothing else through that form", () => {
    expect(csvCell({ text: "01712345678" })).toBe('"=""01712345678"""');
    expect(csvCell({ text: "+8801712345678" })).toBe('"=""+8801712345678"""');
    expect(csvCell({ text: '1" & HYPERLINK("x' })).toBe(csvCell('1" & HYPERLINK("x'));
    expect(csvCell({ text: "=cmd" })).toBe("'=cmd");
  });
});
