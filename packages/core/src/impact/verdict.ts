/**
 * The verdict on one aimed indicator, from the same XmR limits as early warning (dataset/spc.ts): normal variation is
 * set by the receiving LA's quarters before the support started (up to the latest 8), and the quarters from its start
 * are judged against it. A change beyond normal variation is the latest quarter beyond a process limit, two of the
 * last three beyond the same limit, or a shift: every quarter since the start (at least 4) on one side of the mean.
 * It shows association, not proof: other things change at the same time.
 */
import { Spc } from "../dataset";

export type Verdict = "too-early" | "no-change" | "improved" | "worsened";
export const VERDICT_WORDS: Record<Verdict, string> = {
  "too-early": "too early to tell",
  "no-change": "no change beyond normal variation",
  improved: "improved beyond normal variation",
  worsened: "worsened",
};
/** Quarters needed before the start to set normal variation, and after it to judge. */
export const MIN_BEFORE = 4;
export const MAX_BEFORE = 8;
export const MIN_AFTER = 2;
export const SHIFT_AFTER = 4;

export interface Judgement {
  verdict: Verdict;
  /** Why, in words with the figures. */
  reason: string;
  limits?: { mean: number; upper: number; lower: number };
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Judge the quarters after the start (`after`, oldest first) against those before it (`before`). */
export function judge(before: number[], after: number[], polarity: "higher" | "lower"): Judgement {
  const base = before.slice(-MAX_BEFORE);
  if (base.length < MIN_BEFORE)
    return {
      verdict: "too-early",
      reason: `There ${base.length === 1 ? "is" : "are"} ${plural(base.length, "quarter")} of figures before the start; ${MIN_BEFORE} are needed to know what normal variation is.`,
    };
  const x = Spc.xmr(base)!;
  const limits = { mean: x.mean, upper: x.upper, lower: x.lower };
  if (after.length < MIN_AFTER)
    return {
      verdict: "too-early",
      reason: `There ${after.length === 1 ? "is" : "are"} ${plural(after.length, "quarter")} of figures since the start; ${MIN_AFTER} are needed to judge.`,
      limits,
    };
  const dir = signal(after, limits);
  const span = `normal variation before the start was ${r1(x.lower)} to ${r1(x.upper)} (mean ${r1(x.mean)})`;
  if (!dir)
    return {
      verdict: "no-change",
      reason: `The ${plural(after.length, "quarter")} since the start stayed within normal variation: ${span}.`,
      limits,
    };
  const better = (dir === "up") === (polarity === "higher");
  return {
    verdict: better ? "improved" : "worsened",
    reason: `The figures since the start moved ${dir === "up" ? "above" : "below"} normal variation (latest ${r1(after[after.length - 1]!)}); ${span}.`,
    limits,
  };
}

function signal(after: number[], l: { mean: number; upper: number; lower: number }): "up" | "down" | null {
  const latest = after[after.length - 1]!;
  if (latest > l.upper) return "up";
  if (latest < l.lower) return "down";
  const last3 = after.slice(-3);
  if (last3.filter((v) => v > l.upper).length >= 2) return "up";
  if (last3.filter((v) => v < l.lower).length >= 2) return "down";
  if (after.length >= SHIFT_AFTER) {
    if (after.every((v) => v > l.mean)) return "up";
    if (after.every((v) => v < l.mean)) return "down";
  }
  return null;
}

/** One verdict for a solution from its indicators' (improved only if something improved and nothing worsened). */
export function overall(verdicts: Verdict[]): Verdict | undefined {
  if (!verdicts.length) return undefined;
  if (verdicts.every((v) => v === "too-early")) return "too-early";
  const up = verdicts.includes("improved");
  const down = verdicts.includes("worsened");
  if (up && !down) return "improved";
  if (down && !up) return "worsened";
  return "no-change";
}
