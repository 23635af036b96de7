/** The one CSV writer every export uses, read back by the one CSV reader imports use. */
import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "@riia/core";

describe("CSV", () => {
  it("quotes what needs quoting and reads back to the same cells", () => {
    const rows = [
      ["name", "note"],
      ["Derby", 'Said "no", then yes'],
      ["Leicester", "two\r\nlines"],
      ["Rutland", ""],
    ];
    const text = formatCsv(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text).rows.map((r) => r.cells)).toEqual(rows);
  });

  it("makes typed text that a spreadsheet would run as a formula plain text, but leaves numbers alone", () => {
    const text = formatCsv([['=HYPERLINK("http://evil.example")', "+1", "-2", "@SUM(A1)", -3, 4.5, null]]);
    const cells = parseCsv(text).rows[0]!.cells;
    expect(cells).toEqual(['\'=HYPERLINK("http://evil.example")', "'+1", "'-2", "'@SUM(A1)", "-3", "4.5", ""]);
  });
});
