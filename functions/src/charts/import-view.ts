/** View models of the import page: where the CSV comes from, and the preview of what will change. */
import { ValidationError, type DatasetImport, type Deps } from "@riia/core";

/** The CSV from an upload, a pasted text, or the file kept from the preview (by its hash, in `folder`). */
export async function csvFrom(deps: Deps, body: Record<string, string | File>, folder = "dataset-imports") {
  if (typeof body.upload === "string" && /^[a-f0-9]{32}$/.test(body.upload)) {
    const blob = await deps.blobs.get(`${folder}/${body.upload}.csv`);
    if (blob) return new TextDecoder().decode(blob);
  }
  if (body.file instanceof File && body.file.size > 0) {
    if (body.file.size > 5_000_000)
      throw new ValidationError("The file is too big.", [
        { path: "file", message: "The file must be smaller than 5 MB" },
      ]);
    return body.file.text();
  }
  if (typeof body.csv === "string" && body.csv.trim()) return body.csv;
  throw new ValidationError("Choose a CSV file.", [{ path: "file", message: "Choose a CSV file to import" }]);
}

const shown = (v: number | null | undefined) => (v === undefined ? "none" : v === null ? "not published" : String(v));
const placeOf = (x: { level: string; name: string; authority: string }) =>
  x.level === "local authority"
    ? `${x.name} (${x.authority})`
    : `${x.name} (${x.level === "national" ? "England benchmark" : "regional benchmark"})`;

/** The full account of an import (preview or result): every change, every refused row, warnings, held figures a symbol would replace. */
export const previewModel = (r: DatasetImport.ImportResult) => ({
  rows: r.rows,
  count: r.changes.length,
  written: r.written,
  quarters: r.quarters.join(", "),
  benchmarks: r.changes.filter((x) => x.level !== "local authority").length,
  changes: r.changes.map((x) => [
    { text: placeOf(x) },
    { text: x.quarter },
    { text: x.indicator },
    { text: shown(x.from) },
    { text: x.to === null ? `not published (${x.why ?? "no reason given"})` : String(x.to) },
  ]),
  refused: r.refused.map((x) => [{ text: String(x.line) }, { text: x.reason }]),
  warnings: r.warnings.map((w) => (w.line ? `Line ${w.line}: ${w.message}` : w.message)),
  withheld: r.withheld.map((w) => ({
    value: w.key,
    checked: w.replaced,
    text: `${placeOf(w)}, ${w.quarter}, ${w.indicator}: replace the figure held (${w.held}) with "not published" (${w.symbol ? `${w.symbol}: ` : ""}${w.why})`,
  })),
  kept: r.withheld.filter((w) => !w.replaced).length,
});
