/**
 * How much an indicator's figures ordinarily move from quarter to quarter, learnt from every LA
 * judged together: a second source of evidence for a short series.
 *
 * With 11 quarters, a shift of 7 leaves 2 to 4 quarters before it, and an LA's own sd from so few
 * points is so uncertain that only a very large step can be told from chance. Other LAs' figures
 * for the same indicator say how noisy it usually is. Each LA's own spread is weighed together with
 * that typical spread (empirical Bayes, as Smyth's moderated t in limma does for genes): the typical
 * spread counts as `df` extra quarters of evidence, and `df` is large only when LAs' spreads agree
 * (beyond what chance alone would scatter them by); when LAs differ a lot it adds little.
 * Spreads are relative to each LA's own level (an LA twice the size moves about twice as much).
 */

import type { BenchmarkContext } from "./benchmarks";

/** The typical relative sd (sd ÷ the LA's own average) of an indicator, and the quarters of evidence it counts as. */
export interface Noise {
  cv: number;
  df: number;
  /** LAs it was learnt from. */
  las: number;
}

/** Most extra quarters of evidence the typical spread may count as (LAs are never quite alike). */
export const MAX_PRIOR_DF = 40;
/**
 * Fewest quarters of evidence worth adding: below this, LAs' spreads differ so much that the typical
 * one would pull a quiet LA's yardstick far up (and a noisy one's down), so it is not used at all.
 */
export const MIN_PRIOR_DF = 4;
/** LAs needed before the typical spread is trusted at all. */
export const MIN_LAS = 8;
/** Quarters an LA needs to have its spread counted. */
const MIN_QUARTERS = 4;

/** ψ(x), the digamma function (recurrence up to 6, then the asymptotic series). */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) r -= 1 / x++;
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ′(x), the trigamma function. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 6) r += 1 / (x * x++);
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** The x with ψ′(x) = y (Newton's method on 1/ψ′, as limma does). */
export function trigammaInverse(y: number): number {
  if (y > 1e7) return 1 / Math.sqrt(y);
  if (y < 1e-6) return 1 / y;
  let x = 0.5 + 1 / y;
  for (let i = 0; i < 50; i++) {
    const tri = trigamma(x);
    // ψ′′ by a small difference: Newton's step on 1/ψ′.
    const dif = (tri * (1 - tri / y) * 1e-4) / (trigamma(x + 1e-4) - tri);
    x += dif;
    if (-dif / x < 1e-8) break;
  }
  return x;
}

/**
 * An LA's own spread weighed with the typical one: its own sum of squares over `ownDf` quarters of evidence, the
 * typical sd counting as `priorDf` more (Smyth's moderated variance). With `priorDf` 0 it is the LA's own sd.
 */
export const moderatedSd = (ownSquares: number, ownDf: number, priorDf: number, priorSd: number) =>
  Math.sqrt((ownSquares + priorDf * priorSd ** 2) / (ownDf + priorDf));

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The typical relative spread of one indicator across LAs' series (each oldest first, no gaps),
 * or null when too few LAs have enough quarters. Median and median absolute deviation of the log
 * variances, so an LA with a real change in its own series does not inflate the typical spread.
 */
export function noiseOf(seriesList: number[][]): Noise | null {
  const e: number[] = [];
  const tri: number[] = [];
  for (const xs of seriesList) {
    const n = xs.length;
    if (n < MIN_QUARTERS) continue;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    if (!(Math.abs(mean) > 0)) continue;
    // From the quarter-to-quarter steps (half their mean square, von Neumann's estimate of σ²): a change
    // in the LA's level, or one every LA shares, is one large step among many, not a widened spread.
    let ss = 0;
    for (let i = 1; i < n; i++) ss += ((xs[i]! - xs[i - 1]!) / mean) ** 2;
    if (ss <= 0) continue;
    // The steps' estimate is worth about 2/3 of as many quarters as the spread about the mean.
    const d = Math.max(1, (2 * (n - 1)) / 3);
    // log s², corrected so its average is log σ² whatever the quarters.
    e.push(Math.log(ss / (2 * (n - 1))) - digamma(d / 2) + Math.log(d / 2));
    tri.push(trigamma(d / 2));
  }
  if (e.length < MIN_LAS) return null;
  const centre = median(e);
  const mad = 1.4826 * median(e.map((x) => Math.abs(x - centre)));
  // Spread of the log variances beyond what each LA's own few quarters would give by chance.
  const excess = mad * mad - tri.reduce((a, b) => a + b, 0) / tri.length;
  // Whole quarters, rounded down (the cautious side, and the t quantiles are cached by whole df).
  const df = excess > 0 ? Math.min(MAX_PRIOR_DF, Math.floor(2 * trigammaInverse(excess))) : MAX_PRIOR_DF;
  if (df < MIN_PRIOR_DF) return null;
  return { cv: Math.sqrt(Math.exp(centre + digamma(df / 2) - Math.log(df / 2))), df, las: e.length };
}

/** Each indicator's typical spread across the LAs judged, from their own figures up to the quarter judged. */
export function typicalNoise(ctx: BenchmarkContext, las: { code: string }[]): Map<string, Noise | null> {
  return new Map(
    ctx.catalogue.map((ind) => {
      const list: number[][] = [];
      for (const la of las) {
        const own = ctx.data.get(la.code);
        if (!own) continue;
        const xs: number[] = [];
        for (const q of ctx.quarters) {
          const v = own.get(q)?.[ind.id];
          if (typeof v === "number" && Number.isFinite(v)) xs.push(v);
        }
        list.push(xs);
      }
      return [ind.id, noiseOf(list)];
    }),
  );
}
