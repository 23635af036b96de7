/** The plain words for an MDC signal, with the numbers: this quarter, the mean, the limit, how many quarters. */
import { formatValue, type Indicator } from "./indicators";
import { label, type Quarter } from "./quarters";
import type * as Spc from "./spc";
import { RUN_ALPHA, SHIFT_ALPHA } from "./spc";

const oneIn = (alpha: number) => `1 time in ${Math.round(1 / alpha).toLocaleString("en-GB")}`;

/** What a signal means by the indicator's polarity (MDC: special-cause concerning, improving, or neither). */
type Variation = "concern" | "improvement" | "neither";

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The words for one MDC signal, with the numbers: this quarter, the mean, the limit, how many quarters. */
export function mdcWords(
  ind: Indicator,
  sig: Spc.MdcSignal,
  b: Spc.Baseline,
  v: Variation,
  name: string,
  q: Quarter,
  runFrom?: Quarter,
) {
  const f = (x: number) => formatValue(ind, x);
  const what = ind.name.toLowerCase();
  const moved = sig.direction === "up" ? "risen" : "fallen";
  const good = v === "improvement" ? " This is an improvement." : "";
  const others = b.priorDf
    ? `; what chance can do is judged from its own quarters and from how much other LAs' figures move from quarter to quarter, typically ±${f(b.typicalSd)}`
    : "";
  const basis = `its average over ${plural(b.points, "baseline quarter")} is ${f(b.mean)}, with process limits ${f(b.lower)} to ${f(b.upper)}${others}`;
  switch (sig.rule) {
    case "limit":
      return `${name}: ${what} is ${f(sig.latest)} in ${label(q)}, beyond its ${sig.direction === "up" ? "upper" : "lower"} process limit of ${f(sig.direction === "up" ? b.upper : b.lower)} (${basis}). A point this far out is unlikely to be chance.${good}`;
    case "shift":
      return `${name}: ${what} has been ${sig.direction === "up" ? "above" : "below"} the average of the ${plural(sig.beforePoints!, "quarter")} before them (${f(sig.before!)}) for ${sig.run} quarters in a row, at ${f(sig.runMean!)} on average: a sustained shift, too large to be chance; it is ${f(sig.latest)} in ${label(q)} (${basis}).${good}`;
    case "trend":
      return `${name}: ${what} has ${v === "concern" ? "got worse" : v === "improvement" ? "got better" : moved} ${plural(sig.run! - 1, "quarter")} in a row: each of the last ${sig.run! - 1} quarters ${sig.direction === "up" ? "higher" : "lower"} than the one before, from ${f(sig.from!)} in ${label(runFrom ?? q)} to ${f(sig.latest)} in ${label(q)} (${basis}).${good}`;
    case "run":
      return `${name}: ${what} has been ${sig.direction === "up" ? "above" : "below"} the average of the ${plural(sig.beforePoints!, "quarter")} before them (${f(sig.before!)}) for ${sig.run} quarters in a row, at ${f(sig.runMean!)} on average; it is ${f(sig.latest)} in ${label(q)}. A possible shift, not yet clear of chance: a run of ${sig.run} on one side is Making Data Count's sign of a shift, and a step this size over these quarters comes by chance less than ${oneIn(RUN_ALPHA)}, but a shift is confirmed only at ${oneIn(SHIFT_ALPHA)}, as an LA has many charts (${basis}).${v === "improvement" ? " If it holds, this is an improvement." : ""}`;
    case "two-of-three":
      return `${name}: ${what} has been ${sig.direction === "up" ? "above" : "below"} its 2-sigma line of ${f(sig.direction === "up" ? b.upper2 : b.lower2)} in 2 of the last 3 quarters; it is ${f(sig.latest)} in ${label(q)} (${basis}).${good}`;
  }
}

/** Why a signal most LAs share opens no concern, with the size of their common movement. */
export function sharedWords(ind: Indicator, movement: number, las: number, name: string) {
  const pct = Math.abs(Math.round(movement * 1000) / 10);
  return `But the ${las} LAs judged with it moved the same way: over the same quarters the typical LA's ${ind.name.toLowerCase()} went ${pct}% ${movement >= 0 ? "up" : "down"}, and once that common movement is taken out ${name}'s figures show no such signal. A change shared across LAs (national or regional), not ${name}'s alone: shown here, but it opens no concern.`;
}

/**
 * What evidence beyond the LA's own quarters its limits and shift test used: other LAs' typical
 * quarter-to-quarter spread for the indicator, counted as so many quarters (empty if none).
 */
export function typicalSpreadWords(b: Spc.Baseline, f: (x: number) => string) {
  if (!b.priorDf) return "";
  return ` How much a figure moves by chance is judged from its own ${plural(b.points, "quarter")} together with how much other LAs' figures for this indicator move from quarter to quarter (typically ±${f(b.typicalSd)} at this level, counted as ${plural(b.priorDf, "quarter")} of evidence), so a short series is not judged on a handful of quarters alone.`;
}
