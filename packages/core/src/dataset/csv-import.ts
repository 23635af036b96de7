/**
 * Bulk import in the tidy shape DfE publishes: `time_period`, `time_identifier`,
 * `geographic_level`, `new_la_code`, `old_la_code`, `la_name`, then either one column per
 * indicator or `indicator`/`value` pairs. Every row is checked first and errors name their line;
 * nothing is written unless the whole file is clean; re-importing the same file changes nothing;
 * `dryRun` returns the preview of what would change.
 */
import { createHash } from "node:crypto";
import { Audit } from "../audit";
import { Region } from "../directory";
import { parseCsv, ValidationError, type Deps } from "../shared";
import type { Values } from "./benchmarks";
import type { Indicator } from "./indicators";
import { of as quarterOf, type Quarter } from "./quarters";
import * as Store from "./store";
import { crossChecks, readCell } from "./values-check";

export interface Change {
  authority: string;
  quarter: Quarter;
  indicator: string;
  from: number | null | undefined;
  to: number | null;
}

export interface ImportResult {
  rows: number;
  changes: Change[];
  /** LA-quarters written (or that would be). */
  written: number;
  quarters: Quarter[];
  dryRun: boolean;
  /** The LA-quarters written (or that would be), so the checks can run for the LAs touched. */
  touched: { regionId: string; authority: string; quarter: Quarter }[];
}

const REQUIRED = ["time_period", "time_identifier", "geographic_level"];

/** "Quarter 1", "Q1", "January to March" → 1 (calendar quarters). */
function quarterNumber(identifier: string): number | undefined {
  const t = identifier.trim().toLowerCase();
  const m = /^(?:quarter\s*|q)([1-4])$/.exec(t);
  if (m) return Number(m[1]);
  return ["january to march", "april to june", "july to september", "october to december"].indexOf(t) + 1 || undefined;
}

interface Parsed {
  /** `${authority}|${quarter}` → values read (only cells given). */
  cells: Map<string, { authority: string; regionId: string; quarter: Quarter; values: Values; line: number }>;
  national: Map<Quarter, Values>;
  rows: number;
}

type Line = { line: number; get: (col: string) => string };

function locate(line: Line, errors: { path: string; message: string }[]) {
  const at = `line ${line.line}`;
  const period = line.get("time_period").trim();
  const q = quarterNumber(line.get("time_identifier"));
  if (!/^\d{4}$/.test(period) || !q) {
    errors.push({
      path: at,
      message: `Line ${line.line}: give time_period as a year (2026) and time_identifier as a quarter (Quarter 1 to Quarter 4)`,
    });
    return undefined;
  }
  return quarterOf(Number(period), q);
}

interface Header {
  cols: string[];
  long: boolean;
  wide: string[];
  byId: Map<string, Indicator>;
}

function readHeader(cells: string[] | undefined, catalogue: Indicator[]): Header {
  if (!cells)
    throw new ValidationError("The file is empty.", [{ path: "file", message: "The file has no header row" }]);
  const cols = cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((r) => !cols.includes(r));
  if (missing.length)
    throw new ValidationError("The header row is missing columns.", [
      { path: "line 1", message: `Line 1: add the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` },
    ]);
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const long = cols.includes("indicator") && cols.includes("value");
  const wide = cols.filter((c) => byId.has(c));
  if (!long && wide.length === 0)
    throw new ValidationError("No indicator columns.", [
      {
        path: "line 1",
        message:
          "Line 1: name at least one indicator column (such as re-referrals), or give indicator and value columns",
      },
    ]);
  return { cols, long, wide, byId };
}

/** The figures one row gives (errors pushed with the row's line). */
function rowValues(h: Header, line: Line, fail: (message: string) => void): Values {
  const pairs: [string, string][] = h.long
    ? [[line.get("indicator").trim().toLowerCase(), line.get("value")]]
    : h.wide.map((c) => [c, line.get(c)]);
  const values: Values = {};
  for (const [id, raw] of pairs) {
    const ind = h.byId.get(id);
    if (!ind) {
      fail(`"${id}" is not an indicator in the catalogue`);
      continue;
    }
    const cell = readCell(ind, raw);
    if (cell.error) fail(cell.error);
    else if (cell.value !== undefined) values[id] = cell.value;
  }
  return values;
}

function parseRows(
  text: string,
  catalogue: Indicator[],
  authorities: Map<string, Region.Authority>,
  oldCodes: Map<string, string>,
): Parsed {
  const { rows, error } = parseCsv(text);
  if (error)
    throw new ValidationError("The file could not be read.", [
      { path: `line ${error.line}`, message: `Line ${error.line}: ${error.message}` },
    ]);
  const [header, ...body] = rows;
  const h = readHeader(header?.cells, catalogue);
  const errors: { path: string; message: string }[] = [];
  const out: Parsed = { cells: new Map(), national: new Map(), rows: body.length };
  for (const row of body) {
    const fail = (message: string) =>
      errors.push({ path: `line ${row.line}`, message: `Line ${row.line}: ${message}` });
    const line: Line = { line: row.line, get: (c) => row.cells[h.cols.indexOf(c)] ?? "" };
    const quarter = locate(line, errors);
    if (!quarter) continue;
    const level = line.get("geographic_level").trim().toLowerCase();
    const values = rowValues(h, line, fail);
    if (level === "national") out.national.set(quarter, { ...out.national.get(quarter), ...values });
    else if (level === "regional")
      continue; // regions' figures are computed from their LAs
    else if (level !== "local authority") fail("geographic_level must be Local authority, Regional or National");
    else {
      const code = line.get("new_la_code").trim() || oldCodes.get(line.get("old_la_code").trim()) || "";
      const la = authorities.get(code);
      if (!la) fail(`no local authority in this import has the code "${code || line.get("old_la_code")}"`);
      else {
        const key = `${code}|${quarter}`;
        const merged = { ...out.cells.get(key)?.values, ...values };
        out.cells.set(key, { authority: code, regionId: la.regionId, quarter, values: merged, line: row.line });
      }
    }
  }
  for (const c of out.cells.values())
    for (const issue of crossChecks(catalogue, c.values))
      errors.push({ path: `line ${c.line}`, message: `Line ${c.line}: ${issue.message}` });
  if (errors.length)
    throw new ValidationError(
      `The file has ${errors.length} problem${errors.length > 1 ? "s" : ""}. Nothing was imported.`,
      errors.sort((a, b) => parseInt(a.path.slice(5)) - parseInt(b.path.slice(5))),
    );
  return out;
}

/** Old three-digit LA codes, where an authority item carries one (`oldCode`); rows may give either code. */
const oldCodeMap = (las: Region.Authority[]) =>
  new Map(las.flatMap((a) => (typeof a.oldCode === "string" ? [[a.oldCode, a.code] as [string, string]] : [])));

/** Check a CSV and (unless `dryRun`) write it. Regional leads import their region; the app secret may import all of England. */
export async function importCsv(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; csv: string; dryRun: boolean; national: boolean; actor: Audit.Actor },
): Promise<ImportResult> {
  const { indicators, version } = await Store.catalogue(deps, input.regionId);
  const regions = input.national ? (await Region.list(deps)).map((r) => r.id) : [input.regionId];
  const las = (await Promise.all(regions.map((r) => Region.authorities(deps, r)))).flat();
  const parsed = parseRows(input.csv, indicators, new Map(las.map((a) => [a.code, a])), oldCodeMap(las));
  const at = deps.clock.now().toISOString();
  const existing = new Map(
    (
      await deps.store.batchGet<Store.ValuesItem>(
        [...parsed.cells.values()].map((c) =>
          Store.valuesItem({ ...c, notes: {}, source: "import", catalogueVersion: version, at, by: input.actor.id }),
        ),
      )
    ).map((i) => [`${i.authority}|${i.quarter}`, i]),
  );
  const changes: Change[] = [];
  const items: Store.ValuesItem[] = [];
  for (const [key, c] of parsed.cells) {
    const before = existing.get(key);
    const diff = Object.entries(c.values).filter(
      ([id, v]) => !before || !(id in before.values) || before.values[id] !== v,
    );
    if (!diff.length) continue;
    changes.push(
      ...diff.map(([indicator, to]) => ({
        authority: c.authority,
        quarter: c.quarter,
        indicator,
        from: before?.values[indicator],
        to,
      })),
    );
    items.push(
      Store.valuesItem({
        regionId: c.regionId,
        quarter: c.quarter,
        authority: c.authority,
        values: { ...before?.values, ...c.values },
        notes: before?.notes ?? {},
        source: "import",
        catalogueVersion: version,
        at,
        by: input.actor.id,
      }),
    );
  }
  const quarters = [...new Set([...items.map((i) => i.quarter), ...parsed.national.keys()])].sort();
  const touched = items.map((i) => ({ regionId: i.regionId, authority: i.authority, quarter: i.quarter }));
  const result = { rows: parsed.rows, changes, written: items.length, quarters, dryRun: input.dryRun, touched };
  if (input.dryRun) return result;
  await apply(deps, { ...input, items, national: parsed.national, quarters, indicators, changes: changes.length });
  return result;
}

async function apply(
  deps: Pick<Deps, "store" | "clock">,
  x: {
    regionId: string;
    csv: string;
    actor: Audit.Actor;
    items: Store.ValuesItem[];
    national: Map<Quarter, Values>;
    quarters: Quarter[];
    indicators: Indicator[];
    changes: number;
  },
) {
  if (x.items.length) await deps.store.batchPut(x.items);
  for (const [q, values] of x.national) {
    const prior = (await deps.store.get(Store.publishedKey(q)))?.values as Values | undefined;
    await Store.putPublished(deps, q, { ...prior, ...values });
  }
  for (const q of x.quarters) await Store.rebuildNational(deps, q, x.indicators);
  if (!x.changes && !x.national.size) return;
  await Audit.record(deps, {
    scope: Audit.regionScope(x.regionId),
    actor: x.actor,
    action: "dataset.imported",
    entity: { type: "dataset-import", id: createHash("sha256").update(x.csv).digest("hex").slice(0, 16) },
    summary: `Imported ${x.changes} figure${x.changes === 1 ? "" : "s"} for ${x.items.length} local authority quarter${x.items.length === 1 ? "" : "s"} (${x.quarters.join(", ")})`,
  });
}
