/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside quotes,
 * CRLF or LF, and a leading byte-order mark (Excel writes one). Each row keeps its 1-based line
 * number in the file so errors can point at it.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

export function parseCsv(text: string): { rows: CsvRow[]; error?: { line: number; message: string } } {
  const src = text.replace(/^\uFEFF/, "");
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let inQuotes = false;
  let line = 1;
  let rowStart = 1;
  let quotedAt = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.length > 0)
        return { rows, error: { line, message: "A quote must start a field or be doubled inside quotes" } };
      inQuotes = true;
      quotedAt = line;
    } else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== "")) rows.push({ line: rowStart, cells });
      cells = [];
      cell = "";
      line++;
      rowStart = line;
    } else cell += ch;
  }
  if (inQuotes) return { rows, error: { line: quotedAt, message: "A quoted field is never closed" } };
  cells.push(cell);
  if (cells.some((c) => c.trim() !== "")) rows.push({ line: rowStart, cells });
  return { rows };
}

/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is made text
 * with a leading apostrophe: exports carry free text that LAs and reviewers typed.
 */
export function csvCell(value: unknown): string {
  let s =
    value === undefined || value === null
      ? ""
      : Array.isArray(value)
        ? value.join("; ")
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as a CSV file with CRLF line ends. */
export const formatCsv = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
