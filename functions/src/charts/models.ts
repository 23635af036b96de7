/** View models of the dataset pages: the heat map and the LA indicator page, as charts and as tables (and CSV/JSON). */
import {
  DatasetRules,
  EarlyWarning,
  formatCsv,
  Indicators,
  Quarters,
  Spc,
  type Benchmarks,
  type Warning,
} from "@riia/core";
import { BAND_LABELS, heatMap } from "./heat-map";
import { lineChart } from "./line-chart";

type EW = Awaited<ReturnType<typeof Warning.earlyWarning>>;
export interface Table {
  head: string[];
  rows: (string | number | null)[][];
}

const cell = (v: string | number | null) => ({ text: v === null ? "not available" : String(v) });
export const govukRows = (t: Table) => t.rows.map((r) => r.map(cell));
export const govukHead = (t: Table) => t.head.map((h) => ({ text: h }));

/** A table as CSV, as every export writes it (formatCsv). */
export const toCsv = (t: Table): string => formatCsv([t.head, ...t.rows]);

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

const concerning = (r: EW["results"][number]) => r.signals.filter((s) => s.variation === "concern");

export function heatMapModel(ew: EW) {
  const inds = ew.catalogue.indicators.filter((i) => i.polarity !== "neither");
  const results = [...ew.results].sort((a, b) => a.name.localeCompare(b.name));
  const bench = (r: EW["results"][number], id: string) => r.benchmarks.find((b) => b.indicator === id)!;
  // A ring marks a signal of concern: improvements are good news, not warnings.
  const signalled = (r: EW["results"][number], id: string) =>
    r.signals.some((s) => s.indicator === id && s.variation === "concern");
  const svg = heatMap({
    title: `Quartile bands by local authority and indicator, ${Quarters.label(ew.quarter)}`,
    desc: "Each cell is the local authority's national quartile band with polarity: 1 is the best quarter of English local authorities, 4 the worst. A ring marks an early-warning signal. The table below gives the same figures.",
    rows: results.map((r) => r.name),
    cols: inds.map((i) => i.name),
    cells: results.map((r) =>
      inds.map((i) => {
        const b = bench(r, i.id);
        return {
          band: b.band,
          signal: signalled(r, i.id),
          label: `${r.name}, ${i.name}: ${Indicators.formatValue(i, b.value)}${b.band ? `, band ${b.band} (${BAND_LABELS[b.band]})` : ""}`,
        };
      }),
    ),
  });
  const table: Table = {
    head: ["Local authority", ...inds.map((i) => i.name), "Signals"],
    rows: results.map((r) => [
      r.name,
      ...inds.map((i) => {
        const b = bench(r, i.id);
        return b.value === null
          ? null
          : `${Indicators.formatValue(i, b.value)}${b.band ? ` (band ${b.band}${signalled(r, i.id) ? ", signal" : ""})` : ""}`;
      }),
      concerning(r).length,
    ]),
  };
  return { svg, table, las: results.map((r) => ({ code: r.authority, name: r.name, signals: concerning(r).length })) };
}

/** How the indicator's own series was judged, in words: its baseline and limits, or too few quarters. */
function spcWords(
  ind: Indicators.Indicator,
  j: EarlyWarning.Judgement | undefined,
  change: DatasetRules.BaselineChange | undefined,
) {
  if (!j) return null;
  if (j.tooFew || !j.baseline) return EarlyWarning.tooFewWords(j.points);
  const f = (v: number) => Indicators.formatValue(ind, v);
  const why =
    change && j.baselineFrom === change.from
      ? ` The baseline starts again from ${Quarters.label(change.from)}: ${change.reason}`
      : "";
  // Said whenever it applies, so nobody reads the limits as MDC's 2.66 × the average moving range.
  const widened =
    j.baseline.widened && !j.baseline.flat
      ? ` (wider than 2.66 × the average moving range of ${f(j.baseline.mr)}: ${j.baseline.priorDf ? "an LA has many charts, so each must rarely signal by chance" : `from ${j.baseline.points} quarters sigma is uncertain`}, and these are the limits a steady series crosses only 1 quarter in ${Math.round(1 / Spc.LIMIT_ALPHA).toLocaleString("en-GB")} on each side)`
      : "";
  return `Process limits from a baseline of ${j.baseline.points} quarters (${Quarters.label(j.baselineFrom!)} to ${Quarters.label(j.baselineTo!)}): mean ${f(j.baseline.mean)}, limits ${f(j.baseline.lower)} to ${f(j.baseline.upper)}${widened}.${EarlyWarning.typicalSpreadWords(j.baseline, f)}${why}`;
}

/** The quarters a signal is about: every quarter of a shift's or a trend's run; else the quarter judged. */
const signalQuarters = (s: EarlyWarning.Signal, j: EarlyWarning.Judgement | undefined) =>
  (s.rule === "spc-shift" || s.rule === "spc-run" || s.rule === "spc-trend") && typeof s.evidence.run === "number" && j
    ? j.quarters.slice(-s.evidence.run)
    : [s.quarter];

/** An indicator's signals in words, by what they mean: concerns, improvements, changes, and changes most LAs share. */
function signalWords(mine: EarlyWarning.Signal[]) {
  const words = (test: (s: EarlyWarning.Signal) => boolean) => mine.filter(test).map((s) => s.explanation);
  // A change most LAs share is "neither" too, but not for want of a better direction: it has its own words.
  const isShared = (s: EarlyWarning.Signal) => s.evidence.shared !== undefined;
  // A possible shift of concern is amber and, by default, opens no concern: tagged as such, not as a warning.
  const possible = (s: EarlyWarning.Signal) => s.rule === "spc-run" && s.variation === "concern";
  return {
    signals: words((s) => s.variation === "concern" && !possible(s)),
    possible: words(possible),
    improvements: words((s) => s.variation === "improvement"),
    changes: words((s) => s.variation === "neither" && !isShared(s)),
    shared: words(isShared),
  };
}

export function laModel(ew: EW, code: string) {
  const r = ew.results.find((x) => x.authority === code);
  if (!r) return undefined;
  const la = ew.las.find((l) => l.code === code)!;
  const q = ew.ctx.quarters;
  const line = (id: string, kind: "region" | "neighbours" | "england") =>
    q.map((w) => {
      const s = ew.ctx.summaries.get(w)?.indicators[id];
      if (kind === "england") return s?.england ?? null;
      if (kind === "region") return s?.regions[ew.regionId] ?? null;
      const xs = la.neighbours
        .map((n) => ew.ctx.data.get(n)?.get(w)?.[id])
        .filter((v): v is number => typeof v === "number");
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    });
  const indicators = ew.catalogue.indicators.map((ind) => {
    const b = r.benchmarks.find((x) => x.indicator === ind.id) as Benchmarks.Benchmark;
    const lines = [
      { label: r.name, values: b.trend, kind: "own" as const },
      { label: "Region", values: line(ind.id, "region"), kind: "region" as const },
      { label: "Neighbours", values: line(ind.id, "neighbours"), kind: "neighbours" as const },
      { label: "England", values: line(ind.id, "england"), kind: "england" as const },
    ];
    const j = r.judgements.find((x) => x.indicator === ind.id);
    const limits = j?.baseline ? j.baseline : null;
    const mine = r.signals.filter((s: EarlyWarning.Signal) => s.indicator === ind.id);
    const marks = new Set(mine.flatMap((s) => signalQuarters(s, j)));
    const svg = lineChart({
      title: `${ind.name}: ${r.name} over ${q.length} quarters`,
      desc: `${r.name}'s ${ind.name.toLowerCase()} each quarter from ${Quarters.label(q[0]!)} to ${Quarters.label(q[q.length - 1]!)}, with the region, statistical neighbours and England${limits ? `, and its own statistical process control mean and limits from its baseline (shaded, ${Quarters.label(j!.baselineFrom!)} to ${Quarters.label(j!.baselineTo!)})` : ""}${marks.size ? `; a ring marks each quarter of a signal (${marks.size})` : ""}. The table below gives the same figures.`,
      quarters: q,
      lines,
      limits,
      unit: Indicators.UNIT_LABELS[ind.unit],
      marked: [...marks],
      baseline: j?.baseline ? { from: j.baselineFrom!, to: j.baselineTo! } : null,
    });
    const table: Table = {
      head: ["Quarter", ...lines.map((l) => l.label)],
      rows: q.map((w, i) => [w, ...lines.map((l) => round(l.values[i] ?? null))]),
    };
    const { signals, possible, improvements, changes, shared } = signalWords(mine);
    const spc = spcWords(ind, j, DatasetRules.baselineChangeFor(ew.settings.baselineChanges, code, ind.id));
    return {
      id: ind.id,
      name: ind.name,
      definition: ind.definition,
      svg,
      table,
      signals,
      possible,
      improvements,
      changes,
      shared,
      spc,
      marked: [...marks],
      rank: b.rank,
      of: b.of,
      band: b.band,
      value: Indicators.formatValue(ind, b.value),
    };
  });
  const returnSignals = r.signals.filter((s) => !s.indicator).map((s) => s.explanation);
  const improvements = r.signals.filter((s) => s.variation === "improvement").map((s) => s.explanation);
  const exportTable: Table = {
    head: ["indicator", "quarter", "value", "england", "region", "neighbours", "rank", "of", "band"],
    rows: r.benchmarks.map((b) => [
      b.indicator,
      b.quarter,
      b.value,
      round(b.england),
      round(b.region),
      round(b.neighbours),
      b.rank,
      b.of,
      b.band,
    ]),
  };
  return { name: r.name, indicators, signals: concerning(r), improvements, returnSignals, exportTable };
}
