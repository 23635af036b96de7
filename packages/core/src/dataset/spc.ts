/**
 * Statistical process control on one LA's own series: an XmR chart and the NHS "Making Data
 * Count" rules. The mean and process limits come from the points before the latest (the
 * baseline), so the latest point is judged against what came before it. Limits are the mean
 * ± 2.66 × the average moving range.
 */
export interface XmR {
  mean: number;
  upper: number;
  lower: number;
  /** Number of baseline points. */
  points: number;
}

export function xmr(series: number[]): XmR | null {
  if (series.length < 2) return null;
  const mean = series.reduce((a, b) => a + b, 0) / series.length;
  let mr = 0;
  for (let i = 1; i < series.length; i++) mr += Math.abs(series[i]! - series[i - 1]!);
  mr /= series.length - 1;
  return { mean, upper: mean + 2.66 * mr, lower: mean - 2.66 * mr, points: series.length };
}

export type Direction = "up" | "down";

/** The latest point beyond the process limits from the baseline (the points before it). */
export function beyondLimits(series: number[], minBaseline: number): { limits: XmR; direction: Direction } | null {
  if (series.length < minBaseline + 1) return null;
  const limits = xmr(series.slice(0, -1));
  const last = series[series.length - 1]!;
  if (!limits) return null;
  if (last > limits.upper) return { limits, direction: "up" };
  if (last < limits.lower) return { limits, direction: "down" };
  return null;
}

/** The last `run` points all on one side of the mean of the whole series (a shift). */
export function shift(series: number[], run: number): { mean: number; direction: Direction } | null {
  if (series.length < run + 1) return null;
  const mean = series.reduce((a, b) => a + b, 0) / series.length;
  const tail = series.slice(-run);
  if (tail.every((v) => v > mean)) return { mean, direction: "up" };
  if (tail.every((v) => v < mean)) return { mean, direction: "down" };
  return null;
}

/** The last `run` points each higher (or each lower) than the one before (a trend). */
export function trend(series: number[], run: number): { from: number; to: number; direction: Direction } | null {
  if (series.length < run) return null;
  const tail = series.slice(-run);
  const ups = tail.every((v, i) => i === 0 || v > tail[i - 1]!);
  const downs = tail.every((v, i) => i === 0 || v < tail[i - 1]!);
  if (!ups && !downs) return null;
  return { from: tail[0]!, to: tail[tail.length - 1]!, direction: ups ? "up" : "down" };
}

/*
 * The "Making Data Count" rule set (NHS England), judged at the latest point of a series.
 *
 * Limits come from a baseline: the series' first points, as many as exist up to 20 (so, as in the
 * MDC tools, the points judged are part of it until 20 exist; then it is frozen), from the start of
 * the series or from a change the lead recorded. The mean is the
 * baseline's mean; sigma is the average moving range ÷ 1.128, so the process limits are the mean
 * ± 2.66 × the average moving range (3 sigma) and the 2-sigma lines the mean ± 1.773 × it.
 * With fewer than 8 points there is nothing to judge: too few quarters.
 *
 * The rules, each about the run that ends at the latest point:
 * - limit: the latest point is beyond a process limit;
 * - shift: 7 or more points in a row on one side of the mean (a point on the mean breaks it);
 * - trend: 6 or more points in a row each higher (or each lower) than the one before;
 * - two-of-three: 2 of the last 3 points beyond the same 2-sigma line.
 */
export const MIN_POINTS = 8;
export const MAX_BASELINE = 20;
export const SHIFT_RUN = 7;
export const TREND_RUN = 6;

export type MdcRule = "limit" | "shift" | "trend" | "two-of-three";
export const MDC_RULES: MdcRule[] = ["limit", "shift", "trend", "two-of-three"];

export interface Baseline {
  mean: number;
  /** Average moving range of the baseline. */
  mr: number;
  upper: number;
  lower: number;
  upper2: number;
  lower2: number;
  /**
   * Too flat to judge points against its limits: the limits are narrower than two steps of the
   * figures' own resolution (a flat line nudged by one rounding step is not a signal).
   */
  flat: boolean;
  /** Index of the baseline's first and last point in the series, and how many points it has. */
  from: number;
  to: number;
  points: number;
}

export interface MdcSignal {
  rule: MdcRule;
  direction: Direction;
  /** Points in the run (shift: on one side; trend: each beyond the one before, counting the first). */
  run?: number;
  /** For a trend, the value the run started from, and for every rule the latest value. */
  from?: number;
  latest: number;
}

export interface MdcResult {
  /** Null when there are too few points to judge. */
  baseline: Baseline | null;
  signals: MdcSignal[];
  /** Points judged. */
  points: number;
}

/** The baseline of a series: from `start` (a recorded change, default the first point), as many points as exist up to 20. */
export function baseline(series: number[], start = 0): Baseline | null {
  const from = Math.max(0, Math.min(start, series.length - 1));
  const to = Math.min(from + MAX_BASELINE, series.length) - 1;
  const points = to - from + 1;
  if (points < MIN_POINTS) return null;
  let sum = 0;
  let mr = 0;
  for (let i = from; i <= to; i++) {
    sum += series[i]!;
    if (i > from) mr += Math.abs(series[i]! - series[i - 1]!);
  }
  const mean = sum / points;
  mr /= points - 1;
  const l3 = 2.66 * mr;
  const l2 = (2 / 3) * l3;
  const values = [...new Set(series.slice(from, to + 1))].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i]! - values[i - 1]!);
  const flat = mr === 0 || (Number.isFinite(step) && l3 < 2 * step);
  return { mean, mr, upper: mean + l3, lower: mean - l3, upper2: mean + l2, lower2: mean - l2, flat, from, to, points };
}

/** Every MDC signal at the latest point of a series (oldest first, no gaps). */
export function mdc(series: number[], start = 0): MdcResult {
  const n = series.length;
  const b = n >= MIN_POINTS ? baseline(series, start) : null;
  if (!b) return { baseline: null, signals: [], points: n };
  const latest = series[n - 1]!;
  const signals: MdcSignal[] = [];
  // With (next to) no variation in the baseline there are no limits to be beyond (a flat line is not a signal).
  if (!b.flat) {
    if (latest > b.upper) signals.push({ rule: "limit", direction: "up", latest });
    else if (latest < b.lower) signals.push({ rule: "limit", direction: "down", latest });
    const last3 = series.slice(-3);
    const hi = last3.filter((v) => v > b.upper2).length;
    const lo = last3.filter((v) => v < b.lower2).length;
    if (hi >= 2 && latest > b.upper2) signals.push({ rule: "two-of-three", direction: "up", run: hi, latest });
    else if (lo >= 2 && latest < b.lower2) signals.push({ rule: "two-of-three", direction: "down", run: lo, latest });
  }
  // A point on the mean (to rounding) is on neither side and breaks a run.
  const eps = 1e-9 * Math.max(1, Math.abs(b.mean));
  const side = (v: number) => (v > b.mean + eps ? 1 : v < b.mean - eps ? -1 : 0);
  const s = side(latest);
  if (s !== 0) {
    let run = 0;
    for (let i = n - 1; i >= 0 && side(series[i]!) === s; i--) run++;
    if (run >= SHIFT_RUN) signals.push({ rule: "shift", direction: s > 0 ? "up" : "down", run, latest });
  }
  if (n >= 2 && latest !== series[n - 2]) {
    const up = latest > series[n - 2]!;
    let run = 1;
    for (let i = n - 1; i > 0 && (up ? series[i]! > series[i - 1]! : series[i]! < series[i - 1]!); i--) run++;
    if (run >= TREND_RUN)
      signals.push({ rule: "trend", direction: up ? "up" : "down", run, from: series[n - run]!, latest });
  }
  return { baseline: b, signals, points: n };
}
