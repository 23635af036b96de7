/**
 * The best any shift test could do on the planted shifts, for the calibration report (a figure, not a goal): an
 * oracle told each LA's true sd and the quarter the shift began, judging one z statistic (the run's average
 * against the quarters before it, as the product compares them, at most 20) one-sided at the false-alarm rate per
 * chart that the product's shift test actually leaves on steady LAs. A real test knows neither, so it can only
 * come below this; the gap says how much is left to gain at that false-alarm rate.
 */
import { seededRandom } from "../../local/seeded-random";

/** The standard normal's upper tail P(Z > z) (erfc by Numerical Recipes' Chebyshev fit, error under 1.2e-7). */
export function normalUpper(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** The z with P(Z > z) = p, by bisection. */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpper(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A chart's chance of a false alarm when `share` of LAs have one on any of `charts` charts (independent charts). */
export const perChart = (share: number, charts: number) => 1 - (1 - share) ** (1 / charts);

/**
 * The oracle's chance of flagging a step of `step` sds held for the last `run` of `quarters` quarters, at a
 * one-sided false-alarm rate `rate` per chart.
 */
export function oracleDetects(step: number, run: number, quarters: number, rate: number): number {
  const before = Math.min(quarters - run, 20);
  if (before < 1 || rate <= 0) return 0;
  return normalUpper(normalQuantile(rate) - step / Math.sqrt(1 / run + 1 / before));
}

/*
 * A second bound, nearer what a real test can do: told each LA's true sd but not the quarter the shift began, so it
 * scans the start as the product does (runs from 7 quarters up to all but 2, each compared with at most 20 quarters
 * before it) and takes the largest z. Its threshold is the one a steady chart passes at the same rate. The largest
 * z's distribution is simulated once per series length with a fixed seed (steady, and shifted by 3 sd for 7 to 9
 * quarters), so the figure is the same on every run.
 */
const STEADY_SIMS = 100_000;
const SHIFTED_SIMS = 20_000;
const STEP = 3;
const largestZ = new Map<number, { steady: Float64Array; shifted: Map<number, Float64Array> }>();

function scanZ(xs: number[]): number {
  const n = xs.length;
  const sum = [0];
  for (let i = 0; i < n; i++) sum.push(sum[i]! + xs[i]!);
  let best = -Infinity;
  for (let k = 7; k <= n - 2; k++) {
    const m = Math.min(n - k, 20);
    const before = (sum[n - k]! - sum[n - k - m]!) / m;
    const after = (sum[n]! - sum[n - k]!) / k;
    best = Math.max(best, (after - before) / Math.sqrt(1 / k + 1 / m));
  }
  return best;
}

function simulated(quarters: number) {
  let known = largestZ.get(quarters);
  if (known) return known;
  const rand = seededRandom(1000 + quarters);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const draw = (sims: number, run: number) =>
    Float64Array.from({ length: sims }, () =>
      scanZ(Array.from({ length: quarters }, (_, i) => normal() + (i >= quarters - run ? STEP : 0))),
    ).sort();
  known = { steady: draw(STEADY_SIMS, 0), shifted: new Map([7, 8, 9].map((run) => [run, draw(SHIFTED_SIMS, run)])) };
  largestZ.set(quarters, known);
  return known;
}

/** Share of a sorted sample above `c`. */
const above = (sorted: Float64Array, c: number) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! > c) hi = mid;
    else lo = mid + 1;
  }
  return (sorted.length - lo) / sorted.length;
};

/** The scanning oracle's chance of flagging a 3-sd step held for the last `run` (7 to 9) of `quarters` quarters. */
export function scanDetects(run: number, quarters: number, rate: number): number {
  if (quarters - run < 2 || rate <= 0) return 0;
  const { steady, shifted } = simulated(quarters);
  const c = steady[Math.min(steady.length - 1, Math.floor((1 - rate) * steady.length))]!;
  return above(shifted.get(run)!, c);
}
