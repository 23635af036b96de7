/** The pure dataset engine: quarters, benchmarks with polarity, SPC rules, signals in plain words, checks. */
import { describe, expect, it } from "vitest";
import {
  Benchmarks,
  DatasetChecks,
  DatasetRules,
  EarlyWarning,
  Indicators,
  Neighbours,
  Quarters,
  Spc,
} from "@riia/core";

const ind = (id: string) => Indicators.DEFAULT_INDICATORS.find((i) => i.id === id)!;
const rules = DatasetRules.DEFAULT_SETTINGS.rules;

describe("catalogue", () => {
  it("is a valid catalogue with every default written in (it is not parsed at start)", () => {
    expect(Indicators.Catalogue.parse(Indicators.DEFAULT_INDICATORS)).toEqual(Indicators.DEFAULT_INDICATORS);
  });

  it("has about twenty indicators, each with the fields a region needs", () => {
    const list = Indicators.DEFAULT_INDICATORS;
    expect(list.length).toBeGreaterThanOrEqual(18);
    for (const i of list) {
      expect(i.name.length).toBeGreaterThan(3);
      expect(i.definition.length).toBeGreaterThan(10);
      expect(["rate", "percent", "count", "days"]).toContain(i.unit);
      expect(["higher", "lower", "neither"]).toContain(i.polarity);
      expect(i.min).toBeLessThan(i.max);
    }
    expect(ind("cpp").notAbove).toBe("cin");
    expect(ind("assessments-45-days").notAbove).toBe("assessments");
  });
});

describe("quarters", () => {
  it("steps across years and labels calendar quarters", () => {
    expect(Quarters.shift("2026-Q1", -1)).toBe("2025-Q4");
    expect(Quarters.window("2026-Q2", 3)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
    expect(Quarters.lastEnded(new Date("2026-05-10T00:00:00Z"))).toBe("2026-Q1");
    expect(Quarters.end("2025-Q4").toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(Quarters.label("2026-Q3")).toBe("July to September 2026");
    expect(() => Quarters.parse("2026Q5")).toThrow(/not a quarter/);
  });
});

describe("benchmarks", () => {
  const rows = Array.from({ length: 24 }, (_, i) => (i + 1) * 10).map((v, i) => ({
    authority: `LA${i}`,
    regionId: i < 12 ? "north" : "south",
    values: { "re-referrals": v, "care-leavers-eet": v, "cin-rate": v },
  }));
  const s = Benchmarks.summarise("2026-Q1", Indicators.DEFAULT_INDICATORS, rows, { "re-referrals": 22 });

  it("uses a published England figure when there is one, the LAs' mean otherwise, and region means", () => {
    expect(s.indicators["re-referrals"]!.england).toBe(22);
    expect(s.indicators["re-referrals"]!.englandSource).toBe("published");
    expect(s.indicators["care-leavers-eet"]!.england).toBe(125);
    expect(s.indicators["care-leavers-eet"]!.regions).toEqual({ north: 65, south: 185 });
  });

  it("ranks with polarity: lower is better for re-referrals, higher for care leavers in EET", () => {
    expect(Benchmarks.rankOf(ind("re-referrals"), s.indicators["re-referrals"], 10)).toEqual({
      rank: 1,
      of: 24,
      band: 1,
    });
    expect(Benchmarks.rankOf(ind("re-referrals"), s.indicators["re-referrals"], 240)).toEqual({
      rank: 24,
      of: 24,
      band: 4,
    });
    expect(Benchmarks.rankOf(ind("care-leavers-eet"), s.indicators["care-leavers-eet"], 240)).toEqual({
      rank: 1,
      of: 24,
      band: 1,
    });
    // Ties share a rank; fewer than 20 LAs with a figure get no band.
    expect(Benchmarks.rankOf(ind("re-referrals"), s.indicators["re-referrals"], 120).rank).toBe(12);
    const few = Benchmarks.summarise("2026-Q1", Indicators.DEFAULT_INDICATORS, rows.slice(0, 5));
    expect(Benchmarks.rankOf(ind("re-referrals"), few.indicators["re-referrals"], 10)).toEqual({
      rank: null,
      of: 5,
      band: null,
    });
    expect(Benchmarks.rankOf(ind("care-leavers-eet"), s.indicators["care-leavers-eet"], 20).band).toBe(4);
    expect(Benchmarks.rankOf(ind("cin-rate"), s.indicators["cin-rate"], 30).band).toBeNull();
    expect(Benchmarks.rankOf(ind("re-referrals"), s.indicators["re-referrals"], null).rank).toBeNull();
  });
});

describe("statistical process control (Making Data Count)", () => {
  it("finds a point beyond the limits set by the points before it", () => {
    const flat = [20, 21, 20, 22, 21, 20, 21];
    expect(Spc.beyondLimits([...flat, 30], 5)?.direction).toBe("up");
    expect(Spc.beyondLimits([...flat, 21.5], 5)).toBeNull();
    const l = Spc.xmr(flat)!;
    expect(l.upper).toBeCloseTo(l.mean + 2.66 * (7 / 6), 6);
  });
  it("finds a shift (a run on one side of the mean) and a trend (a run each worse)", () => {
    expect(Spc.shift([10, 30, 31, 29, 32, 30, 31, 33], 7)?.direction).toBe("up");
    expect(Spc.shift([10, 30, 31, 9, 32, 30, 31, 33], 7)).toBeNull();
    expect(Spc.trend([5, 1, 2, 3, 4, 5, 6], 6)).toEqual({ from: 1, to: 6, direction: "up" });
    expect(Spc.trend([1, 2, 3, 3, 4, 5], 6)).toBeNull();
  });
});

function context(series: Record<string, number[]>, la = "LA1") {
  const quarters = Quarters.window("2026-Q2", 8);
  const data = new Map<string, Map<string, Benchmarks.Values>>();
  const others = Array.from({ length: 24 }, (_, i) => `N${i}`);
  for (const code of [la, ...others])
    data.set(
      code,
      new Map(
        quarters.map((q, qi) => [
          q,
          Object.fromEntries(
            Object.entries(series).map(([id, xs]) => [
              id,
              code === la ? xs[qi]! : 20 + ((qi + Number(code.slice(1))) % 3),
            ]),
          ),
        ]),
      ),
    );
  const summaries = new Map(
    quarters.map((q) => [
      q,
      Benchmarks.summarise(
        q,
        Indicators.DEFAULT_INDICATORS,
        [...data].map(([authority, m]) => ({ authority, regionId: "r", values: m.get(q)! })),
      ),
    ]),
  );
  const ctx = { catalogue: Indicators.DEFAULT_INDICATORS, quarters, summaries, data };
  return { ctx, la: { code: la, name: "Testshire", regionId: "r", neighbours: others.slice(0, 5) } };
}

describe("early-warning signals", () => {
  it("explains each signal in plain words with its evidence", () => {
    const { ctx, la } = context({ "cpp-second": [20, 21, 20, 24, 27, 30, 33, 37] });
    const [r] = EarlyWarning.evaluate(ctx, [la], rules);
    const byRule = new Map(r!.signals.map((s) => [s.rule, s]));
    expect([...byRule.keys()].sort()).toEqual([
      "neighbour-gap",
      "quartile",
      "spc-trend",
      "spc-two-of-three",
      "threshold",
    ]);
    expect(byRule.get("threshold")!.explanation).toBe(
      "Testshire: second or later child protection plan is 37% in April to June 2026, worse than the region's alert level of 30% (England 21.6%).",
    );
    expect(byRule.get("spc-trend")!.explanation).toMatch(
      /got worse 5 quarters in a row: each of the last 5 quarters higher than the one before, from 20% in [\w ]+ to 37%/,
    );
    // With only 8 quarters the trend is inside its own baseline, whose spread it widens: the trend rule, not
    // the limit, is what catches it (and opens a concern under the default MoU).
    expect(byRule.get("spc-trend")!.severity).toBe("amber");
    expect(EarlyWarning.reasons(r!.signals, ctx.catalogue, DatasetRules.DEFAULT_SETTINGS).map((x) => x.rule)).toEqual([
      "trend",
    ]);
    expect(byRule.get("quartile")!.explanation).toMatch(
      /worst quarter of English local authorities .* for 2 quarters running \(ranked 25 of 25/,
    );
    // The older trigger (2 red or 3 signals in a theme) is off by default; a region that turns it on gets it.
    expect(EarlyWarning.triggered(r!.signals, DatasetRules.DEFAULT_SETTINGS.trigger)).toEqual([]);
    expect(EarlyWarning.triggered(r!.signals, { ...DatasetRules.DEFAULT_SETTINGS.trigger, enabled: true })).toEqual([
      "child-protection",
    ]);
  });

  it("shows the same change as an improvement (polarity), or as neither for context measures, never a concern", () => {
    const { ctx, la } = context({
      "care-leavers-eet": [50, 51, 50, 54, 57, 60, 63, 67],
      "cla-rate": [20, 21, 20, 24, 27, 30, 33, 90],
    });
    const [r] = EarlyWarning.evaluate(ctx, [la], rules);
    expect(r!.signals.filter((s) => s.variation === "concern")).toEqual([]);
    expect(new Set(r!.signals.filter((s) => s.indicator === "care-leavers-eet").map((s) => s.variation))).toEqual(
      new Set(["improvement"]),
    );
    expect(new Set(r!.signals.filter((s) => s.indicator === "cla-rate").map((s) => s.variation))).toEqual(
      new Set(["neither"]),
    );
    expect(EarlyWarning.reasons(r!.signals, ctx.catalogue, DatasetRules.DEFAULT_SETTINGS)).toEqual([]);
  });

  it("signals a missing return red and a late one amber; rules can be switched off", () => {
    const { ctx, la } = context({ "re-referrals": [20, 20, 20, 20, 20, 20, 20, 20] });
    const [missing] = EarlyWarning.evaluate(ctx, [{ ...la, returnState: "missing" }], rules);
    expect(missing!.signals.map((s) => [s.rule, s.severity])).toEqual([["late-return", "red"]]);
    expect(missing!.signals[0]!.explanation).toBe(
      "Testshire has not sent its core dataset return for April to June 2026, which is now overdue.",
    );
    const [late] = EarlyWarning.evaluate(ctx, [{ ...la, returnState: "late" }], rules);
    expect(late!.signals[0]!.severity).toBe("amber");
    const [off] = EarlyWarning.evaluate(ctx, [{ ...la, returnState: "missing" }], {
      ...rules,
      returns: { enabled: false },
    });
    expect(off!.signals).toEqual([]);
  });
});

describe("checks on figures", () => {
  it("keeps suppression codes as not available, never zero, and refuses numbers out of range", () => {
    for (const code of ["c", "x", "z", "low", "C"])
      expect(DatasetChecks.readCell(ind("re-referrals"), code)).toEqual({ value: null });
    expect(DatasetChecks.readCell(ind("re-referrals"), "")).toEqual({});
    expect(DatasetChecks.readCell(ind("re-referrals"), "22.5%")).toEqual({ value: 22.5 });
    expect(DatasetChecks.readCell(ind("re-referrals"), "120").error).toBe(
      "Re-referrals within 12 months must be between 0% and 100%",
    );
    expect(DatasetChecks.readCell(ind("cin"), "lots").error).toMatch(/must be a number/);
  });
  it("refuses a numerator above its denominator and plans above children in need", () => {
    const issues = DatasetChecks.crossChecks(Indicators.DEFAULT_INDICATORS, {
      assessments: 100,
      "assessments-45-days": 120,
      cin: 50,
      cpp: 60,
    });
    expect(issues.map((i) => i.message)).toEqual([
      "Assessments completed within 45 working days (120) cannot be more than assessments completed (100)",
      "Child protection plans (number) (60) cannot be more than children in need (number) (50)",
    ]);
  });
  it("asks to check a figure that moved sharply from last quarter", () => {
    const [p] = DatasetChecks.sharpMoves(Indicators.DEFAULT_INDICATORS, { "sw-agency": 30 }, { "sw-agency": 18 });
    expect(p!.message).toBe(
      "Check this figure: agency social workers moved from 18% last quarter to 30% (up 67%). If it is right, say why in the note.",
    );
    expect(DatasetChecks.sharpMoves(Indicators.DEFAULT_INDICATORS, { "sw-agency": 20 }, { "sw-agency": 18 })).toEqual(
      [],
    );
  });
});

describe("default statistical neighbours", () => {
  it("picks the nearest LAs on the context measures", () => {
    const latest = [0, 1, 2, 3, 50, 51].map((k) => ({
      authority: `L${k}`,
      values: { "referrals-rate": 400 + k, "cin-rate": 300 + k, "cpp-rate": 40 + k, "cla-rate": 60 + k },
    }));
    const n = Neighbours.computeDefault(Indicators.DEFAULT_INDICATORS, latest, 2);
    expect(n.get("L0")).toEqual(["L1", "L2"]);
    expect(n.get("L50")).toEqual(["L51", "L3"]);
  });
});
