/**
 * Early warning, pure: signals for each LA at the last quarter of a window, each with its
 * explanation in plain words and the evidence behind it, and whether they cross the region's
 * trigger for a concern.
 */
import { benchmarksFor, neighbourMean, rankOf, valueAt, type BenchmarkContext, type Benchmark } from "./benchmarks";
import { formatValue, worse, type Indicator } from "./indicators";
import { label, type Quarter } from "./quarters";
import { DEFAULT_MOU, MOU_RULE_LABELS, opens, type Mou, type MouRule, type Rules, type Trigger } from "./rules";
import * as Spc from "./spc";
import { mdcWords, plural } from "./early-warning-words";
export { typicalSpreadWords } from "./early-warning-words";
import { moderatedSd, typicalNoise, type Noise } from "./noise-prior";
import { commonMovements, markShared, type Common } from "./shared-change";

import { MDC_RULE_ID, type RuleId, type Severity, type Signal, type Variation } from "./early-warning-types";

export type { RuleId, Severity, Signal, Variation };

/** How an indicator's own series was judged: with limits from its baseline, or too few quarters to judge. */
export interface Judgement {
  indicator: string;
  points: number;
  tooFew: boolean;
  baseline: Spc.Baseline | null;
  /** Quarters of the baseline's first and last points. */
  baselineFrom?: Quarter;
  baselineTo?: Quarter;
  /** Quarters of the points in the series judged (no gaps), aligned with the SPC signals. */
  quarters: Quarter[];
  /** Did the latest quarter turn worse (a move worse than the process limits' width within the last 1 or 2 quarters)? */
  turnedWorse: boolean;
}

/** Where a return stands for the quarter judged: "late" (in after its due date), "missing" (due and not in). */
export type ReturnState = "on-time" | "late" | "missing" | "not-due";

export interface LaInput {
  code: string;
  name: string;
  regionId: string;
  neighbours: string[];
  returnState?: ReturnState;
}

const RETURNS_THEME = "quality-assurance";
const isWorse = (ind: Indicator, d: Spc.Direction) =>
  (ind.polarity === "higher" && d === "down") || (ind.polarity === "lower" && d === "up");
const variationOf = (ind: Indicator, d: Spc.Direction): Variation =>
  ind.polarity === "neither" ? "neither" : isWorse(ind, d) ? "concern" : "improvement";

type SignalBase = Omit<Signal, "rule" | "severity" | "variation" | "explanation" | "evidence">;

/** One MDC signal as an early-warning signal: classified by polarity, with its numbers and words. */
function mdcSignal(
  ind: Indicator,
  sig: Spc.MdcSignal,
  b: Spc.Baseline,
  base: SignalBase,
  name: string,
  runFrom?: Quarter,
): Signal {
  const variation = variationOf(ind, sig.direction);
  return {
    ...base,
    rule: MDC_RULE_ID[sig.rule],
    severity:
      variation === "concern"
        ? sig.rule === "limit"
          ? "red"
          : "amber"
        : variation === "improvement"
          ? "good"
          : "info",
    variation,
    evidence: {
      direction: sig.direction,
      latest: sig.latest,
      mean: b.mean,
      upper: b.upper,
      lower: b.lower,
      upper2: b.upper2,
      lower2: b.lower2,
      baselineQuarters: b.points,
      ...(sig.run !== undefined ? { run: sig.run } : {}),
      ...(sig.from !== undefined ? { from: sig.from } : {}),
      ...(sig.before !== undefined
        ? { before: sig.before, beforeQuarters: sig.beforePoints, runMean: sig.runMean }
        : {}),
    },
    explanation: mdcWords(ind, sig, b, variation, name, base.quarter, runFrom),
  };
}

/** The SPC judgement of one indicator's own series, and its MDC signals at the latest quarter. */
export function judge(
  ind: Indicator,
  trend: (number | null)[],
  quarters: Quarter[],
  base: SignalBase,
  name: string,
  spiralQuarters = 2,
  startFrom?: Quarter,
  noise?: Noise | null,
  common?: Common,
): { judgement: Judgement; signals: Signal[] } {
  const series: number[] = [];
  const qs: Quarter[] = [];
  trend.forEach((v, i) => {
    if (v !== null) {
      series.push(v);
      qs.push(quarters[i]!);
    }
  });
  // A series judged at a quarter must have a figure for that quarter.
  const current = qs[qs.length - 1] === base.quarter;
  const start = startFrom
    ? Math.max(
        0,
        qs.findIndex((q) => q >= startFrom),
      )
    : 0;
  const r = current ? Spc.mdc(series, start, noise) : { baseline: null, signals: [], points: series.length };
  const b = r.baseline;
  let turnedWorse = false;
  if (b && !b.flat && ind.polarity !== "neither") {
    const n = series.length;
    const latest = series[n - 1]!;
    // Turned worse: moved the width of the process limits (2.66 × the mean moving range) the worse way
    // within the last one or two quarters, and now beyond the 2-sigma line on the worse side. The move
    // is measured against the quarter-to-quarter variation before it: while the baseline still takes
    // in the latest quarters, their own jump would otherwise widen the yardstick it is judged by.
    const beyond2 = isWorse(ind, "up") ? latest > b.upper2 : latest < b.lower2;
    const before = Math.min(b.to, n - 1 - spiralQuarters);
    let sum = 0;
    for (let i = b.from + 1; i <= before; i++) sum += Math.abs(series[i]! - series[i - 1]!);
    const own = before - b.from >= Spc.MIN_POINTS - 1 && sum > 0 ? sum / (before - b.from) : b.mr;
    // Weighed with other LAs' typical spread (as a moving range, 1.128 sd), the few moving ranges worth 0.62 each.
    const d = 0.62 * (before - b.from);
    const usual = b.priorDf ? moderatedSd(d * own ** 2, d, b.priorDf, 1.128 * b.typicalSd) : own;
    for (let k = 1; beyond2 && k <= spiralQuarters && n - 1 - k >= 0; k++) {
      const move = latest - series[n - 1 - k]!;
      if (Math.abs(move) > 2.66 * usual && isWorse(ind, move > 0 ? "up" : "down")) turnedWorse = true;
    }
  }
  const judgement: Judgement = {
    indicator: ind.id,
    points: r.points,
    tooFew: b === null,
    baseline: b,
    ...(b ? { baselineFrom: qs[b.from]!, baselineTo: qs[b.to]! } : {}),
    quarters: qs,
    turnedWorse,
  };
  const signals = b
    ? r.signals.map((sig) => mdcSignal(ind, sig, b, base, name, sig.run ? qs[qs.length - sig.run] : undefined))
    : [];
  if (b && common && signals.some((s) => s.variation === "concern"))
    return { judgement, signals: markShared(ind, signals, series, qs, b, common, name, start, noise) };
  return { judgement, signals };
}

/** The plain words for a series too short to judge. */
export const tooFewWords = (points: number) =>
  `Too few quarters to judge: ${plural(points, "quarter")} of figures, and process limits need at least ${Spc.MIN_POINTS}.`;

function indicatorSignals(
  ctx: BenchmarkContext,
  la: LaInput,
  ind: Indicator,
  b: Benchmark,
  rules: Rules,
  opts: EvaluateOptions,
  judgements: Judgement[],
): Signal[] {
  const mou = opts.mou ?? DEFAULT_MOU;
  const q = b.quarter;
  const base = { authority: la.code, indicator: ind.id, theme: ind.theme, quarter: q };
  const out: Signal[] = [];
  if (rules.spc.enabled) {
    const j = judge(
      ind,
      b.trend,
      ctx.quarters,
      base,
      la.name,
      mou.spiral.quarters,
      opts.baselineFrom?.(la.code, ind.id),
      opts.noise?.get(ind.id),
      opts.common?.get(ind.id),
    );
    judgements.push(j.judgement);
    out.push(...j.signals);
  }
  if (ind.polarity === "neither" || b.value === null) return out;
  const f = (v: number | null) => formatValue(ind, v);
  if (rules.threshold.enabled && ind.alert !== undefined && worse(ind, b.value, ind.alert))
    out.push({
      ...base,
      rule: "threshold",
      // Amber: a position past the alert level, not a change; red is kept for special causes and a missing return.
      severity: "amber",
      variation: "concern",
      evidence: { value: b.value, alert: ind.alert, england: b.england },
      explanation: `${la.name}: ${ind.name.toLowerCase()} is ${f(b.value)} in ${label(q)}, worse than the region's alert level of ${f(ind.alert)} (England ${f(b.england)}).`,
    });
  if (rules.quartile.enabled) {
    const qs = ctx.quarters.slice(-rules.quartile.quarters);
    const bands = qs.map(
      (w) => rankOf(ind, ctx.summaries.get(w)?.indicators[ind.id], valueAt(ctx, la.code, w, ind.id)).band,
    );
    if (qs.length === rules.quartile.quarters && bands.every((x) => x === 4))
      out.push({
        ...base,
        rule: "quartile",
        severity: "amber",
        variation: "concern",
        evidence: { rank: b.rank, of: b.of, quarters: qs },
        explanation: `${la.name} is in the worst quarter of English local authorities for ${ind.name.toLowerCase()} for ${qs.length} quarters running (ranked ${b.rank} of ${b.of} in ${label(q)}).`,
      });
  }
  if (rules.neighbourGap.enabled && b.neighbours !== null && b.neighbours !== 0) {
    const gap = (b.value - b.neighbours) / Math.abs(b.neighbours);
    if (worse(ind, b.value, b.neighbours) && Math.abs(gap) > rules.neighbourGap.gap)
      out.push({
        ...base,
        rule: "neighbour-gap",
        severity: "amber",
        variation: "concern",
        evidence: { value: b.value, neighbours: b.neighbours, gap },
        explanation: `${la.name}'s ${ind.name.toLowerCase()} (${f(b.value)}) is ${Math.round(Math.abs(gap) * 100)}% worse than its statistical neighbours' average of ${f(b.neighbours)}.`,
      });
  }
  return out;
}

function returnSignal(la: LaInput, q: Quarter): Signal[] {
  if (la.returnState !== "late" && la.returnState !== "missing") return [];
  const missing = la.returnState === "missing";
  return [
    {
      authority: la.code,
      theme: RETURNS_THEME,
      rule: "late-return",
      severity: missing ? "red" : "amber",
      variation: "concern",
      quarter: q,
      evidence: { state: la.returnState },
      explanation: missing
        ? `${la.name} has not sent its core dataset return for ${label(q)}, which is now overdue.`
        : `${la.name} sent its core dataset return for ${label(q)} after the due date.`,
    },
  ];
}

export interface EvaluateOptions {
  mou?: Mou;
  /** Where an LA's baseline for an indicator starts (a change the lead recorded), if not at its first figure. */
  baselineFrom?: (authority: string, indicator: string) => Quarter | undefined;
  /** Each indicator's typical quarter-to-quarter spread across LAs (default: learnt from the LAs judged). */
  noise?: Map<string, Noise | null>;
  /** Each indicator's movement common to the LAs judged (default: learnt from them). */
  common?: Map<string, Common>;
}

/** A spiral: several indicators turning worse in the last one or two quarters (an urgent concern). */
function spiralSignal(la: LaInput, q: Quarter, catalogue: Indicator[], judgements: Judgement[], mou: Mou): Signal[] {
  const worse = judgements.filter((j) => j.turnedWorse);
  if (worse.length < mou.spiral.indicators) return [];
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const names = worse.map((j) => byId.get(j.indicator)!.name.toLowerCase());
  const within = mou.spiral.quarters === 1 ? "since last quarter" : "within the last two quarters";
  return [
    {
      authority: la.code,
      theme: byId.get(worse[0]!.indicator)!.theme,
      rule: "spiral",
      severity: "red",
      variation: "concern",
      quarter: q,
      evidence: {
        indicators: worse.map((j) => j.indicator),
        themes: [...new Set(worse.map((j) => byId.get(j.indicator)!.theme))].sort(),
        quarters: mou.spiral.quarters,
      },
      explanation: `${la.name}: ${worse.length} indicators have turned worse ${within}, each by more than the width of its process limits and now past its 2-sigma line (${names.join(", ")}).${worse.some((j) => j.baseline?.priorDf) ? " How much each usually moves from quarter to quarter is judged from its own quarters and from how much other LAs' figures for it move." : ""} Several indicators getting worse at once can mean the service is spiralling.`,
    },
  ];
}

/** Every signal for each LA at the window's last quarter, with its benchmarks and how each series was judged. */
export function evaluate(ctx: BenchmarkContext, las: LaInput[], rules: Rules, opts: EvaluateOptions = {}) {
  const q = ctx.quarters[ctx.quarters.length - 1]!;
  const byId = new Map(ctx.catalogue.map((i) => [i.id, i]));
  const mou = opts.mou ?? DEFAULT_MOU;
  if (rules.spc.enabled && !opts.noise) opts = { ...opts, noise: typicalNoise(ctx, las) };
  if (rules.spc.enabled && !opts.common) opts = { ...opts, common: commonMovements(ctx, las) };
  return las.map((la) => {
    const benchmarks = benchmarksFor(ctx, la);
    const judgements: Judgement[] = [];
    const signals = benchmarks.flatMap((b) =>
      indicatorSignals(ctx, la, byId.get(b.indicator)!, b, rules, opts, judgements),
    );
    if (rules.spc.enabled) signals.push(...spiralSignal(la, q, ctx.catalogue, judgements, mou));
    if (rules.returns.enabled) signals.push(...returnSignal(la, q));
    return { authority: la.code, name: la.name, benchmarks, signals, judgements };
  });
}

const MOU_RULE_OF: Partial<Record<RuleId, MouRule>> = {
  "spc-limit": "limit",
  "spc-shift": "shift",
  "spc-trend": "trend",
  "spc-two-of-three": "two-of-three",
  "spc-run": "run",
  spiral: "spiral",
};
export const isMdc = (s: Signal) => MOU_RULE_OF[s.rule] !== undefined;

export interface Reason {
  /** The MoU rule (or "trigger", the region's count of other signals in a theme). */
  rule: MouRule | "trigger";
  /** The rule in plain words. */
  because: string;
  signal?: Signal;
  themes: string[];
}

/**
 * Why the region's MoU opens a concern about an LA now (empty: no concern): each MDC signal of
 * concern whose rule the MoU opens for on that indicator, a spiral, and the themes where the other
 * signals of concern cross the region's trigger. Improvements and "neither" never open one.
 */
export function reasons(signals: Signal[], catalogue: Indicator[], settings: { mou: Mou; trigger: Trigger }): Reason[] {
  const byId = new Map(catalogue.map((i) => [i.id, i]));
  const out: Reason[] = [];
  for (const s of signals) {
    const rule = MOU_RULE_OF[s.rule];
    if (!rule || s.variation !== "concern") continue;
    const ind = s.indicator ? byId.get(s.indicator) : undefined;
    if (!opens(settings.mou, rule, ind)) continue;
    const themes = rule === "spiral" ? (s.evidence.themes as string[]) : [s.theme];
    out.push({ rule, because: MOU_RULE_LABELS[rule], signal: s, themes });
  }
  for (const theme of triggered(signals, settings.trigger))
    out.push({
      rule: "trigger",
      because: `${settings.trigger.redInTheme} red signals, or ${settings.trigger.signalsInTheme} signals of any colour, in one theme`,
      themes: [theme],
    });
  return out;
}

/** The themes in which an LA's signals cross the trigger (empty: no concern, or the trigger is off). */
export function triggered(signals: Signal[], trigger: Trigger): string[] {
  if (!trigger.enabled) return [];
  const byTheme = new Map<string, Signal[]>();
  // The MoU rules decide the SPC signals; the trigger counts the others, and only those of concern.
  for (const s of signals.filter((x) => x.variation === "concern" && !isMdc(x)))
    byTheme.set(s.theme, [...(byTheme.get(s.theme) ?? []), s]);
  return [...byTheme]
    .filter(
      ([, list]) =>
        list.filter((s) => s.severity === "red").length >= trigger.redInTheme || list.length >= trigger.signalsInTheme,
    )
    .map(([theme]) => theme)
    .sort();
}

export { neighbourMean };
