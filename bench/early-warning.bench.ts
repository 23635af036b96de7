/**
 * Early warning at national scale: benchmarks and signals for 153 LAs × 20 indicators × 12
 * quarters, from national summaries to every LA's signals (the engine the API and pages use).
 */
import { Benchmarks, DatasetRules, EarlyWarning, Indicators, Neighbours, Quarters } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { synthesise, DETERIORATING_LA } from "../local/seed-dataset";

export function benchEarlyWarning() {
  const last = "2026-Q2";
  const quarters = Quarters.window(last, 12);
  const rows = synthesise(last, 12);
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
  const results = EarlyWarning.evaluate({ catalogue, quarters, summaries, data }, las, rules);
  const nationalMs = Math.round(performance.now() - started);
  const signals = results.reduce((n, r) => n + r.signals.length, 0);
  const demo = results.find((r) => r.authority === DETERIORATING_LA)!;
  return {
    nationalMs,
    las: las.length,
    indicators: catalogue.length,
    quarters: quarters.length,
    benchmarks: results.reduce((n, r) => n + r.benchmarks.length, 0) * quarters.length,
    signals,
    demoSignals: demo.signals.length,
    demoThemes: EarlyWarning.triggered(demo.signals, DatasetRules.DEFAULT_SETTINGS.trigger),
  };
}

/** Run, record `earlyWarning.nationalMs` and print (bench/run.ts calls this). */
export function reportEarlyWarning(
  record: (r: Record<string, unknown>) => void,
  print: (rows: [string, number | string, string?][]) => void,
) {
  const e = benchEarlyWarning();
  record({ earlyWarning: { nationalMs: e.nationalMs } });
  process.stdout.write(
    `\nEarly warning, national (${e.las} LAs × ${e.indicators} indicators × ${e.quarters} quarters)\n`,
  );
  print([
    ["nationalMs", e.nationalMs, "≤ 1000"],
    ["signals", e.signals],
    [`demo LA signals (themes over the trigger: ${e.demoThemes.join(", ") || "none"})`, e.demoSignals],
  ]);
}
