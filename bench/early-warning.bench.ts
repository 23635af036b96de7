/**
 * Early warning at national scale: benchmarks, the MDC rules and the MoU's reasons for 153 LAs ×
 * every indicator × 20 quarters, from national summaries to every LA's signals (the engine the API
 * and pages use). Also counts the LAs other than the planted one whose default MoU rules would open
 * a concern on the synthetic (stable, random) figures: the false-alarm rate.
 */
import { Benchmarks, DatasetRules, EarlyWarning, Indicators, Neighbours, Quarters } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { synthesise, DETERIORATING_LA } from "../local/seed-dataset";

export function benchEarlyWarning() {
  const last = "2026-Q2";
  const quarters = Quarters.window(last, 20);
  const rows = synthesise(last, 20);
  const catalogue = Indicators.DEFAULT_INDICATORS;
  const started = performance.now();
  const data = new Map<string, Map<string, Benchmarks.Values>>();
  for (const r of rows) data.set(r.authority, (data.get(r.authority) ?? new Map()).set(r.quarter, r.values));
  const summaries = new Map(
    quarters.map((q) => [
      q,
      Benchmarks.summarise(
        q,
        catalogue,
        rows.filter((r) => r.quarter === q),
      ),
    ]),
  );
  const context = summaries.get(last)!.context;
  const neighbours = Neighbours.computeDefault(
    catalogue,
    Object.entries(context).map(([authority, c]) => ({ authority, values: c.values })),
  );
  const las = reference.regions.flatMap((region) =>
    region.authorities.map((a) => ({
      code: a.code,
      name: a.name,
      regionId: region.id,
      neighbours: neighbours.get(a.code) ?? [],
    })),
  );
  const rules = { ...DatasetRules.DEFAULT_SETTINGS.rules };
  const settings = DatasetRules.DEFAULT_SETTINGS;
  const results = EarlyWarning.evaluate({ catalogue, quarters, summaries, data }, las, rules, { mou: settings.mou });
  const reasons = results.map((r) => EarlyWarning.reasons(r.signals, catalogue, settings));
  const nationalMs = Math.round(performance.now() - started);
  const stableWithConcern = results.filter((r, i) => r.authority !== DETERIORATING_LA && reasons[i]!.length).length;
  const signals = results.reduce((n, r) => n + r.signals.length, 0);
  const demo = results.find((r) => r.authority === DETERIORATING_LA)!;
  return {
    nationalMs,
    las: las.length,
    indicators: catalogue.length,
    quarters: quarters.length,
    benchmarks: results.reduce((n, r) => n + r.benchmarks.length, 0) * quarters.length,
    signals,
    stableWithConcern,
    demoSignals: demo.signals.length,
    demoThemes: [...new Set(EarlyWarning.reasons(demo.signals, catalogue, settings).flatMap((w) => w.themes))].sort(),
  };
}

/** Run, record `earlyWarning.nationalMs` and print (bench/run.ts calls this). */
export function reportEarlyWarning(
  record: (r: Record<string, unknown>) => void,
  print: (rows: [string, number | string, string?][]) => void,
) {
  const e = benchEarlyWarning();
  record({ earlyWarning: { nationalMs: e.nationalMs, stableLasWithConcern: e.stableWithConcern } });
  process.stdout.write(
    `\nEarly warning, national (${e.las} LAs × ${e.indicators} indicators × ${e.quarters} quarters)\n`,
  );
  print([
    ["nationalMs", e.nationalMs, "≤ 1000"],
    ["signals", e.signals],
    [
      `other LAs (random, stable figures) the default MoU rules would open a concern for, of ${e.las - 1}`,
      e.stableWithConcern,
    ],
    [`demo LA signals (themes of its concern: ${e.demoThemes.join(", ") || "none"})`, e.demoSignals],
  ]);
}
