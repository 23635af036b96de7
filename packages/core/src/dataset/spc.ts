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
 * The baseline: the series' first points (from its start, or from a change the lead recorded), as
 * many as exist up to 20, not counting the point being judged: each new quarter is judged against
 * the quarters before it, and once 20 exist the baseline is frozen. With fewer than 8 points there
 * is nothing to judge: too few quarters.
 *
 * The rules, each about the run that ends at the latest point (a signal that ended years ago is
 * history, not an early warning):
 * - limit: the latest point is beyond a process limit;
 * - shift: 7 or more points in a row on one side of the average of the points before them, and
 *   their own average far enough from it that chance is unlikely (below);
 * - trend: 6 or more points in a row each higher (or each lower) than the one before;
 * - two-of-three: 2 of the last 3 points beyond the same 2-sigma line;
 * - run (a possible shift): MDC's own shift rule, the run of 7 without a test strict enough to open
 *   a concern (below): amber, shown so a shift can be watched before it is confirmed.
 *
 * Calibrated for early warning across a whole dataset. An LA has about 13 indicators with a better
 * direction, so each chart's chance of a signal on a steady process adds up: MDC's 3-sigma limits
 * (the mean ± 2.66 × the average moving range) are exact only when sigma is known, and from 8 to 20
 * quarters a steady series crosses them on the worse side 0.5 to 1.2 % of the time, and has 7 in a
 * row on one side of a mean about 0.8 % of the time: 10 to 20 % of steady LAs would be flagged.
 * Each chart may signal by chance on about 0.3 % of quarters for that to stay under 5 %: a trend of
 * 6 (MDC's own, about 1 in 720 on the worse side) takes a third of it. So:
 * - the process limits are the MDC limits, widened where needed to the limits a steady process
 *   crosses 1 time in 2,000 on each side (Student's t: a little beyond what 3 sigma promises with
 *   sigma known, 1 in 740), so the limits take about a sixth of that allowance;
 * - a shift must also clear a t test of its average against the points before it (at least 2), at
 *   1 in 500 shared by the run lengths tried (Bonferroni: each of k lengths at 1 in 500k).
 * How much a figure moves by chance is judged from the LA's own quarters together with how much
 * other LAs' figures for the indicator move from quarter to quarter (noise-prior.ts), counted as
 * extra quarters of evidence: with 11 quarters, a shift of 7 to 9 leaves only 2 to 4 before it.
 * Limits and shift tests share the allowance this way, rather than 1 in 1,000 each, because a
 * point far out is caught either way, and a shift on a short series needs all the room there is.
 * Calibrated on planted series (test/unit/early-warning-calibration.test.ts), and checked on seeds
 * the figures were not tuned on. At this false-alarm rate a 3-sigma shift held 7 to 9 of 11
 * quarters is flagged about 3 times in 4; even a test told the LA's true sigma and the quarter the
 * shift began would flag only about 9 in 10 (test/unit/calibration-oracle.ts), so short series are
 * not expected to reach 95 % without flagging more steady LAs.
 * The 2-sigma lines stay MDC's (2/3 of the 3-sigma width): "2 of 3" is an amber flag that, by
 * default, opens no concern.
 */
import * as StudentT from "./student-t";
import { moderatedSd, type Noise } from "./noise-prior";

export const MIN_POINTS = 8;
export const MAX_BASELINE = 20;
export const SHIFT_RUN = 7;
export const TREND_RUN = 6;
/** One-sided chance that a steady process is beyond a process limit (3 sigma promises 1 in 740; the words say it). */
export const LIMIT_ALPHA = 0.0005;
/** One-sided level of a shift's t test, shared by the run lengths tried (Bonferroni). */
export const SHIFT_ALPHA = 0.002;
/**
 * One-sided level of the t test a possible shift (the amber "run") must pass, shared by the run
 * lengths tried as the shift's is. MDC's plain run of 7 has no test, but against the average of as
 * few as 2 quarters before it, it is amber on 6 in 10 steady LAs at 11 quarters; at 1 in 20, on about
 * 1 in 4, and planted shifts are flagged 95 % (test/unit/early-warning-calibration.test.ts).
 */
export const RUN_ALPHA = 0.05;
/** Points before a shift it is compared with: at least, and at most. */
export const SHIFT_BEFORE_MIN = 2;
export const SHIFT_BEFORE_MAX = 20;

/** "run": MDC's plain shift rule, a run of 7 on one side, shown amber while the t test cannot yet confirm it. */
export type MdcRule = "limit" | "shift" | "trend" | "two-of-three" | "run";
export const MDC_RULES: MdcRule[] = ["limit", "shift", "trend", "two-of-three", "run"];

export interface Baseline {
  mean: number;
  /** Average moving range of the baseline. */
  mr: number;
  /** Standard deviation of the baseline's points. */
  sd: number;
  upper: number;
  lower: number;
  upper2: number;
  lower2: number;
  /** The limits are wider than MDC's 2.66 × the average moving range (a short baseline). */
  widened: boolean;
  /**
   * Too flat to judge points against its limits: the limits are narrower than two steps of the
   * figures' own resolution (a flat line nudged by one rounding step is not a signal).
   */
  flat: boolean;
  /**
   * Quarters of evidence added by other LAs' typical quarter-to-quarter spread for the indicator
   * (0: the LA's own quarters alone), and that typical spread at this LA's level.
   */
  priorDf: number;
  typicalSd: number;
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
  /** For a shift: the average of the points before the run, how many, and the run's own average. */
  before?: number;
  beforePoints?: number;
  runMean?: number;
  latest: number;
}

export interface MdcResult {
  /** Null when there are too few points to judge. */
  baseline: Baseline | null;
  signals: MdcSignal[];
  /** Points judged. */
  points: number;
}

const sumOf = (xs: number[], from: number, to: number) => {
  let s = 0;
  for (let i = from; i <= to; i++) s += xs[i]!;
  return s;
};
const squares = (xs: number[], from: number, to: number, mean: number) => {
  let s = 0;
  for (let i = from; i <= to; i++) s += (xs[i]! - mean) ** 2;
  return s;
};

/** The smallest step between two different values of a series: the figures' resolution. */
function resolution(xs: number[], from: number, to: number) {
  const values = [...new Set(xs.slice(from, to + 1))].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < values.length; i++) step = Math.min(step, values[i]! - values[i - 1]!);
  return step;
}

/** Other LAs' typical spread as quarters of evidence at this LA's level (none when unknown or the level is 0). */
function moderate(noise: Noise | null | undefined, level: number) {
  return noise && level > 0 ? { df: noise.df, sd: noise.cv * level } : { df: 0, sd: 0 };
}

/** The baseline of a series from `start` (a recorded change, default the first point): up to 20 points before the latest. */
export function baseline(series: number[], start = 0, noise?: Noise | null): Baseline | null {
  const from = Math.max(0, Math.min(start, series.length - 1));
  const available = series.length - from;
  if (available < MIN_POINTS) return null;
  // The point judged is not part of its own baseline, once 8 points come before it.
  const points = Math.min(MAX_BASELINE, available > MIN_POINTS ? available - 1 : available);
  const to = from + points - 1;
  const mean = sumOf(series, from, to) / points;
  let mr = 0;
  for (let i = from + 1; i <= to; i++) mr += Math.abs(series[i]! - series[i - 1]!);
  mr /= points - 1;
  const ss = squares(series, from, to, mean);
  const sd = Math.sqrt(ss / (points - 1));
  const mdc = 2.66 * mr;
  // The LA's own spread weighed with other LAs' typical spread at its level (noise-prior.ts).
  const prior = moderate(noise, Math.abs(mean));
  const spread = moderatedSd(ss, points - 1, prior.df, prior.sd);
  // Where a new point falls, from a baseline of `points`: mean ± t × sd × √(1 + 1/points).
  const t = StudentT.quantile(LIMIT_ALPHA, points - 1 + prior.df) * spread * Math.sqrt(1 + 1 / points);
  const l3 = Math.max(mdc, t);
  const l2 = (2 / 3) * mdc;
  // The step can be no larger than the baseline's range: only a narrow band needs it worked out.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i <= to; i++) {
    lo = Math.min(lo, series[i]!);
    hi = Math.max(hi, series[i]!);
  }
  const narrow = l3 < 2 * (hi - lo);
  const step = narrow ? resolution(series, from, to) : Infinity;
  const flat = mr === 0 || (Number.isFinite(step) && l3 < 2 * step);
  return {
    mean,
    mr,
    sd,
    upper: mean + l3,
    lower: mean - l3,
    upper2: mean + l2,
    lower2: mean - l2,
    widened: t > mdc,
    flat,
    priorDf: prior.df,
    typicalSd: prior.sd,
    from,
    to,
    points,
  };
}

/**
 * A shift at the latest point: the longest run of 7 or more, ending there, on one side of the
 * average of the points before it (at least 3, at most 20, from `start`), whose own average differs
 * from that by more than chance would allow (a t test, sd pooled within the two parts, so the step
 * between them does not count as noise).
 */
export function shiftAt(series: number[], start = 0, noise?: Noise | null): MdcSignal | null {
  return sidedRun(series, start, noise, SHIFT_ALPHA);
}

/**
 * A possible shift (MDC's own shift rule): a run of 7 or more, ending at the latest point, on one
 * side of the average of the points before it, that the shift's t test does not (yet) confirm but
 * a looser one does (RUN_ALPHA). Amber, and by default it opens no concern. Ask for it only when
 * shiftAt found none.
 */
export function runAt(series: number[], start = 0, noise?: Noise | null): MdcSignal | null {
  const r = sidedRun(series, start, noise, RUN_ALPHA);
  return r && { ...r, rule: "run" };
}

/** The longest run of 7 or more ending at the latest point on one side of the points before it, its t test passed at `level`. */
function sidedRun(series: number[], start: number, noise: Noise | null | undefined, level: number): MdcSignal | null {
  const n = series.length;
  if (n - start < SHIFT_RUN + SHIFT_BEFORE_MIN) return null;
  // Figures rounded to a step cannot show less spread than the step itself (worked out only for a run found).
  let floor = -1;
  // Running sums of the values and their squares: each run length tried costs O(1) beyond its side check.
  const sum = [0];
  const sq = [0];
  for (let i = 0; i < n; i++) {
    sum.push(sum[i]! + series[i]!);
    sq.push(sq[i]! + series[i]! * series[i]!);
  }
  const ss = (from: number, to: number) => {
    const count = to - from;
    const s = sum[to]! - sum[from]!;
    return Math.max(0, sq[to]! - sq[from]! - (s * s) / count);
  };
  const longest = n - start - SHIFT_BEFORE_MIN;
  const alpha = level / (longest - SHIFT_RUN + 1);
  for (let k = longest; k >= SHIFT_RUN; k--) {
    const first = n - k;
    const pre = Math.max(start, first - SHIFT_BEFORE_MAX);
    const m = first - pre;
    const before = (sum[first]! - sum[pre]!) / m;
    const eps = 1e-9 * Math.max(1, Math.abs(before));
    let up = true;
    let down = true;
    for (let i = first; i < n && (up || down); i++) {
      if (series[i]! <= before + eps) up = false;
      if (series[i]! >= before - eps) down = false;
    }
    if (!up && !down) continue;
    const runMean = (sum[n]! - sum[first]!) / k;
    const prior = moderate(noise, Math.abs((sum[n]! - sum[pre]!) / (n - pre)));
    const df = m - 1 + k - 1 + prior.df;
    if (floor < 0) {
      const step = resolution(series, start, n - 1);
      floor = Number.isFinite(step) ? step / 2 : 0;
    }
    const sd = Math.max(moderatedSd(ss(pre, first) + ss(first, n), m - 1 + k - 1, prior.df, prior.sd), floor);
    if (sd === 0) continue;
    const t = Math.abs(runMean - before) / (sd * Math.sqrt(1 / k + 1 / m));
    if (t > StudentT.quantile(alpha, df))
      return {
        rule: "shift",
        direction: up ? "up" : "down",
        run: k,
        before,
        beforePoints: m,
        runMean,
        latest: series[n - 1]!,
      };
  }
  return null;
}

/** Every MDC signal at the latest point of a series (oldest first, no gaps). */
export function mdc(series: number[], start = 0, noise?: Noise | null): MdcResult {
  const n = series.length;
  const b = n >= MIN_POINTS ? baseline(series, start, noise) : null;
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
  // A confirmed shift wins: the possible shift is only looked for without one.
  const shifted = shiftAt(series, b.from, noise) ?? runAt(series, b.from, noise);
  if (shifted) signals.push(shifted);
  if (n >= 2 && latest !== series[n - 2]) {
    const up = latest > series[n - 2]!;
    let run = 1;
    for (let i = n - 1; i > b.from && (up ? series[i]! > series[i - 1]! : series[i]! < series[i - 1]!); i--) run++;
    if (run >= TREND_RUN)
      signals.push({ rule: "trend", direction: up ? "up" : "down", run, from: series[n - run]!, latest });
  }
  return { baseline: b, signals, points: n };
}
