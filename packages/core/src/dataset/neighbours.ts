/**
 * Statistical neighbours: imported as CSV (`la_code,neighbour_code`, one pair a line, in rank
 * order), or, when none are given, a documented default: the 10 LAs nearest on the catalogue's
 * context measures (referrals, children in need, plans and children looked after rates), each
 * standardised to z-scores across England, by Euclidean distance.
 */
import { Audit } from "../audit";
import { Region } from "../directory";
import { Keys, parseCsv, ValidationError, type Deps, type CsvRow } from "../shared";
import type { NationalSummary, Values } from "./benchmarks";
import type { Indicator } from "./indicators";
import * as Quarters from "./quarters";
import type { Quarter } from "./quarters";
import * as Store from "./store";
import { resolve as resolveLa } from "./la-codes";

export const DEFAULT_COUNT = 10;
/** Who the demo's synthetic figures are written by (local/seed-dataset.ts). */
export const SEEDED_BY = "seed-dataset";

/** The default's method in words, shown beside every list that uses it. */
export const defaultMethod = (measures: string[], quarter: Quarter) =>
  `Default: the ${DEFAULT_COUNT} local authorities nearest on ${measures.length} context measures (${measures.join(", ").toLowerCase()}), each standardised across England and weighted equally, by straight-line distance; ${Quarters.label(quarter)} figures`;

/** Nearest `count` LAs by the context measures. LAs with no context figures get none. */
export function computeDefault(
  catalogue: Indicator[],
  latest: { authority: string; values: Values }[],
  count = DEFAULT_COUNT,
  only?: Set<string>,
): Map<string, string[]> {
  const ids = catalogue.filter((i) => i.context).map((i) => i.id);
  const stats = ids.map((id) => {
    const xs = latest.map((l) => l.values[id]).filter((v): v is number => typeof v === "number");
    const m = xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length || 1)) || 1;
    return { id, m, sd };
  });
  const points = latest
    .map((l) => ({ code: l.authority, z: stats.map((s) => ((l.values[s.id] ?? NaN) - s.m) / s.sd) }))
    .filter((p) => p.z.every(Number.isFinite));
  const out = new Map<string, string[]>();
  for (const p of points) {
    if (only && !only.has(p.code)) continue;
    const near = points
      .filter((o) => o.code !== p.code)
      .map((o) => ({ code: o.code, d: o.z.reduce((a, z, i) => a + (z - p.z[i]!) ** 2, 0) }))
      .sort((a, b) => a.d - b.d || a.code.localeCompare(b.code))
      .slice(0, count);
    out.set(
      p.code,
      near.map((n) => n.code),
    );
  }
  return out;
}

/** Each LA's neighbours: its imported list, else the default from the quarter's context measures. */
export function neighbourLists(
  catalogue: Indicator[],
  authorities: Region.Authority[],
  context: NationalSummary["context"],
) {
  const fallback = computeDefault(
    catalogue,
    Object.entries(context).map(([authority, c]) => ({ authority, values: c.values })),
    undefined,
    new Set(authorities.map((a) => a.code)),
  );
  return (a: Region.Authority) => a.statisticalNeighbours ?? fallback.get(a.code) ?? [];
}

/** Every English LA by code (nine queries: one per region). */
async function england(deps: Pick<Deps, "store">) {
  const lists = await Promise.all((await Region.list(deps)).map((r) => Region.authorities(deps, r.id)));
  return new Map(lists.flat().map((a) => [a.code, a]));
}

type Line = { path: string; message: string };

/** A cell naming an LA: its new code, its old three-digit code, a retired code carried on, or its name. */
function laOf(raw: string, all: Map<string, Region.Authority>, byName: Map<string, string>) {
  const v = raw.trim();
  if (!v) return undefined;
  const found = /^\d{3}$/.test(v) ? resolveLa("", v) : /^E\d{8}$/i.test(v) ? resolveLa(v, "") : {};
  return found.code && all.has(found.code) ? found.code : byName.get(v.toLowerCase());
}

const LA_COLUMNS = ["la_code", "new_la_code", "old_la_code", "la_number", "la number", "la_name", "la name"];
/** DfE's published lists are wide: one row per LA, its neighbours in columns SN1 … SN10 (nearest first). */
const rankOf = (col: string) => /^(?:sn|neighbour[_ ]?)(\d{1,2})$/.exec(col)?.[1];

/** The file's lists (LA → neighbours in rank order), or every line's mistake. Long (la_code, neighbour_code) or wide (SN1 … SN10). */
function readLists(rows: CsvRow[], mine: Set<string>, all: Map<string, Region.Authority>) {
  const [header, ...body] = rows;
  const cols = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const laCols = LA_COLUMNS.map((c) => cols.indexOf(c)).filter((i) => i >= 0);
  const wide = cols
    .map((c, i) => ({ i, rank: Number(rankOf(c) ?? NaN) }))
    .filter((x) => Number.isFinite(x.rank))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.i);
  const n = cols.indexOf("neighbour_code");
  if (!laCols.length || (n < 0 && !wide.length))
    return {
      errors: [
        {
          path: "line 1",
          message:
            "Line 1: give the columns la_code and neighbour_code, or DfE's published form (LA code or number, SN1 to SN10)",
        },
      ],
    };
  const byName = new Map([...all.values()].map((a) => [a.name.toLowerCase(), a.code]));
  const lists = new Map<string, string[]>();
  const errors: Line[] = [];
  const error = (line: number, message: string) =>
    errors.push({ path: `line ${line}`, message: `Line ${line}: ${message}` });
  for (const row of body) {
    const cell = (i: number) => row.cells[i]?.trim() ?? "";
    const given = laCols.map(cell).find(Boolean) ?? "";
    const nbs = (n >= 0 ? [n] : wide).map(cell).filter(Boolean);
    if (!given && !nbs.length) continue;
    const la = laOf(given, all, byName);
    if (!la || !mine.has(la)) {
      error(row.line, `"${given}" is not a local authority in this region`);
      continue;
    }
    for (const raw of nbs) {
      const list = lists.get(la) ?? [];
      const nb = laOf(raw, all, byName);
      if (!nb || nb === la) error(row.line, `"${raw}" is not another English local authority`);
      else if (list.includes(nb))
        error(row.line, `${all.get(nb)!.name} is already a neighbour of ${all.get(la)!.name}`);
      else lists.set(la, [...list, nb]);
    }
  }
  if (!errors.length && !lists.size)
    errors.push({ path: "line 2", message: "Line 2: the file has no neighbours after its header" });
  return { lists, errors };
}

export interface NeighbourChange {
  authority: string;
  before: string[];
  /** Were the neighbours before imported, or the default? */
  beforeSource: "imported" | "default";
  after: string[];
}

/**
 * Import neighbours for a region's LAs: every line checked first (nothing written on a mistake), then
 * each LA named gets the file's list, in its order. Only lists that differ are written, so importing
 * the same file again changes nothing. `dryRun` says what would change.
 */
export async function importCsv(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; csv: string; actor: Audit.Actor; dryRun?: boolean },
) {
  const { rows, error } = parseCsv(input.csv);
  if (error)
    throw new ValidationError("The file could not be read.", [
      { path: `line ${error.line}`, message: `Line ${error.line}: ${error.message}` },
    ]);
  const [mine, all] = await Promise.all([Region.authorities(deps, input.regionId), england(deps)]);
  const read = readLists(rows, new Set(mine.map((x) => x.code)), all);
  if (read.errors.length || !read.lists) throw new ValidationError("Nothing was imported.", read.errors);
  const changes: NeighbourChange[] = [];
  for (const [la, after] of read.lists) {
    const before = all.get(la)!.statisticalNeighbours;
    if (before?.join() !== after.join())
      changes.push({ authority: la, before: before ?? [], beforeSource: before ? "imported" : "default", after });
  }
  if (input.dryRun || !changes.length) return { authorities: read.lists.size, changes, written: 0 };
  for (const c of changes)
    await deps.store.update(Keys.authority(c.authority), { set: { statisticalNeighbours: c.after } });
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.neighbours.imported",
    entity: { type: "neighbours", id: input.regionId, version: deps.clock.now().getTime() },
    summary: `Imported statistical neighbours: ${changes.length} of ${read.lists.size} local authorities changed`,
  });
  return { authorities: read.lists.size, changes, written: changes.length };
}

/**
 * The quarter whose context measures give the default: the latest of the last four ended in which most of the
 * region's LAs have figures (the quarter just ended is often still coming in).
 */
function defaultQuarter(summaries: Map<Quarter, NationalSummary>, window: Quarter[], region: Region.Authority[]) {
  const covered = (q: Quarter) => region.filter((a) => summaries.get(q)?.context[a.code]).length * 2 >= region.length;
  return [...window].reverse().find(covered) ?? window[window.length - 1]!;
}

/**
 * What the neighbours page shows: each LA's neighbours (by name) and where they come from. The default is worked
 * out from `quarter`'s figures, or (none given) from the latest recent quarter most of the region has sent.
 */
export async function regionNeighbours(deps: Pick<Deps, "store" | "clock">, regionId: string, quarter?: Quarter) {
  const window = quarter ? [quarter] : Quarters.window(Quarters.lastEnded(deps.clock.now()), 4);
  const [catalogue, authorities, summaries, all] = await Promise.all([
    Store.catalogue(deps, regionId),
    Region.authorities(deps, regionId),
    Store.nationalSummaries(deps, window),
    england(deps),
  ]);
  const used = defaultQuarter(summaries, window, authorities);
  // The demo's figures are made up: neighbours worked out from them are illustrative, and the page says so.
  const held = await Store.regionQuarter(deps, regionId, used);
  const illustrative = held.length > 0 && held.every((i) => i.by === SEEDED_BY);
  const neighboursOf = neighbourLists(catalogue.indicators, authorities, summaries.get(used)?.context ?? {});
  return {
    quarter: used,
    illustrative,
    contextMeasures: catalogue.indicators.filter((i) => i.context).map((i) => i.name),
    authorities: authorities.map((a) => ({
      code: a.code,
      name: a.name,
      source: a.statisticalNeighbours ? ("imported" as const) : ("default" as const),
      neighbours: neighboursOf(a).map((code) => ({ code, name: all.get(code)?.name ?? code })),
    })),
    nameOf: (code: string) => all.get(code)?.name ?? code,
  };
}
