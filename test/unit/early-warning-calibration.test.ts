/**
 * Calibration of the early-warning defaults against planted truth. A seeded generator makes
 * (a) stable LAs: every indicator stationary noise around its own level, rounded like real figures,
 * 12 to 20 quarters of them; and (b) LAs with one planted case each: a steady worsening over 7
 * quarters, a shift of 7 or more quarters on the worse side, a point far beyond the limits, a spiral
 * (several indicators turning worse in the last one or two quarters), an improvement, and a change
 * on an indicator with no better direction. The checks run at the latest quarter, as the product
 * runs them, with the default settings, and the figures are held to the goals.
 */
import { describe, expect, it } from "vitest";
import { Benchmarks, DatasetRules, EarlyWarning, Indicators, Quarters } from "@riia/core";
import { seededRandom } from "../../local/seeded-random";
import { DETERIORATING_LA, synthesise } from "../../local/seed-dataset";

type Indicator = (typeof Indicators.DEFAULT_INDICATORS)[number];
const catalogue = Indicators.DEFAULT_INDICATORS;
const settings = DatasetRules.DEFAULT_SETTINGS;
const QUARTER = "2026-Q2";
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

type Kind = "stable" | "trend" | "shift" | "limit" | "spiral" | "improvement" | "neither";
interface Planted {
  code: string;
  kind: Kind;
  /** The planted indicators, and the direction the change moved them. */
  indicators: string[];
  direction?: "up" | "down";
  /** For a shift: how many quarters it has been held. */
  run?: number;
}

const worseSign = (ind: Indicator) => (ind.polarity === "lower" ? 1 : -1);
const judged = catalogue.filter((i) => i.polarity !== "neither");
const neither = catalogue.filter((i) => i.polarity === "neither");

/**
 * A change every LA shares (a national one): the indicator, and how much each LA's figures are
 * multiplied by over the last `quarters` quarters (a trend: growing to that by the latest quarter).
 */
interface National {
  indicator: string;
  factor: number;
  quarters: number;
  trend?: boolean;
}

/** One LA's series (null before its first quarter), with the planted case applied to the latest quarters. */
function makeLa(kind: Kind, code: string, lengths: readonly [number, number], national?: National) {
  const length = lengths[0] + Math.floor(rand() * (lengths[1] - lengths[0] + 1));
  const first = quarters.length - length;
  const base = new Map<string, { mean: number; sd: number }>();
  for (const ind of catalogue) {
    const mean = level(ind) * (1 + 0.08 * normal());
    base.set(ind.id, { mean, sd: Math.abs(mean) * (0.025 + 0.015 * rand()) });
  }
  const series = new Map<string, number[]>(
    catalogue.map((ind) => {
      const { mean, sd } = base.get(ind.id)!;
      return [ind.id, Array.from({ length: quarters.length }, () => mean + sd * normal())];
    }),
  );
  const planted: Planted = { code, kind, indicators: [] };
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

function run(counts: Record<Kind, number>, seed: number, lengths: readonly [number, number], national?: National) {
  rand = seededRandom(seed);
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

type Outcome = ReturnType<typeof run>[number];
const isDirection = (s: EarlyWarning.Signal, d?: string) => s.evidence.direction === d;

/** Did the checks flag the planted deterioration on the right indicator and direction, and open a concern for it? */
function detected(o: Outcome): { flagged: boolean; opened: boolean } {
  const { planted: p, signals, reasons } = o;
  if (p.kind === "spiral") {
    const spiral = signals.find((s) => s.rule === "spiral");
    const named = (spiral?.evidence.indicators as string[] | undefined) ?? [];
    const flagged = p.indicators.every(
      (id) => named.includes(id) || signals.some((s) => s.indicator === id && s.variation === "concern"),
    );
    return { flagged: flagged && !!spiral, opened: reasons.some((r) => r.rule === "spiral") };
  }
  const id = p.indicators[0]!;
  const mine = (s: EarlyWarning.Signal) =>
    s.indicator === id && s.variation === "concern" && EarlyWarning.isMdc(s) && isDirection(s, p.direction);
  return {
    flagged: signals.some(mine),
    opened: reasons.some((r) =>
      r.signal
        ? mine(r.signal) || (r.rule === "spiral" && (r.signal.evidence.indicators as string[]).includes(id))
        : false,
    ),
  };
}

/** Flagged by any signal of concern on the planted indicator (the alert level, the worst quartile, the neighbours too). */
const flaggedAny = (o: Outcome) =>
  o.signals.some(
    (s) =>
      s.variation === "concern" &&
      (s.indicator === o.planted.indicators[0] ||
        (s.rule === "spiral" && (s.evidence.indicators as string[]).includes(o.planted.indicators[0]!))),
  );

const pct = (n: number, of: number) => Math.round((1000 * n) / of) / 10;

const KINDS = ["trend", "shift", "limit", "spiral"] as const;
const isOpening = (s: EarlyWarning.Signal) =>
  s.variation === "concern" &&
  (s.rule === "spc-shift" || s.rule === "spc-trend" || s.rule === "spc-limit" || s.rule === "spiral");

/** The figures held to the goals, for a set of outcomes (several seeds pooled). */
function figuresOf(outcomes: Outcome[]) {
  const of = (kind: Kind) => outcomes.filter((o) => o.planted.kind === kind);
  const stable = of("stable");
  const falseAlarms = stable.filter((o) => o.reasons.length > 0 || o.signals.some((s) => s.severity === "red"));
  const rate = (kind: Kind, test: (o: Outcome) => boolean) => pct(of(kind).filter(test).length, of(kind).length);
  const causes: Record<string, number> = {};
  for (const o of falseAlarms)
    for (const c of new Set([
      ...o.reasons.map((r) => `opens:${r.rule}`),
      ...o.signals.filter((s) => s.severity === "red").map((s) => `red:${s.rule}`),
    ]))
      causes[c] = (causes[c] ?? 0) + 1;
  return {
    stableLas: stable.length,
    stableConcernOrRed: pct(falseAlarms.length, stable.length),
    ...(Object.fromEntries(
      KINDS.flatMap((k) => [
        [`${k}Flagged`, rate(k, (o) => detected(o).flagged)],
        [`${k}Opened`, rate(k, (o) => detected(o).opened)],
        [`${k}FlaggedAnyRule`, rate(k, flaggedAny)],
      ]),
    ) as Record<`${(typeof KINDS)[number]}${"Flagged" | "Opened" | "FlaggedAnyRule"}`, number>),
    /** Shifts flagged by how long they have been held (7, 8, 9 quarters). */
    shiftFlaggedByRun: [7, 8, 9].map((k) => {
      const held = of("shift").filter((o) => o.planted.run === k);
      return pct(held.filter((o) => detected(o).flagged).length, held.length);
    }),
    improvementShown: rate("improvement", (o) =>
      o.signals.some((s) => s.indicator === o.planted.indicators[0] && s.variation === "improvement"),
    ),
    improvementConcerns: of("improvement").filter((o) =>
      o.reasons.some((r) => r.signal?.indicator === o.planted.indicators[0]),
    ).length,
    neitherShown: rate("neither", (o) =>
      o.signals.some((s) => s.indicator === o.planted.indicators[0] && s.variation === "neither"),
    ),
    /** Signals of concern that should open a concern and did not (must be none). */
    unopened: outcomes.flatMap((o) =>
      o.signals
        .filter(isOpening)
        .filter((s) => !o.reasons.some((r) => r.signal === s))
        .map((s) => `${o.planted.code} ${s.rule}`),
    ),
    /** Improvements shown as a concern, or a change with no better direction shown as either (must be none). */
    misread: outcomes
      .filter((o) => o.planted.kind === "improvement" || o.planted.kind === "neither")
      .filter((o) =>
        o.signals.some(
          (s) =>
            s.indicator === o.planted.indicators[0] &&
            EarlyWarning.isMdc(s) &&
            (o.planted.kind === "improvement" ? s.variation === "concern" : s.variation !== "neither"),
        ),
      )
      .map((o) => o.planted.code),
    causes,
  };
}

const SEEDS = [20261206, 7, 1234, 99991];
const COUNTS = { stable: 400, trend: 60, shift: 60, limit: 60, spiral: 60, improvement: 60, neither: 60 };
/** Series lengths: as the harness has always drawn them; the 11 quarters; the bench's 20. */
const REGIMES = { "12-20": [12, 20], "11": [11, 11], "20": [20, 20] } as const;
/** Seeds the settings were never tuned on: the same figures must hold on them. */
const UNSEEN = [11, 22, 333, 4444, 55555, 2024, 31337, 8080];
const figuresFor = (seeds: number[], national?: National) =>
  Object.fromEntries(
    Object.entries(REGIMES).map(([name, lengths]) => [
      name,
      figuresOf(seeds.flatMap((seed) => run(COUNTS, seed, lengths, national))),
    ]),
  ) as Record<keyof typeof REGIMES, ReturnType<typeof figuresOf>>;
const figures = figuresFor(SEEDS);
const unseen = figuresFor(UNSEEN);
/**
 * Every LA's figures move together (a national change): 10 % worse, about 3 of an LA's own sd,
 * for the last 8 quarters (a shift) or growing to it over the last 7 (a trend). Each LA's own chart
 * does change, but it is no early warning about that LA: it must not flag every LA.
 */
const NATIONAL_INDICATOR = judged[0]!;
const nationalChange = (trend: boolean): National => ({
  indicator: NATIONAL_INDICATOR.id,
  factor: 1 + 0.1 * worseSign(NATIONAL_INDICATOR),
  quarters: trend ? 7 : 8,
  trend,
});
const national = {
  shift: figuresFor(SEEDS.slice(0, 2), nationalChange(false)),
  trend: figuresFor(SEEDS.slice(0, 2), nationalChange(true)),
};
// The figures for the report (the tests below hold them to the goals).
const row = (f: ReturnType<typeof figuresOf>) =>
  `steady ${f.stableConcernOrRed} | trend ${f.trendFlagged}/${f.trendOpened} | shift ${f.shiftFlagged}/${f.shiftOpened} (held 7/8/9: ${f.shiftFlaggedByRun.join("/")}) | limit ${f.limitFlagged}/${f.limitOpened} | spiral ${f.spiralFlagged}/${f.spiralOpened} | improvement shown ${f.improvementShown}`;
for (const [set, all] of Object.entries({
  tuned: figures,
  unseen,
  "national shift": national.shift,
  "national trend": national.trend,
}))
  for (const [name, f] of Object.entries(all)) {
    console.log(`early-warning calibration, ${set} seeds, ${name} quarters: ${row(f)}`);
    console.log(`  causes of steady LAs' alarms: ${JSON.stringify(f.causes)}`);
  }

/*
 * What can be met, and why not everything everywhere. The figures are pooled over 4 seeds, each
 * 400 stable LAs (13 indicators with a better direction each) and 60 of each planted kind, judged in
 * regions of 17 with their own region's figures; then on 8 seeds nothing was tuned on, and beside a
 * national change (every LA 10 % worse).
 *
 * A steady LA has about 13 charts that can turn red or open a concern, so each chart may do so on
 * about 0.3 % of quarters if no more than 5 % of LAs are to be flagged. The rules are calibrated to
 * that (see spc.ts): a trend of 6 is MDC's own 1 in 720; the process limits are at 1 in 2,000; a
 * shift must clear a t test at 1 in 500; how much a figure moves by chance is judged from the LA's
 * own quarters together with how much the other LAs' figures move (noise-prior.ts). A 3-sigma
 * shift held 7 to 9 quarters is told from chance by comparing it with the quarters before it: with
 * 20 quarters there are 11 to 13 of them, with 11 quarters only 2 to 4; even with sigma known
 * exactly, a step of 3 sigma after 2 quarters is caught only about half the time at that false-alarm
 * rate. So shifts are held to the goal on longer series and to their figure at 11 quarters (guarded,
 * so they cannot fall).
 */
describe("early-warning calibration against planted truth (default settings, judged at the latest quarter)", () => {
  it("red signals or concerns on stable LAs: no more than 5 %, at every series length", () => {
    for (const [name, f] of Object.entries(figures)) {
      expect(f.stableLas, name).toBe(1600);
      expect(f.stableConcernOrRed, name).toBeLessThanOrEqual(5);
      // Position alone (alert level, worst quartile, neighbours) neither opens a concern nor shows red.
      expect(
        Object.keys(f.causes).filter((c) => !/^(opens|red):(limit|shift|trend|spiral|spc-limit|spc-trend)$/.test(c)),
        name,
      ).toEqual([]);
    }
  });

  it("planted deteriorations flagged on the right LA, indicator and direction: at least 95 % of each kind", () => {
    for (const [name, f] of Object.entries(figures)) {
      for (const k of ["trend", "limit", "spiral"] as const)
        expect(f[`${k}FlaggedAnyRule`], `${name} ${k}`).toBeGreaterThanOrEqual(95);
      expect(f.trendOpened, name).toBeGreaterThanOrEqual(95);
    }
    expect(figures["20"].shiftFlagged).toBeGreaterThanOrEqual(95);
    expect(figures["20"].spiralOpened).toBeGreaterThanOrEqual(95);
    // Short series (see above): guarded at today's figures (4 seeds; 8 unseen seeds in brackets): shifts 97.1 %
    // (94.4 %) at 12-20 quarters and 74.2 % (69.6 %) at 11, with other LAs' typical spread as evidence (were
    // 82.9 % and 36.3 %); spirals 94.2 %.
    expect(figures["12-20"].shiftFlagged).toBeGreaterThanOrEqual(95);
    expect(unseen["12-20"].shiftFlagged).toBeGreaterThanOrEqual(93);
    expect(figures["11"].shiftFlagged).toBeGreaterThanOrEqual(72);
    expect(unseen["11"].shiftFlagged).toBeGreaterThanOrEqual(67);
    expect(unseen["20"].shiftFlagged).toBeGreaterThanOrEqual(95);
    for (const name of ["11", "12-20", "20"] as const) {
      expect(figures[name].limitOpened, name).toBeGreaterThanOrEqual(95);
      expect(unseen[name].limitOpened, name).toBeGreaterThanOrEqual(95);
    }
    // Spirals: how much each indicator usually moves weighed with other LAs' figures (were 94.2 % at 11 and 12-20).
    for (const name of ["12-20", "11", "20"] as const) {
      expect(figures[name].spiralOpened, name).toBeGreaterThanOrEqual(95);
      expect(unseen[name].spiralOpened, name).toBeGreaterThanOrEqual(95);
    }
  });

  it("on seeds the settings were not tuned on, and when every LA moves together, steady LAs still ≤ 5 %", () => {
    for (const [set, all] of Object.entries({ unseen, ...national }))
      for (const [name, f] of Object.entries(all))
        expect(f.stableConcernOrRed, `${set} ${name}`).toBeLessThanOrEqual(5);
    // The planted LAs are still found beside a national change.
    for (const all of Object.values(national)) expect(all["20"].shiftFlagged).toBeGreaterThanOrEqual(95);
  });

  it("every shift, trend, point beyond the limits or spiral of concern opens a concern under the defaults", () => {
    for (const f of Object.values(figures)) expect(f.unopened).toEqual([]);
  });

  it("improvements are shown as improvements and open no concern; a change with no better direction is 'neither'", () => {
    for (const [name, f] of Object.entries(figures)) {
      expect(f.misread, name).toEqual([]);
      expect(f.improvementConcerns, name).toBe(0);
    }
    // Shown as good news as often as a deterioration of the same size is flagged.
    expect(figures["20"].improvementShown).toBeGreaterThanOrEqual(95);
    expect(figures["20"].neitherShown).toBeGreaterThanOrEqual(95);
  });
});

describe("the seed's own figures (random but stable around England's typical levels, one LA deteriorating)", () => {
  function seedRun(count: number) {
    const rows = synthesise(QUARTER, count);
    const qs = Quarters.window(QUARTER, count);
    const data = new Map<string, Map<string, Benchmarks.Values>>();
    for (const r of rows) data.set(r.authority, (data.get(r.authority) ?? new Map()).set(r.quarter, r.values));
    const summaries = new Map(
      qs.map((q) => [
        q,
        Benchmarks.summarise(
          q,
          catalogue,
          rows.filter((r) => r.quarter === q),
        ),
      ]),
    );
    const las = [...data.keys()].map((code) => ({ code, name: code, regionId: "r", neighbours: [] }));
    const results = EarlyWarning.evaluate({ catalogue, quarters: qs, summaries, data }, las, settings.rules, {
      mou: settings.mou,
    });
    const concern = (r: (typeof results)[number]) => EarlyWarning.reasons(r.signals, catalogue, settings).length > 0;
    const stable = results.filter((r) => r.authority !== DETERIORATING_LA);
    const alarms = stable.filter((r) => concern(r) || r.signals.some((s) => s.severity === "red"));
    return {
      stable: stable.length,
      alarms: alarms.length,
      deteriorating: concern(results.find((r) => r.authority === DETERIORATING_LA)!),
    };
  }

  it("opens a concern for the deteriorating LA, and for at most 5 % of the others over 11 or 20 quarters", () => {
    for (const [count, goal] of [
      [11, 5],
      [20, 5],
    ] as const) {
      const r = seedRun(count);
      console.log("seed figures", count, "quarters:", JSON.stringify({ ...r, pct: pct(r.alarms, r.stable) }));
      expect(r.deteriorating).toBe(true);
      expect(pct(r.alarms, r.stable)).toBeLessThanOrEqual(goal);
    }
  });
});
