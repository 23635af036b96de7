/**
 * The best any shift test could do on the planted shifts, for the calibration report (a figure, not a goal): an
 * oracle told each LA's true sd and the quarter the shift began, judging one z statistic (the run's average
 * against the quarters before it, as the product compares them, at most 20) one-sided at the false-alarm rate per
 * chart that the product's shift test actually leaves on steady LAs. A real test knows neither, so it can only
 * come below this; the gap says how much is left to gain at that false-alarm rate.
 */

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
