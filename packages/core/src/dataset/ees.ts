/**
 * The vocabulary of DfE's explore-education-statistics (EES) tidy files, read one cell at a time:
 * `time_period` + `time_identifier` to one of our calendar quarters, `geographic_level`, the symbols
 * EES prints where a figure is not published, and which indicator a column (or a long file's
 * `indicator` cell) means: the catalogue's id, its snake_case form, or an alias the lead set.
 */
import { formatValue, type Indicator } from "./indicators";
import { label, of as quarterOf, type Quarter } from "./quarters";

/** EES symbols for a figure not published, and what each means. A blank cell is read the same way. */
export const SYMBOLS: Record<string, string> = {
  c: "confidential: withheld to protect individuals",
  x: "not available",
  z: "not applicable",
  low: "rounds to 0 but is not 0",
  u: "low reliability",
  k: "rounds to 0 but is not 0 (older symbol)",
  ":": "not available (older symbol)",
  "..": "not available (older symbol)",
  "": "left blank",
};

export type Cell =
  | { kind: "figure"; value: number }
  | { kind: "withheld"; symbol: string; why: string }
  | { kind: "error"; why: string };

/** One figure cell: a number in the indicator's range, an EES symbol (bracketed or not), or an error. */
export function readFigure(ind: Indicator, raw: string): Cell {
  const text = raw.trim().replace(/,/g, "").replace(/%$/, "");
  const symbol = text.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (symbol in SYMBOLS) return { kind: "withheld", symbol: text, why: SYMBOLS[symbol]! };
  if (!/^-?\d+(\.\d+)?$/.test(text))
    return {
      kind: "error",
      why: `${ind.name}: "${raw.trim()}" is not a number or an EES symbol (c, x, z, low, u, k)`,
    };
  const value = Number(text);
  if (value < ind.min || value > ind.max)
    return {
      kind: "error",
      why: `${ind.name} must be between ${formatValue(ind, ind.min)} and ${formatValue(ind, ind.max)}`,
    };
  return { kind: "figure", value };
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");

/** Column or `indicator` cell → catalogue indicator, by id, snake_case form or alias (case and spacing ignored). */
export function indicatorNames(catalogue: Indicator[]): Map<string, Indicator> {
  const names = new Map<string, Indicator>();
  for (const ind of catalogue) {
    names.set(norm(ind.id), ind);
    for (const alias of ind.aliases ?? []) names.set(norm(alias), ind);
  }
  return names;
}
export const lookup = (names: Map<string, Indicator>, column: string) => names.get(norm(column));

/** Columns EES files carry that are not figures: read for place and time, or known and passed over. */
export const PLACE_AND_TIME = new Set([
  "time_period",
  "time_identifier",
  "geographic_level",
  "country_code",
  "country_name",
  "region_code",
  "region_name",
  "new_la_code",
  "old_la_code",
  "la_name",
  "indicator",
  "value",
]);

export type When = { quarter: Quarter; note?: string } | { why: string };

const QUARTERS = ["january to march", "april to june", "july to september", "october to december"];
const ANNUAL_HELP =
  "use Quarter 1 to 4, Calendar year Q1 to Q4 or Financial year Q1 to Q4 (or Financial year, Academic year, Calendar year or Reporting year for a yearly figure)";

/** "2025" → 2025; "202526", "2025-26", "2025/26" → 2025 (the year a two-year period starts). */
function years(period: string): { single?: number; from?: number } {
  const p = period.trim();
  if (/^\d{4}$/.test(p)) return { single: Number(p) };
  const m = /^(\d{4})[-/]?(\d{2})$/.exec(p);
  if (m && (Number(m[1]) + 1) % 100 === Number(m[2])) return { from: Number(m[1]) };
  return {};
}

/** The calendar quarter a row's time_period and time_identifier name, in EES's vocabulary. */
export function when(period: string, identifier: string): When {
  const id = identifier.trim().toLowerCase().replace(/\s+/g, " ");
  const y = years(period);
  const cal = /^(?:calendar year )?(?:quarter ?|q)([1-4])$/.exec(id);
  const month = QUARTERS.indexOf(id) + 1;
  if (cal || month) {
    if (y.single === undefined) return { why: `time_period "${period}" should be a year, like 2026` };
    return { quarter: quarterOf(y.single, cal ? Number(cal[1]) : month) };
  }
  const fy = /^financial year (?:quarter ?|q)([1-4])$/.exec(id);
  if (fy) {
    if (y.from === undefined)
      return { why: `time_period "${period}" should be a financial year, like 202526 (April 2025 to March 2026)` };
    const n = Number(fy[1]);
    return { quarter: n === 4 ? quarterOf(y.from + 1, 1) : quarterOf(y.from, n + 1) };
  }
  if (/^academic year (?:quarter ?|q)[1-4]$/.test(id))
    return { why: "academic-year quarters do not line up with calendar quarters: give calendar or financial quarters" };
  const annual = annualQuarter(id, y);
  if (annual) return annual;
  return { why: `time_identifier "${identifier.trim()}" is not one this import reads: ${ANNUAL_HELP}` };
}

/** A yearly figure is filed under the quarter its year ends in, and says so. */
function annualQuarter(id: string, y: { single?: number; from?: number }): When | undefined {
  const ends: Record<string, () => Quarter | undefined> = {
    "financial year": () => (y.from === undefined ? undefined : quarterOf(y.from + 1, 1)),
    "academic year": () => (y.from === undefined ? undefined : quarterOf(y.from + 1, 3)),
    "calendar year": () => (y.single === undefined ? undefined : quarterOf(y.single, 4)),
    "reporting year": () => (y.single === undefined ? undefined : quarterOf(y.single, 1)),
  };
  const end = ends[id];
  if (!end) return undefined;
  const quarter = end();
  if (!quarter)
    return {
      why: `time_period does not fit a ${id}: give ${id === "financial year" || id === "academic year" ? "202526" : "2025"}`,
    };
  return { quarter, note: `a ${id} figure, filed under the quarter its year ends (${label(quarter)})` };
}

/** EES's other geographic levels: rows at these levels are passed over with a warning, not refused. */
export const OTHER_LEVELS = new Set([
  "local authority district",
  "parliamentary constituency",
  "ward",
  "local skills improvement plan area",
  "english devolved area",
  "local enterprise partnership",
  "mayoral combined authority",
  "opportunity area",
  "police force area",
  "rsc region",
  "planning area",
  "mat",
  "sponsor",
  "school",
  "provider",
  "institution",
]);

export type Level = "local authority" | "regional" | "national";
export function level(raw: string): Level | undefined {
  const t = raw.trim().toLowerCase();
  return t === "local authority" || t === "regional" || t === "national" ? t : undefined;
}
