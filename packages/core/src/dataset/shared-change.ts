/**
 * Changes every LA shares. When most LAs' figures for an indicator move together (a national change
 * in demand, a new definition), each LA's own chart shows a shift or a trend, but it says nothing
 * about that LA: flagging every LA would bury the ones really getting worse. So an LA's signal of
 * concern is checked against the LAs judged with it: if, once their common movement is taken out,
 * the LA's figures no longer show it, it is a change shared across LAs (shown, but no concern).
 *
 * The common movement is, each quarter, the median over the LAs of their figure divided by their
 * own average over the latest 8 quarters: an LA twice the size counts the same, and one LA's own
 * change barely moves a median. It is only taken out when the typical LA itself shows a signal the
 * same way; otherwise its own noise would only blur the LA's signal.
 */
import type { BenchmarkContext } from "./benchmarks";
import { MDC_RULE_ID, type Signal } from "./early-warning-types";
import { sharedWords } from "./early-warning-words";
import type { Indicator } from "./indicators";
import { median, type Noise } from "./noise-prior";
import * as Spc from "./spc";
import type { Quarter } from "./quarters";

/** An indicator's common movement: the factor for each quarter (null: too few LAs), and how many LAs it came from. */
export interface Common {
  factors: Map<Quarter, number | null>;
  las: number;
}

/** LAs needed in a quarter for their median to stand for the common movement. */
export const MIN_LAS = 8;

/** Latest quarters each LA's figures are divided by the average of: the same for every LA, so who reported earlier does not tilt the median. */
export const REFERENCE_QUARTERS = 8;

/** The common movement of an indicator: per quarter, the median LA's figure ÷ its own recent average (null: too few LAs). */
export function commonMovement(
  quarters: Quarter[],
  seriesOf: (number | null)[][],
): { factors: (number | null)[]; las: number } {
  const ratios: number[][] = quarters.map(() => []);
  let las = 0;
  for (const xs of seriesOf) {
    const recent = xs.slice(-REFERENCE_QUARTERS).filter((v): v is number => v !== null);
    if (recent.length < REFERENCE_QUARTERS) continue;
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    if (!(mean > 0)) continue;
    las++;
    xs.forEach((v, i) => {
      if (v !== null) ratios[i]!.push(v / mean);
    });
  }
  return { factors: ratios.map((r) => (r.length >= MIN_LAS ? median(r) : null)), las };
}

/** An LA's figures with the common movement taken out (null if a quarter's movement is unknown). */
export function adjusted(series: number[], factors: (number | null)[]): number[] | null {
  if (factors.some((f) => f === null || !(f > 0))) return null;
  return series.map((v, i) => v / factors[i]!);
}

/** Each indicator's common movement over the LAs judged, from their own figures. */
export function commonMovements(ctx: BenchmarkContext, las: { code: string }[]): Map<string, Common> {
  return new Map(
    ctx.catalogue.map((ind) => {
      const seriesOf = las.map((la) => {
        const own = ctx.data.get(la.code);
        return ctx.quarters.map((q) => {
          const v = own?.get(q)?.[ind.id];
          return typeof v === "number" && Number.isFinite(v) ? v : null;
        });
      });
      const { factors, las: count } = commonMovement(ctx.quarters, seriesOf);
      return [ind.id, { factors: new Map(ctx.quarters.map((q, i) => [q, factors[i]!])), las: count }];
    }),
  );
}

/**
 * An LA's signals with each signal of concern its figures no longer show, once the LAs' common
 * movement is taken out, turned into a shared change (shown, opening no concern).
 */
export function markShared(
  ind: Indicator,
  signals: Signal[],
  series: number[],
  qs: Quarter[],
  b: Spc.Baseline,
  common: Common,
  name: string,
  start: number,
  noise?: Noise | null,
): Signal[] {
  const all = qs.map((w) => common.factors.get(w) ?? null);
  // From the first quarter on which the movement is known for every quarter after it (fewer LAs reported earlier).
  let from = all.length;
  while (from > 0 && all[from - 1] !== null) from--;
  const factors = all.slice(from);
  const own = adjusted(series.slice(from), factors);
  if (!own || own.length < Spc.MIN_POINTS) return signals;
  const at = Math.max(0, start - from);
  // Only when the typical LA itself moved that way: otherwise its noise would only blur the LA's own signal.
  // A confirmed signal: the typical LA's possible shift ("run") is too common to stand for a shared change.
  const typical = Spc.mdc(factors as number[], at)
    .signals.filter((x) => x.rule !== "run")
    .map((x) => x.direction);
  const still = Spc.mdc(own, at, noise).signals;
  const avg = (lo: number, hi: number) => {
    let sum = 0;
    for (let i = Math.max(lo, from); i <= hi; i++) sum += all[i]!;
    return sum / (hi - Math.max(lo, from) + 1);
  };
  const last = all.length - 1;
  // The typical LA's movement over the signal's own quarters: a shift's run against the quarters before it,
  // a trend's run from its first quarter, a point against the baseline.
  const movementOf = (s: Signal) => {
    const run = typeof s.evidence.run === "number" ? s.evidence.run : 0;
    const first = last - run + 1;
    if (s.rule === "spc-shift" && first - 1 >= from)
      return avg(first, last) / avg(Math.max(b.from, first - 20), first - 1) - 1;
    if (s.rule === "spc-trend" && first >= from) return all[last]! / all[first]! - 1;
    return all[last]! / avg(b.from, b.to) - 1;
  };
  return signals.map((s) =>
    s.variation === "concern" &&
    typical.includes(s.evidence.direction as Spc.Direction) &&
    !still.some((x) => MDC_RULE_ID[x.rule] === s.rule && x.direction === s.evidence.direction)
      ? {
          ...s,
          severity: "info",
          variation: "neither",
          evidence: { ...s.evidence, shared: { movement: movementOf(s), las: common.las } },
          explanation: `${s.explanation} ${sharedWords(ind, movementOf(s), common.las, name)}`,
        }
      : s,
  );
}
