/**
 * Early warning for one region's quarter, read from the store in O(region): the region's
 * partitions for the window's quarters, the national summaries, and the neighbours' items.
 */
import { Region } from "../directory";
import { Keys, type Deps } from "../shared";
import type { BenchmarkContext, Values } from "./benchmarks";
import { evaluate, type LaInput, type ReturnState } from "./early-warning";
import { baselineChangeFor } from "./rules";
import * as Quarters from "./quarters";
import * as Store from "./store";
import type { RoundItem } from "./collection";
import { neighbourLists } from "./neighbours";

/** Quarters of history read for the SPC rules: a baseline of up to 20 and the quarter judged. */
export const HISTORY = 21;

/** Where an LA's return stands, from the round's due date and when its figures came in. */
function returnState(round: RoundItem | undefined, item: Store.ValuesItem | undefined, now: Date): ReturnState {
  if (!round) return item ? "on-time" : "not-due";
  if (item) return item.source === "return" && item.at > round.dueAt ? "late" : "on-time";
  return now.toISOString() > round.dueAt ? "missing" : "not-due";
}

/**
 * What to read beyond what the signals need: the judged quarter's benchmarks and signals use the neighbours' figures
 * of that quarter only; a chart of the neighbours' average over the window (the LA page) asks for their history.
 */
export interface LoadOptions {
  neighbourHistory?: boolean;
}

export async function loadRegion(
  deps: Pick<Deps, "store" | "clock">,
  regionId: string,
  quarter: Quarters.Quarter,
  options: LoadOptions = {},
) {
  const [catalogue, settings, authorities, round] = await Promise.all([
    Store.catalogue(deps, regionId),
    Store.settings(deps, regionId),
    Region.authorities(deps, regionId),
    deps.store.get<RoundItem>(Keys.datasetRound(regionId, quarter)),
  ]);
  // The SPC baseline takes up to 20 quarters of an LA's own figures before the one judged.
  const quarters = Quarters.window(quarter, Math.max(settings.window, HISTORY));
  const summaries = await Store.nationalSummaries(deps, quarters);
  // Figures are only written with their quarter's national summary rebuilt after them (csv-import.ts, returns.ts),
  // so a quarter without a summary holds no figures: only the quarters with one are read.
  const held = quarters.filter((q) => summaries.has(q));
  const context = summaries.get(quarter)?.context ?? {};
  const neighboursOf = neighbourLists(catalogue.indicators, authorities, context);
  const mine = new Set(authorities.map((a) => a.code));
  const outside = [...new Set(authorities.flatMap(neighboursOf))].filter((c) => !mine.has(c));
  const regionOf = async (codes: string[]) => {
    const known = codes.filter((c) => context[c]).map((c) => ({ code: c, regionId: context[c]!.regionId }));
    const unknown = codes.filter((c) => !context[c]).map((c) => Keys.authority(c));
    const more = unknown.length ? await deps.store.batchGet<Region.Authority>(unknown) : [];
    return [...known, ...more.map((a) => ({ code: a.code, regionId: a.regionId }))];
  };
  const farQuarters = options.neighbourHistory ? held : held.filter((q) => q === quarter);
  const [partitions, far] = await Promise.all([
    Promise.all(held.map((q) => Store.regionQuarter(deps, regionId, q))),
    regionOf(outside).then((las) =>
      deps.store.batchGet<Store.ValuesItem>(
        las.flatMap((a) => farQuarters.map((q) => Keys.datasetValues(a.regionId, q, a.code))),
      ),
    ),
  ]);
  const data = new Map<string, Map<Quarters.Quarter, Values>>();
  const put = (i: Store.ValuesItem) => {
    const m = data.get(i.authority) ?? new Map<Quarters.Quarter, Values>();
    m.set(i.quarter, i.values);
    data.set(i.authority, m);
  };
  partitions.flat().forEach(put);
  far.forEach(put);
  const latest = new Map(partitions.flat().flatMap((i) => (i.quarter === quarter ? [[i.authority, i] as const] : [])));
  const ctx: BenchmarkContext = { catalogue: catalogue.indicators, quarters, summaries, data };
  const now = deps.clock.now();
  const las: LaInput[] = authorities.map((a) => ({
    code: a.code,
    name: a.name,
    regionId,
    neighbours: neighboursOf(a),
    returnState: returnState(round, latest.get(a.code), now),
  }));
  return { ctx, las, settings, catalogue, authorities, round, latest };
}

/** Signals and benchmarks per LA for a region's quarter (the `getEarlyWarning` answer). */
export async function earlyWarning(
  deps: Pick<Deps, "store" | "clock">,
  regionId: string,
  quarter: Quarters.Quarter,
  options: LoadOptions = {},
) {
  const loaded = await loadRegion(deps, regionId, quarter, options);
  const changes = loaded.settings.baselineChanges;
  const results = evaluate(loaded.ctx, loaded.las, loaded.settings.rules, {
    mou: loaded.settings.mou,
    baselineFrom: changes.length ? (la, ind) => baselineChangeFor(changes, la, ind)?.from : undefined,
  });
  return { regionId, quarter, catalogueVersion: loaded.catalogue.version, ...loaded, results };
}
