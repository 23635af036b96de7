/**
 * Reading an EES-form file row by row, before anything is compared with the store: each row is
 * either read (its place, quarter and cells) or refused with its line and why; rows for places
 * outside the import's reach are passed over with a warning. Pure: the store is not read here.
 */
import { parseCsv, ValidationError } from "../shared";
import { crossChecks } from "./values-check";
import * as Ees from "./ees";
import type { Indicator } from "./indicators";
import type { Quarter } from "./quarters";
import { resolve as resolveLa } from "./la-codes";

/** Where a figure belongs: an LA, a region's published figure, or England's. */
export interface Place {
  level: Ees.Level;
  /** LA code, region id, or "england". */
  id: string;
  name: string;
  regionId?: string;
}
export interface Entry {
  place: Place;
  quarter: Quarter;
  indicator: string;
  cell: Exclude<Ees.Cell, { kind: "error" }>;
  line: number;
}
export interface Refusal {
  line: number;
  reason: string;
  cells: string[];
}
export interface Notice {
  line?: number;
  message: string;
}
export interface Reach {
  /** LA code → LA, for every English LA (names and regions, so other regions' rows are named, not refused). */
  authorities: Map<string, { code: string; name: string; regionId: string }>;
  regions: { id: string; name: string; onsCode: string }[];
  /** The regions this import may write (one for a lead; all for the app secret). */
  writable: Set<string>;
}
export interface Read {
  header: string[];
  rows: number;
  entries: Entry[];
  refused: Refusal[];
  warnings: Notice[];
}

const REQUIRED = ["time_period", "time_identifier", "geographic_level"];

interface Header {
  raw: string[];
  cols: string[];
  long: boolean;
  /** Column index → indicator (wide files). */
  wide: Map<number, Indicator>;
}

function readHeader(cells: string[] | undefined, catalogue: Indicator[], warnings: Notice[]): Header {
  if (!cells)
    throw new ValidationError("The file is empty.", [{ path: "file", message: "The file has no header row" }]);
  const cols = cells.map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((r) => !cols.includes(r));
  if (missing.length)
    throw new ValidationError("The header row is missing columns.", [
      { path: "line 1", message: `Line 1: add the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` },
    ]);
  const names = Ees.indicatorNames(catalogue);
  const long = cols.includes("indicator") && cols.includes("value");
  const wide = new Map<number, Indicator>();
  const seen = new Map<string, string>();
  cols.forEach((col, at) => {
    if (Ees.PLACE_AND_TIME.has(col) || col === "refused_because") return;
    const ind = Ees.lookup(names, col);
    if (!ind || long) {
      warnings.push({
        line: 1,
        message: `Column "${cells[at]!.trim()}" is not an indicator in the catalogue: not read`,
      });
      return;
    }
    if (seen.has(ind.id))
      throw new ValidationError("Two columns name the same indicator.", [
        { path: "line 1", message: `Line 1: columns "${seen.get(ind.id)}" and "${col}" both name ${ind.name}` },
      ]);
    seen.set(ind.id, col);
    wide.set(at, ind);
  });
  if (!long && wide.size === 0)
    throw new ValidationError("No indicator columns.", [
      {
        path: "line 1",
        message:
          "Line 1: name at least one indicator column (such as re-referrals or re_referrals), or give indicator and value columns",
      },
    ]);
  return { raw: cells, cols, long, wide };
}

type Get = (col: string) => string;

/** The place a row is for, or why it is refused, or a warning that it is outside this import's reach. */
function placeOf(get: Get, reach: Reach): { place?: Place; why?: string; skip?: string; note?: string } {
  const level = Ees.level(get("geographic_level"));
  if (!level && Ees.OTHER_LEVELS.has(get("geographic_level").trim().toLowerCase()))
    return {
      skip: `geographic_level "${get("geographic_level").trim()}" is not read by this import: its row was passed over`,
    };
  if (!level)
    return { why: `geographic_level "${get("geographic_level").trim()}" is not National, Regional or Local authority` };
  if (level === "national") return { place: { level, id: "england", name: "England" } };
  if (level === "regional") {
    const code = get("region_code").trim().toUpperCase();
    const name = get("region_name").trim().toLowerCase();
    const r = reach.regions.find((x) => (code ? x.onsCode === code : x.name.toLowerCase() === name));
    if (!r) return { why: `no English region has the code or name "${code || get("region_name").trim()}"` };
    if (!reach.writable.has(r.id)) return { skip: `${r.name} is another region: its row was not read` };
    return { place: { level, id: r.id, name: r.name, regionId: r.id } };
  }
  const found = resolveLa(get("new_la_code"), get("old_la_code"));
  const la = found.code ? reach.authorities.get(found.code) : undefined;
  if (!la) return { why: found.why ?? `no local authority has the code "${found.code}"` };
  if (!reach.writable.has(la.regionId))
    return { skip: `${la.name} (${la.code}) is in another region: its row was not read` };
  return { place: { level, id: la.code, name: la.name, regionId: la.regionId }, note: found.note };
}

/** The cells of one row as entries, or the reasons it is refused. */
function cellsOf(h: Header, get: Get, at: (i: number) => string, names: Map<string, Indicator>) {
  const pairs: [Indicator | undefined, string, string][] = h.long
    ? [[Ees.lookup(names, get("indicator")), get("value"), get("indicator").trim()]]
    : [...h.wide].map(([i, ind]) => [ind, at(i), ind.id]);
  const cells: { indicator: string; cell: Entry["cell"] }[] = [];
  const errors: string[] = [];
  for (const [ind, raw, asked] of pairs) {
    if (!ind) {
      errors.push(`"${asked}" is not an indicator in the catalogue (nor an alias of one)`);
      continue;
    }
    const cell = Ees.readFigure(ind, raw);
    if (cell.kind === "error") errors.push(cell.why);
    else cells.push({ indicator: ind.id, cell });
  }
  return { cells, errors };
}

/** Read every row: entries for the rows that read cleanly, a refusal (line and why) for each that does not. */
export function readRows(text: string, catalogue: Indicator[], reach: Reach): Read {
  const { rows, error } = parseCsv(text.replace(/^\uFEFF/, ""));
  if (error)
    throw new ValidationError("The file could not be read.", [
      { path: `line ${error.line}`, message: `Line ${error.line}: ${error.message}` },
    ]);
  const [header, ...body] = rows;
  const warnings: Notice[] = [];
  const h = readHeader(header?.cells, catalogue, warnings);
  const names = Ees.indicatorNames(catalogue);
  const out: Read = { header: h.raw, rows: body.length, entries: [], refused: [], warnings };
  for (const row of body) {
    const at = (i: number) => row.cells[i] ?? "";
    const get: Get = (c) => at(h.cols.indexOf(c));
    const refuse = (reason: string) => out.refused.push({ line: row.line, reason, cells: row.cells });
    const time = Ees.when(get("time_period"), get("time_identifier"));
    if ("why" in time) {
      refuse(time.why);
      continue;
    }
    const where = placeOf(get, reach);
    if (where.skip) warnings.push({ line: row.line, message: where.skip });
    if (!where.place) {
      if (where.why) refuse(where.why);
      continue;
    }
    const { cells, errors } = cellsOf(h, get, at, names);
    if (errors.length) {
      refuse(errors.join("; "));
      continue;
    }
    for (const note of [time.note, where.note]) if (note) warnings.push({ line: row.line, message: `Read as ${note}` });
    for (const c of cells) out.entries.push({ place: where.place, quarter: time.quarter, line: row.line, ...c });
  }
  refuseConflicts(out, catalogue, new Map(body.map((r) => [r.line, r.cells])));
  return out;
}

const keyOf = (e: Pick<Entry, "place" | "quarter">) => `${e.place.level}|${e.place.id}|${e.quarter}`;
const same = (a: Entry["cell"], b: Entry["cell"]) =>
  a.kind === "figure" ? b.kind === "figure" && a.value === b.value : b.kind === "withheld";
const shown = (c: Entry["cell"]) => (c.kind === "figure" ? String(c.value) : c.symbol || "blank");

/**
 * Two rows giving different figures for one place, quarter and indicator are both refused (never the
 * later winning); a row that repeats another is read once, with a warning. Then figures that break a
 * "not above" rule refuse the rows of that place and quarter.
 */
function refuseConflicts(out: Read, catalogue: Indicator[], rowCells: Map<number, string[]>) {
  const first = new Map<string, Entry>();
  const bad = new Map<number, string>();
  const repeats = new Set<Entry>();
  for (const e of out.entries) {
    const k = `${keyOf(e)}|${e.indicator}`;
    const prior = first.get(k);
    if (!prior) first.set(k, e);
    else if (!same(prior.cell, e.cell)) {
      const why = `lines ${prior.line} and ${e.line} give different figures for ${e.place.name}, ${e.quarter}, ${e.indicator} (${shown(prior.cell)} and ${shown(e.cell)})`;
      bad.set(prior.line, why);
      bad.set(e.line, why);
    } else {
      repeats.add(e);
      out.warnings.push({ line: e.line, message: `Repeats line ${prior.line}: read once` });
    }
  }
  out.entries = out.entries.filter((e) => !repeats.has(e));
  const kept = out.entries.filter((e) => !bad.has(e.line));
  const byPlace = new Map<string, Entry[]>();
  for (const e of kept) byPlace.set(keyOf(e), [...(byPlace.get(keyOf(e)) ?? []), e]);
  for (const group of byPlace.values()) {
    const values = Object.fromEntries(
      group.flatMap((e) => (e.cell.kind === "figure" ? [[e.indicator, e.cell.value]] : [])),
    );
    const issues = crossChecks(catalogue, values);
    if (issues.length) for (const e of group) bad.set(e.line, issues.map((i) => i.message).join("; "));
  }
  for (const [line, reason] of bad) out.refused.push({ line, reason, cells: rowCells.get(line) ?? [] });
  out.entries = out.entries.filter((e) => !bad.has(e.line));
  out.refused.sort((a, b) => a.line - b.line);
}
