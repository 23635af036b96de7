/**
 * The calibration harness's world: a seeded generator of LAs' quarterly figures, steady or with one
 * planted case each, judged by the early-warning checks in regions of 17 LAs with their own region's
 * figures (as the product reads them). Used by early-warning-calibration.test.ts.
 */
import { Benchmarks, DatasetRules, EarlyWarning, Indicators, Quarters } from "@riia/core";
import { seededRandom } from "../../local/seeded-random";

export type Indicator = (typeof Indicators.DEFAULT_INDICATORS)[number];
export const catalogue = Indicators.DEFAULT_INDICATORS;
export const settings = DatasetRules.DEFAULT_SETTINGS;
export const QUARTER = "2026-Q2";
const quarters = Quarters.window(QUARTER, 20);
/** The generator for the run under way (each run, its own seed). */
let rand = seededRandom(20261206);
/** A standard normal draw (Box–Muller). */
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

/** A realistic level for an indicator: England's typical figure (as the seed uses), else a plausible count. */
const level = (ind: Indicator) => Indicators.ENGLAND_TYPICAL[ind.id] ?? 300;
/** Figures as they are returned: counts whole, percentages, rates and caseloads to one decimal place. */
const round = (ind: Indicator, v: number) =>
  Indicators.ENGLAND_TYPICAL[ind.id] === undefined ? Math.round(v) : Math.round(v * 10) / 10;
const clamp = (ind: Indicator, v: number) => Math.max(ind.min ?? 0, Math.min(ind.max ?? Infinity, v));

export type Kind = "stable" | "trend" | "shift" | "limit" | "spiral" | "improvement" | "neither";
export interface Planted {
  code: string;
  kind: Kind;
  /** The planted indicators, and the direction the change moved them. */
  indicators: string[];
  direction?: "up" | "down";
  /** For a shift: how many quarters it has been held. */
  run?: number;
  /** Quarters of figures the LA has (its series' length). */
  quarters: number;
}

export const worseSign = (ind: Indicator) => (ind.polarity === "lower" ? 1 : -1);
export const judged = catalogue.filter((i) => i.polarity !== "neither");
const neither = catalogue.filter((i) => i.polarity === "neither");

/**
 * A change every LA shares (a national one): the indicator, and how much each LA's figures are
 * multiplied by over the last `quarters` quarters (a trend: growing to that by the latest quarter).
 */
export interface National {
  indicator: string;
  factor: number;
  quarters: number;
  trend?: boolean;
}

/** One LA's series (null before its first quarter), with the planted case applied to the latest quarters. */
/**
 * How much LAs' noise differs: "alike" (each indicator's sd 2.5 to 4 % of its level), or "unlike"
 * (0.8 to 13 %, log-uniform: small LAs' figures jump about far more than large ones'), where other
 * LAs' typical spread is a poor guide to any one LA's and must not be trusted as one.
 */
export type Spread = "alike" | "unlike";
let spread: Spread = "alike";
const relativeSd = () => (spread === "alike" ? 0.025 + 0.015 * rand() : 0.008 * Math.exp(Math.log(16) * rand()));

function makeLa(kind: Kind, code: string, lengths: readonly [number, number], national?: National) {
  const length = lengths[0] + Math.floor(rand() * (lengths[1] - lengths[0] + 1));
  const first = quarters.length - length;
  const base = new Map<string, { mean: number; sd: number }>();
  for (const ind of catalogue) {
    const mean = level(ind) * (1 + 0.08 * normal());
    base.set(ind.id, { mean, sd: Math.abs(mean) * relativeSd() });
  }
  const series = new Map<string, number[]>(
    catalogue.map((ind) => {
      const { mean, sd } = base.get(ind.id)!;
      return [ind.id, Array.from({ length: quarters.length }, () => mean + sd * normal())];
    }),
  );
  const planted: Planted = { code, kind, indicators: [], quarters: length };
  const bump = (ind: Indicator, from: number, by: (k: number) => number, noise = 1) => {
    const xs = series.get(ind.id)!;
    const { mean, sd } = base.get(ind.id)!;
    for (let i = from, k = 1; i < xs.length; i++, k++) xs[i] = mean + by(k) * sd + noise * sd * normal();
  };
  const n = quarters.length;
  if (kind === "trend") {
    // A steady worsening over the last 7 quarters: each a step worse, with a little noise.
    const ind = pick(judged);
    bump(ind, n - 7, (k) => worseSign(ind) * 0.9 * k, 0.2);
    planted.indicators = [ind.id];
    planted.direction = worseSign(ind) > 0 ? "up" : "down";
  } else if (kind === "shift") {
    // A step to a worse level, held for the last 7 to 9 quarters, with the usual noise.
    const ind = pick(judged);
    const run = 7 + Math.floor(rand() * 3);
    bump(ind, n - run, () => worseSign(ind) * 3);
    planted.run = run;
    planted.indicators = [ind.id];
    planted.direction = worseSign(ind) > 0 ? "up" : "down";
  } else if (kind === "limit") {
    const ind = pick(judged);
    bump(ind, n - 1, () => worseSign(ind) * 6, 0.5);
    planted.indicators = [ind.id];
    planted.direction = worseSign(ind) > 0 ? "up" : "down";
  } else if (kind === "spiral") {
    // 3 or 4 indicators each jump well worse in the last quarter or the last two.
    const pool = [...judged].sort(() => rand() - 0.5).slice(0, 3 + Math.floor(rand() * 2));
    const over = 1 + Math.floor(rand() * 2);
    for (const ind of pool) bump(ind, n - over, (k) => worseSign(ind) * (over === 1 ? 5 : 2.5 * k), 0.3);
    planted.indicators = pool.map((i) => i.id);
  } else if (kind === "improvement") {
    // Better by any of the patterns above: a steady improvement, a shift, a point far out.
    const ind = pick(judged);
    const how = pick(["trend", "shift", "limit"] as const);
    const better = -worseSign(ind);
    if (how === "trend") bump(ind, n - 7, (k) => better * 0.9 * k, 0.2);
    else if (how === "shift") bump(ind, n - 8, () => better * 3);
    else bump(ind, n - 1, () => better * 6, 0.5);
    planted.indicators = [ind.id];
  } else if (kind === "neither") {
    const ind = pick(neither);
    const sign = rand() < 0.5 ? 1 : -1;
    const how = pick(["trend", "shift", "limit"] as const);
    if (how === "trend") bump(ind, n - 7, (k) => sign * 0.9 * k, 0.2);
    else if (how === "shift") bump(ind, n - 8, () => sign * 3);
    else bump(ind, n - 1, () => sign * 6, 0.5);
    planted.indicators = [ind.id];
  }
  if (national) {
    const xs = series.get(national.indicator)!;
    const from = n - national.quarters;
    for (let i = from; i < n; i++)
      xs[i] =
        xs[i]! * (national.trend ? 1 + ((national.factor - 1) * (i - from + 1)) / national.quarters : national.factor);
  }
  const values = new Map<string, Benchmarks.Values>(
    quarters.map((q, qi) => [
      q,
      Object.fromEntries(
        catalogue.map((ind) => [ind.id, qi < first ? null : round(ind, clamp(ind, series.get(ind.id)![qi]!))]),
      ),
    ]),
  );
  return { planted, values };
}

/** LAs in a region: each region is judged on its own, as the product reads one region's history at a time. */
const REGION_SIZE = 17;

export function run(
  counts: Record<Kind, number>,
  seed: number,
  lengths: readonly [number, number],
  national?: National,
  noise: Spread = "alike",
) {
  rand = seededRandom(seed);
  spread = noise;
  const data = new Map<string, Map<string, Benchmarks.Values>>();
  const planted: Planted[] = [];
  for (const [kind, count] of Object.entries(counts) as [Kind, number][])
    for (let i = 0; i < count; i++) {
      const code = `${kind}-${i}`;
      const la = makeLa(kind, code, lengths, national);
      data.set(code, la.values);
      planted.push(la.planted);
    }
  const codes = [...data.keys()];
  const summaries = new Map(
    quarters.map((q) => [
      q,
      Benchmarks.summarise(
        q,
        catalogue,
        codes.map((authority) => ({ authority, regionId: "r", values: data.get(authority)!.get(q)! })),
      ),
    ]),
  );
  const stableCodes = planted.filter((p) => p.kind === "stable").map((p) => p.code);
  const las = planted.map((p) => ({
    code: p.code,
    name: p.code,
    regionId: "r",
    neighbours: Array.from({ length: 5 }, () => pick(stableCodes)).filter((c) => c !== p.code),
  }));
  // Regions of about 17 LAs, the planted ones scattered among the stable: each judged with its own LAs' figures only.
  const order = las.map((la) => la.code).sort(() => rand() - 0.5);
  const regionOf = new Map(order.map((code, i) => [code, Math.floor(i / REGION_SIZE)]));
  const results = new Map<string, ReturnType<typeof EarlyWarning.evaluate>[number]>();
  for (let r = 0; r * REGION_SIZE < order.length; r++) {
    const mine = las.filter((la) => regionOf.get(la.code) === r);
    const own = new Map(mine.map((la) => [la.code, data.get(la.code)!]));
    const ctx = { catalogue, quarters, summaries, data: own };
    for (const res of EarlyWarning.evaluate(ctx, mine, settings.rules, { mou: settings.mou }))
      results.set(res.authority, res);
  }
  return planted.map((p) => {
    const r = results.get(p.code)!;
    return { planted: p, signals: r.signals, reasons: EarlyWarning.reasons(r.signals, catalogue, settings) };
  });
}
