/**
 * Bulk import of DfE's explore-education-statistics (EES) tidy files as published (long or wide;
 * read by ees.ts and import-rows.ts). The import is partial with a full account: rows that read
 * cleanly go in even when others are refused; every figure that changes is listed (place, quarter,
 * indicator, old → new), every refused row with its line and why, and warnings. A "not published"
 * symbol never replaces a figure already held unless the lead chose that cell (`replace`). National
 * and Regional rows set the published benchmarks, listed like any change. Re-running an import
 * changes nothing; `dryRun` gives the same account without writing.
 */
import { createHash } from "node:crypto";
import { Audit } from "../audit";
import { Region } from "../directory";
import { Keys, type Deps } from "../shared";
import type { Values } from "./benchmarks";
import { readRows, type Entry, type Notice, type Place, type Refusal } from "./import-rows";
import type { Quarter } from "./quarters";
import * as Store from "./store";

export type { Notice, Refusal } from "./import-rows";

export interface Change {
  level: Place["level"];
  /** LA code, region id or "england". */
  authority: string;
  name: string;
  quarter: Quarter;
  indicator: string;
  from: number | null | undefined;
  to: number | null;
  /** Why the new value is not published (an EES symbol's meaning), when `to` is null. */
  why?: string;
}

/** A "not published" cell over a figure held: kept unless the lead chooses to replace it (by `key`). */
export interface Withheld {
  key: string;
  level: Place["level"];
  authority: string;
  name: string;
  quarter: Quarter;
  indicator: string;
  held: number;
  symbol: string;
  why: string;
  replaced: boolean;
}

export interface ImportResult {
  rows: number;
  changes: Change[];
  refused: Refusal[];
  warnings: Notice[];
  withheld: Withheld[];
  /** The refused rows as a CSV (the file's header, a refused_because column), to fix and import again. */
  refusedCsv: string;
  /** LA-quarters written (or that would be). */
  written: number;
  quarters: Quarter[];
  dryRun: boolean;
  /** The LA-quarters written (or that would be), so the checks can run for the LAs touched. */
  touched: { regionId: string; authority: string; quarter: Quarter }[];
}

/** The held figures of every place and quarter the file names. */
interface Held {
  las: Map<string, Store.ValuesItem>;
  published: Map<Quarter, { values: Values; regions: Record<string, Values> }>;
}

const placeKey = (p: Pick<Entry, "place" | "quarter">) => `${p.place.level}|${p.place.id}|${p.quarter}`;

async function heldFor(deps: Pick<Deps, "store">, entries: Entry[]): Promise<Held> {
  const las = new Map<string, Entry>();
  for (const e of entries) if (e.place.level === "local authority") las.set(placeKey(e), e);
  const keys = [...las.values()].map((e) => Keys.datasetValues(e.place.regionId!, e.quarter, e.place.id));
  const items = await deps.store.batchGet<Store.ValuesItem>(keys);
  const quarters = [...new Set(entries.filter((e) => e.place.level !== "local authority").map((e) => e.quarter))];
  const published = new Map(await Promise.all(quarters.map(async (q) => [q, await Store.published(deps, q)] as const)));
  return { las: new Map(items.map((i) => [`local authority|${i.authority}|${i.quarter}`, i])), published };
}

function heldValue(held: Held, e: Entry): number | null | undefined {
  if (e.place.level === "local authority") return held.las.get(placeKey(e))?.values[e.indicator];
  const pub = held.published.get(e.quarter);
  return e.place.level === "national" ? pub?.values[e.indicator] : pub?.regions[e.place.id]?.[e.indicator];
}

/** Compare each entry with what is held: changes, and "not published" cells that would replace a figure. */
function compare(entries: Entry[], held: Held, replace: Set<string>) {
  const changes: Change[] = [];
  const withheld: Withheld[] = [];
  const applied: Entry[] = [];
  for (const e of entries) {
    const from = heldValue(held, e);
    const base = {
      level: e.place.level,
      authority: e.place.id,
      name: e.place.name,
      quarter: e.quarter,
      indicator: e.indicator,
    };
    if (e.cell.kind === "figure") {
      if (from === e.cell.value) continue;
      changes.push({ ...base, from, to: e.cell.value });
    } else {
      if (from === null) continue;
      if (typeof from === "number") {
        const key = `${e.place.level}|${e.place.id}|${e.quarter}|${e.indicator}`;
        const replaced = replace.has(key);
        withheld.push({ ...base, key, held: from, symbol: e.cell.symbol, why: e.cell.why, replaced });
        if (!replaced) continue;
      }
      changes.push({ ...base, from, to: null, why: e.cell.why });
    }
    applied.push(e);
  }
  return { changes, withheld, applied };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
function refusedCsv(header: string[], refused: Refusal[]) {
  if (!refused.length) return "";
  const head = header.filter((h) => h.trim().toLowerCase() !== "refused_because");
  const at = header.findIndex((h) => h.trim().toLowerCase() === "refused_because");
  const lines = refused.map((r) =>
    [...r.cells.filter((_, i) => i !== at), `line ${r.line}: ${r.reason}`].map(csvCell).join(","),
  );
  return `${[[...head, "refused_because"].map(csvCell).join(","), ...lines].join("\n")}\n`;
}

/** Check an EES-form CSV and (unless `dryRun`) write what reads cleanly. Leads import their region; the app secret all of England. */
export async function importCsv(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    regionId: string;
    csv: string;
    dryRun: boolean;
    national: boolean;
    actor: Audit.Actor;
    /** Keys of held figures the lead chose to replace with "not published" (Withheld.key). */
    replace?: string[];
  },
): Promise<ImportResult> {
  const { indicators, version } = await Store.catalogue(deps, input.regionId);
  const regions = await Region.list(deps);
  const las = (await Promise.all(regions.map((r) => Region.authorities(deps, r.id)))).flat();
  const read = readRows(input.csv, indicators, {
    authorities: new Map(las.map((a) => [a.code, a])),
    regions,
    writable: new Set(input.national ? regions.map((r) => r.id) : [input.regionId]),
  });
  const held = await heldFor(deps, read.entries);
  const { changes, withheld, applied } = compare(read.entries, held, new Set(input.replace ?? []));
  const at = deps.clock.now().toISOString();
  const items = laItems(applied, held, { version, at, by: input.actor.id });
  const published = publishedItems(applied, held);
  const quarters = [...new Set([...items.map((i) => i.quarter), ...published.keys()])].sort();
  const result: ImportResult = {
    rows: read.rows,
    changes,
    refused: read.refused,
    warnings: read.warnings,
    withheld,
    refusedCsv: refusedCsv(read.header, read.refused),
    written: items.length,
    quarters,
    dryRun: input.dryRun,
    touched: items.map((i) => ({ regionId: i.regionId, authority: i.authority, quarter: i.quarter })),
  };
  if (input.dryRun) return result;
  if (items.length) await deps.store.batchPut(items);
  for (const [q, p] of published) await Store.putPublished(deps, q, p.values, p.regions);
  for (const q of quarters) await Store.rebuildNational(deps, q, indicators);
  if (changes.length) await audit(deps, input, result);
  return result;
}

/** The LA-quarters to write: what is held, with the applied cells over it; a not-published cell keeps its reason as a note. */
function laItems(applied: Entry[], held: Held, meta: { version: number; at: string; by: string }) {
  const out = new Map<string, Store.ValuesItem>();
  for (const e of applied) {
    if (e.place.level !== "local authority") continue;
    const k = placeKey(e);
    const before = out.get(k) ?? held.las.get(k);
    const values = { ...before?.values, [e.indicator]: e.cell.kind === "figure" ? e.cell.value : null };
    const notes = { ...before?.notes };
    if (e.cell.kind === "withheld") notes[e.indicator] = `Not published (${e.cell.symbol || "blank"}): ${e.cell.why}`;
    else if (notes[e.indicator]?.startsWith("Not published")) delete notes[e.indicator];
    out.set(
      k,
      Store.valuesItem({
        regionId: e.place.regionId!,
        quarter: e.quarter,
        authority: e.place.id,
        values,
        notes,
        source: "import",
        catalogueVersion: meta.version,
        at: meta.at,
        by: meta.by,
      }),
    );
  }
  return [...out.values()];
}

/** England's and regions' published figures per quarter, with the applied cells over what is held. */
function publishedItems(applied: Entry[], held: Held) {
  const out = new Map<Quarter, { values: Values; regions: Record<string, Values> }>();
  for (const e of applied) {
    if (e.place.level === "local authority") continue;
    const prior = held.published.get(e.quarter) ?? { values: {}, regions: {} };
    const p = out.get(e.quarter) ?? { values: { ...prior.values }, regions: structuredClone(prior.regions) };
    const v = e.cell.kind === "figure" ? e.cell.value : null;
    if (e.place.level === "national") p.values[e.indicator] = v;
    else p.regions[e.place.id] = { ...p.regions[e.place.id], [e.indicator]: v };
    out.set(e.quarter, p);
  }
  return out;
}

async function audit(
  deps: Pick<Deps, "store" | "clock">,
  input: { regionId: string; csv: string; actor: Audit.Actor },
  r: ImportResult,
) {
  const n = r.changes.length;
  await Audit.record(deps, {
    scope: Audit.regionScope(input.regionId),
    actor: input.actor,
    action: "dataset.imported",
    entity: { type: "dataset-import", id: createHash("sha256").update(input.csv).digest("hex").slice(0, 16) },
    summary:
      `Imported ${n} figure${n === 1 ? "" : "s"} for ${r.written} local authority quarter${r.written === 1 ? "" : "s"} (${r.quarters.join(", ")})` +
      `${r.refused.length ? `; refused ${r.refused.length} row${r.refused.length === 1 ? "" : "s"}` : ""}` +
      `${r.withheld.some((w) => w.replaced) ? `; replaced ${r.withheld.filter((w) => w.replaced).length} held figure(s) with "not published" as chosen` : ""}`,
  });
}
