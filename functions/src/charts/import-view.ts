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

export const previewModel = (r: DatasetImport.ImportResult) => ({
  rows: r.rows,
  count: r.changes.length,
  written: r.written,
  quarters: r.quarters.join(", "),
  changes: r.changes
    .slice(0, 200)
    .map((x) => [
      { text: x.authority },
      { text: x.quarter },
      { text: x.indicator },
      { text: x.from === undefined ? "none" : x.from === null ? "not available" : String(x.from) },
      { text: x.to === null ? "not available" : String(x.to) },
    ]),
});
