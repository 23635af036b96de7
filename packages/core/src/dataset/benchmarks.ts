/**
 * Benchmarks, pure: from one quarter's values for every LA, a national summary (sorted values per
 * indicator, England and region figures); from that, each LA's rank and quartile band with
 * polarity (band 1 is the best quarter of LAs, 4 the worst, as LAIT shows), neighbours' average
 * and its trend. Nothing here reads the store, so the bench and the pages share it.
 */
import { worse, type Indicator } from "./indicators";
import type { Quarter } from "./quarters";

/** One LA's figures for one quarter: indicator id → value; null is "not available" (suppressed or not given). */
export type Values = Record<string, number | null>;

export interface LaValues {
  authority: string;
  regionId: string;
  values: Values;
}

export interface IndicatorSummary {
  /** Every LA's value, ascending, not-available left out. */
  sorted: number[];
  /** Published England figure when imported, else the mean of LA values. */
  england: number | null;
  englandSource: "published" | "mean of local authorities";
  /** Region id → mean of its LAs' values. */
  regions: Record<string, number | null>;
}

export interface NationalSummary {
  quarter: Quarter;
  indicators: Record<string, IndicatorSummary>;
  /** Each LA's context measures (for default statistical neighbours), so a region never reads the others. */
  context: Record<string, { regionId: string; values: Values }>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const present = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** The national summary of one quarter. `published` holds England figures from imported national rows; `publishedRegions` regions' from regional rows. */
export function summarise(
  quarter: Quarter,
  catalogue: Indicator[],
  rows: LaValues[],
  published: Values = {},
  publishedRegions: Record<string, Values> = {},
): NationalSummary {
  const indicators: Record<string, IndicatorSummary> = {};
  for (const ind of catalogue) {
    const all: number[] = [];
    const byRegion = new Map<string, number[]>();
    for (const r of rows) {
      const v = r.values[ind.id];
      if (!present(v)) continue;
      all.push(v);
      const list = byRegion.get(r.regionId) ?? [];
      list.push(v);
      byRegion.set(r.regionId, list);
    }
    const pub = published[ind.id];
    indicators[ind.id] = {
      sorted: all.sort((a, b) => a - b),
      england: present(pub) ? pub : mean(all),
      englandSource: present(pub) ? "published" : "mean of local authorities",
      // A region's published figure (an imported Regional row) stands in for the mean of its LAs.
      regions: Object.fromEntries(
        [...new Set([...byRegion.keys(), ...Object.keys(publishedRegions)])].map((k) => {
          const p = publishedRegions[k]?.[ind.id];
          return [k, present(p) ? p : mean(byRegion.get(k) ?? [])];
        }),
      ),
    };
  }
  const ids = catalogue.filter((i) => i.context).map((i) => i.id);
  const context = Object.fromEntries(
    rows.map((r) => [
      r.authority,
      { regionId: r.regionId, values: Object.fromEntries(ids.map((id) => [id, r.values[id] ?? null])) },
    ]),
  );
  return { quarter, indicators, context };
}

/** Count of values below `v` (strictly, or also equal when `orEqual`) in an ascending list. */
function countBelow(sorted: number[], v: number, orEqual = false) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v || (orEqual && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fewest LAs with a figure for ranks and quartile bands to mean anything. */
export const MIN_FOR_BANDS = 20;

/**
 * National rank (1 is best; ties share a rank) and quartile band (1 best … 4 worst). An indicator
 * with no good direction is ranked from lowest to highest and has no band.
 */
export function rankOf(ind: Indicator, summary: IndicatorSummary | undefined, v: number | null | undefined) {
  if (!summary || !present(v) || summary.sorted.length === 0) return { rank: null, of: 0, band: null };
  // Before most LAs have sent a quarter's figures, quartiles say nothing: no band until enough are in.
  if (summary.sorted.length < MIN_FOR_BANDS) return { rank: null, of: summary.sorted.length, band: null };
  const n = summary.sorted.length;
  const rank =
    (ind.polarity === "higher" ? n - countBelow(summary.sorted, v, true) : countBelow(summary.sorted, v)) + 1;
  const band = ind.polarity === "neither" ? null : Math.min(4, Math.max(1, Math.ceil((4 * rank) / n)));
  return { rank, of: n, band };
}

export interface Benchmark {
  authority: string;
  indicator: string;
  quarter: Quarter;
  value: number | null;
  england: number | null;
  region: number | null;
  neighbours: number | null;
  rank: number | null;
  of: number;
  band: number | null;
  /** The LA's values over the trend window, oldest first (null where not available). */
  trend: (number | null)[];
  /** Is the latest value worse than England? (false for indicators with no good direction) */
  worseThanEngland: boolean;
}

/** Series, neighbours and summaries an LA's benchmarks are built from. */
export interface BenchmarkContext {
  catalogue: Indicator[];
  /** Quarters of the trend window, oldest first; the last is the quarter benchmarked. */
  quarters: Quarter[];
  summaries: Map<Quarter, NationalSummary>;
  /** authority → quarter → values. Holds the LAs benchmarked and their neighbours. */
  data: Map<string, Map<Quarter, Values>>;
}

export const valueAt = (ctx: Pick<BenchmarkContext, "data">, authority: string, q: Quarter, id: string) => {
  const v = ctx.data.get(authority)?.get(q)?.[id];
  return present(v) ? v : null;
};

export function neighbourMean(ctx: Pick<BenchmarkContext, "data">, neighbours: string[], q: Quarter, id: string) {
  return mean(neighbours.map((n) => valueAt(ctx, n, q, id)).filter(present));
}

/** Benchmarks of one LA for every indicator at the window's last quarter. */
export function benchmarksFor(
  ctx: BenchmarkContext,
  la: { code: string; regionId: string; neighbours: string[] },
): Benchmark[] {
  const q = ctx.quarters[ctx.quarters.length - 1]!;
  const summary = ctx.summaries.get(q);
  return ctx.catalogue.map((ind) => {
    const s = summary?.indicators[ind.id];
    const value = valueAt(ctx, la.code, q, ind.id);
    const england = s?.england ?? null;
    return {
      authority: la.code,
      indicator: ind.id,
      quarter: q,
      value,
      england,
      region: s?.regions[la.regionId] ?? null,
      neighbours: neighbourMean(ctx, la.neighbours, q, ind.id),
      ...rankOf(ind, s, value),
      trend: ctx.quarters.map((w) => valueAt(ctx, la.code, w, ind.id)),
      worseThanEngland: value !== null && england !== null && worse(ind, value, england),
    };
  });
}
