/**
 * Early warning, pure: signals for each LA at the last quarter of a window, each with its
 * explanation in plain words and the evidence behind it, and whether they cross the region's
 * trigger for a concern.
 */
import { benchmarksFor, neighbourMean, rankOf, valueAt, type BenchmarkContext, type Benchmark } from "./benchmarks";
import { formatValue, worse, type Indicator } from "./indicators";
import { label, type Quarter } from "./quarters";
import type { Rules, Trigger } from "./rules";
import * as Spc from "./spc";

export type RuleId =
  "threshold" | "quartile" | "spc-limit" | "spc-shift" | "spc-trend" | "neighbour-gap" | "late-return";
export type Severity = "red" | "amber";

export interface Signal {
  authority: string;
  /** Absent for a late or missing return. */
  indicator?: string;
  theme: string;
  rule: RuleId;
  severity: Severity;
  quarter: Quarter;
  explanation: string;
  evidence: Record<string, unknown>;
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
const dir = (ind: Indicator, d: Spc.Direction) =>
  (ind.polarity === "higher" && d === "down") || (ind.polarity === "lower" && d === "up");

function spcSignals(
  ind: Indicator,
  series: number[],
  rules: Rules["spc"],
  base: Omit<Signal, "rule" | "severity" | "explanation" | "evidence">,
  name: string,
): Signal[] {
  const out: Signal[] = [];
  const f = (v: number) => formatValue(ind, v);
  const latest = series[series.length - 1]!;
  const beyond = Spc.beyondLimits(series, rules.minBaseline);
  if (beyond && dir(ind, beyond.direction))
    out.push({
      ...base,
      rule: "spc-limit",
      severity: "red",
      evidence: { latest, ...beyond.limits },
      explanation: `${name}: ${ind.name.toLowerCase()} is ${f(latest)}, beyond the ${beyond.direction === "up" ? "upper" : "lower"} process limit of ${f(beyond.direction === "up" ? beyond.limits.upper : beyond.limits.lower)} set by its own previous ${beyond.limits.points} quarters. A point this far out is unlikely to be chance.`,
    });
  const sh = Spc.shift(series, rules.shiftRun);
  if (sh && dir(ind, sh.direction))
    out.push({
      ...base,
      rule: "spc-shift",
      severity: "amber",
      evidence: { run: rules.shiftRun, mean: sh.mean },
      explanation: `${name}: ${ind.name.toLowerCase()} has been on the worse side of its average (${f(sh.mean)}) for ${rules.shiftRun} quarters running, a sustained shift.`,
    });
  const tr = Spc.trend(series, rules.trendRun);
  if (tr && dir(ind, tr.direction))
    out.push({
      ...base,
      rule: "spc-trend",
      severity: "amber",
      evidence: { run: rules.trendRun, ...tr },
      explanation: `${name}: ${ind.name.toLowerCase()} has got worse ${rules.trendRun - 1} quarters in a row, from ${f(tr.from)} to ${f(tr.to)}.`,
    });
  return out;
}

function indicatorSignals(ctx: BenchmarkContext, la: LaInput, ind: Indicator, b: Benchmark, rules: Rules): Signal[] {
  if (ind.polarity === "neither" || b.value === null) return [];
  const q = b.quarter;
  const base = { authority: la.code, indicator: ind.id, theme: ind.theme, quarter: q };
  const f = (v: number | null) => formatValue(ind, v);
  const out: Signal[] = [];
  if (rules.threshold.enabled && ind.alert !== undefined && worse(ind, b.value, ind.alert))
    out.push({
      ...base,
      rule: "threshold",
      severity: "red",
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
        evidence: { value: b.value, neighbours: b.neighbours, gap },
        explanation: `${la.name}'s ${ind.name.toLowerCase()} (${f(b.value)}) is ${Math.round(Math.abs(gap) * 100)}% worse than its statistical neighbours' average of ${f(b.neighbours)}.`,
      });
  }
  if (rules.spc.enabled) {
    const series = b.trend.filter((v): v is number => v !== null);
    out.push(...spcSignals(ind, series, rules.spc, base, la.name));
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
      quarter: q,
      evidence: { state: la.returnState },
      explanation: missing
        ? `${la.name} has not sent its core dataset return for ${label(q)}, which is now overdue.`
        : `${la.name} sent its core dataset return for ${label(q)} after the due date.`,
    },
  ];
}

/** Every signal for each LA at the window's last quarter, with its benchmarks. */
export function evaluate(ctx: BenchmarkContext, las: LaInput[], rules: Rules) {
  const q = ctx.quarters[ctx.quarters.length - 1]!;
  const byId = new Map(ctx.catalogue.map((i) => [i.id, i]));
  return las.map((la) => {
    const benchmarks = benchmarksFor(ctx, la);
    const signals = benchmarks.flatMap((b) => indicatorSignals(ctx, la, byId.get(b.indicator)!, b, rules));
    if (rules.returns.enabled) signals.push(...returnSignal(la, q));
    return { authority: la.code, name: la.name, benchmarks, signals };
  });
}

/** The themes in which an LA's signals cross the trigger (empty: no concern). */
export function triggered(signals: Signal[], trigger: Trigger): string[] {
  const byTheme = new Map<string, Signal[]>();
  for (const s of signals) byTheme.set(s.theme, [...(byTheme.get(s.theme) ?? []), s]);
  return [...byTheme]
    .filter(
      ([, list]) =>
        list.filter((s) => s.severity === "red").length >= trigger.redInTheme || list.length >= trigger.signalsInTheme,
    )
    .map(([theme]) => theme)
    .sort();
}

export { neighbourMean };
