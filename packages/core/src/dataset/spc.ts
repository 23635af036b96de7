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
