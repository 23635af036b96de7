/**
 * The NHS England "Making Data Count" rules on XmR charts, one worked example per rule (worked by
 * hand here, not copied from the guidance), the classification of each signal by polarity, honest
 * limits, and which signals the region's MoU turns into a concern.
 */
import { describe, expect, it } from "vitest";
import { DatasetRules, EarlyWarning, Indicators, Quarters, Spc } from "@riia/core";

const ind = (id: string) => Indicators.DEFAULT_INDICATORS.find((i) => i.id === id)!;
const rules = (series: number[]) => Spc.mdc(series).signals.map((s) => s.rule);

describe("XmR limits from a baseline", () => {
  it("are the baseline mean ± 2.66 × its mean moving range", () => {
    // 10 12 11 13 10 12 11 12 20: mean 111/9 = 12.333; moving ranges 2 1 2 3 2 1 1 8, mean 20/8 = 2.5.
    const b = Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 20]).baseline!;
    expect(b.points).toBe(9);
    expect(b.mean).toBeCloseTo(111 / 9, 6);
    expect(b.mr).toBeCloseTo(2.5, 6);
    expect(b.upper).toBeCloseTo(111 / 9 + 2.66 * 2.5, 6); // 18.983
    expect(b.lower).toBeCloseTo(111 / 9 - 2.66 * 2.5, 6); // 5.683
    expect(b.upper2).toBeCloseTo(111 / 9 + (2 / 3) * 2.66 * 2.5, 6); // 2 sigma: 16.767
  });

  it("take as many quarters as exist, up to 20, then freeze: later points do not move them", () => {
    const noisy = (n: number) => Array.from({ length: n }, (_, i) => 20 + ((i * 7) % 5) - 2);
    expect(Spc.mdc(noisy(12)).baseline!.points).toBe(12);
    const b21 = Spc.mdc(noisy(21)).baseline!;
    const b30 = Spc.mdc([...noisy(21), 40, 41, 42, 43, 44, 45, 46, 47, 48]).baseline!;
    expect(b21.points).toBe(20);
    expect(b30).toEqual(b21);
    // A change the lead records starts a new baseline from that point.
    expect(Spc.mdc([...noisy(21), 40, 41, 40, 42, 41, 40, 41, 42, 41], 21).baseline!.mean).toBeCloseTo(41, 0);
  });

  it("say nothing with fewer than 8 points: too few quarters to judge, however large the jump", () => {
    const r = Spc.mdc([10, 11, 10, 11, 10, 11, 90]);
    expect(r).toEqual({ baseline: null, signals: [], points: 7 });
    expect(EarlyWarning.tooFewWords(7)).toBe(
      "Too few quarters to judge: 7 quarters of figures, and process limits need at least 8.",
    );
  });

  it("flag nothing on a flat series, nor a flat series nudged by a hair", () => {
    expect(rules(Array(12).fill(21.6))).toEqual([]);
    // Limits 21.609 ± 0.024 are narrower than one step of the figures (0.1): too flat to judge a point against.
    expect(rules([...Array(11).fill(21.6), 21.7])).toEqual([]);
    expect(Spc.mdc([...Array(11).fill(21.6), 21.7]).baseline!.flat).toBe(true);
  });
});

describe("the four rules", () => {
  it("a point beyond the process limits (upper 18.98: 20 is beyond; with 15 last the upper is 16.77, not reached)", () => {
    expect(Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 20]).signals).toEqual([
      { rule: "limit", direction: "up", latest: 20 },
      // 20 is also beyond the 2-sigma line, but only 1 of the last 3 is: no two-of-three.
    ]);
    expect(rules([10, 12, 11, 13, 10, 12, 11, 12, 15])).toEqual([]);
    // With 3 last: mean 94/9 = 10.444, mean moving range 21/8 = 2.625, lower limit 3.46.
    expect(Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 3]).signals[0]).toMatchObject({ rule: "limit", direction: "down" });
  });

  it("a shift: 7 points in a row on one side of the mean (6 is not enough)", () => {
    // All 15 points: mean (80 + 76) / 15 = 10.4; the last 7 are all above it, the one before is below.
    const base = [9, 11, 10, 11, 9, 10, 11, 9];
    const seven = [...base, 10.5, 11, 10.6, 11.2, 10.8, 11, 10.9];
    const s = Spc.mdc(seven);
    expect(s.baseline!.mean).toBeCloseTo(156 / 15, 6);
    expect(s.signals).toEqual([{ rule: "shift", direction: "up", run: 7, latest: 10.9 }]);
    expect(rules(seven.slice(0, -1))).toEqual([]);
    // Below the mean counts the same way; a point on the mean breaks the run.
    const down = [11, 9, 10, 9, 11, 10, 9, 11, 9.5, 9, 9.4, 8.8, 9.2, 9, 9.1];
    expect(Spc.mdc(down).signals).toEqual([{ rule: "shift", direction: "down", run: 7, latest: 9.1 }]);
  });

  it("a trend: 6 points in a row each higher (or lower) than the one before, counted as they are", () => {
    expect(Spc.mdc([10, 12, 11, 13, 10, 11, 12, 13, 14, 15]).signals).toContainEqual({
      rule: "trend",
      direction: "up",
      run: 6,
      from: 10,
      latest: 15,
    });
    expect(rules([10, 12, 11, 13, 10, 12, 12, 13, 14, 15])).not.toContain("trend"); // a repeat breaks it: 4 points
    // A steady worsening over 7 quarters: 8 points, each of the last 7 higher than the one before.
    const seven = Spc.mdc([20.5, 20.2, 20.4, 20, 22, 24, 26, 28, 30, 32, 34]).signals.find((s) => s.rule === "trend");
    expect(seven).toEqual({ rule: "trend", direction: "up", run: 8, from: 20, latest: 34 });
  });

  it("2 of 3 points beyond the 2-sigma line on the same side", () => {
    // 17 points 10 11 10 … 10, then 13.2 10.5 13.2: mean 214.9/20 = 10.745, mean moving range 24.6/19 = 1.295;
    // the 2-sigma line is 13.04 (13.2 is above it twice) and the upper limit 14.19 (not reached).
    const base = Array.from({ length: 17 }, (_, i) => (i % 2 ? 11 : 10));
    const s = Spc.mdc([...base, 13.2, 10.5, 13.2]);
    expect(s.baseline!.upper2).toBeCloseTo(214.9 / 20 + (2 / 3) * 2.66 * (24.6 / 19), 6);
    expect(s.signals).toEqual([{ rule: "two-of-three", direction: "up", run: 2, latest: 13.2 }]);
    // Only one of the three is beyond it: nothing.
    expect(rules([...base, 12, 10.5, 13.2])).not.toContain("two-of-three");
  });
});

describe("signals classified by polarity, in plain words with the numbers", () => {
  const quarters = Quarters.window("2026-Q2", 11);
  const judge = (id: string, series: number[]) =>
    EarlyWarning.judge(
      ind(id),
      series,
      quarters,
      { authority: "E1", indicator: id, theme: ind(id).theme, quarter: "2026-Q2" },
      "Testshire",
    );
  const worsening = [20.5, 20.2, 20.4, 20, 22, 24, 26, 28, 30, 32, 34];

  it("a rise in re-referrals (lower is better) is a concern, and its words say 7 quarters", () => {
    // All 11 points: mean 277.1 / 11 = 25.19, mean moving range 14.9 / 10 = 1.49, limits ± 3.96.
    const { signals, judgement } = judge("re-referrals", worsening);
    const trend = signals.find((s) => s.rule === "spc-trend")!;
    expect(trend).toMatchObject({ variation: "concern", severity: "amber", indicator: "re-referrals" });
    expect(trend.explanation).toBe(
      "Testshire: re-referrals within 12 months has got worse 7 quarters in a row, from 20% to 34% in April to June 2026: 8 quarters each higher than the one before (its average over 11 baseline quarters is 25.2%, with process limits 21.2% to 29.2%).",
    );
    expect(signals.find((s) => s.rule === "spc-limit")).toMatchObject({ variation: "concern", severity: "red" });
    expect(judgement).toMatchObject({ tooFew: false, points: 11, baselineFrom: "2023-Q4", baselineTo: "2026-Q2" });
  });

  it("the same rise in care leavers in work or education (higher is better) is an improvement", () => {
    const { signals } = judge("care-leavers-eet", worsening);
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => s.variation === "improvement" && s.severity === "good")).toBe(true);
    expect(signals.find((s) => s.rule === "spc-trend")!.explanation).toMatch(/has got better 7 quarters in a row/);
  });

  it("a large change in referrals (no better direction) is neither", () => {
    const { signals } = judge("referrals-rate", [500, 510, 505, 500, 508, 502, 506, 504, 503, 505, 900]);
    expect(signals).toMatchObject([{ rule: "spc-limit", variation: "neither", severity: "info" }]);
    expect(signals[0]!.explanation).toMatch(
      /referrals is 900 per 10,000 in April to June 2026, beyond its upper process limit/,
    );
  });

  it("a gap in the figures leaves the quarter out; no figure for the quarter judged, no signal", () => {
    const gappy: (number | null)[] = [...worsening.slice(0, -1), null];
    expect(judge("re-referrals", gappy as number[]).signals).toEqual([]);
  });
});

describe("the MoU decides which signals open a concern", () => {
  const settings = DatasetRules.DEFAULT_SETTINGS;
  const sig = (rule: EarlyWarning.RuleId, variation: EarlyWarning.Variation, id = "re-referrals") =>
    ({
      authority: "E1",
      indicator: id,
      theme: ind(id).theme,
      rule,
      severity: "amber",
      variation,
      quarter: "2026-Q2",
      explanation: "",
      evidence: {},
    }) as EarlyWarning.Signal;
  const why = (signals: EarlyWarning.Signal[], s = settings) =>
    EarlyWarning.reasons(signals, Indicators.DEFAULT_INDICATORS, s).map((r) => r.rule);

  it("by default: a shift, a trend or a point beyond the limits of concern, on any indicator", () => {
    expect(why([sig("spc-shift", "concern")])).toEqual(["shift"]);
    expect(why([sig("spc-trend", "concern", "care-leavers-eet")])).toEqual(["trend"]);
    expect(why([sig("spc-limit", "concern")])).toEqual(["limit"]);
    expect(why([sig("spc-two-of-three", "concern")])).toEqual([]);
  });

  it("never for an improvement or a change with no better direction", () => {
    expect(
      why([sig("spc-shift", "improvement"), sig("spc-trend", "improvement"), sig("spc-limit", "neither")]),
    ).toEqual([]);
  });

  it("a region tightens or loosens a rule by indicator or theme; the indicator's setting wins", () => {
    const mou: DatasetRules.Mou = {
      ...settings.mou,
      overrides: [
        { scope: "theme", id: "front-door", rule: "shift", open: false },
        { scope: "indicator", id: "re-referrals", rule: "shift", open: true },
        { scope: "theme", id: "front-door", rule: "two-of-three", open: true },
      ],
    };
    const s = { ...settings, mou };
    expect(why([sig("spc-shift", "concern")], s)).toEqual(["shift"]);
    expect(why([sig("spc-shift", "concern", "assessments-45-days-pct")], s)).toEqual([]);
    expect(why([sig("spc-two-of-three", "concern", "assessments-45-days-pct")], s)).toEqual(["two-of-three"]);
    expect(DatasetRules.DatasetSettings.parse({ ...settings, mou: undefined }).mou).toEqual(DatasetRules.DEFAULT_MOU);
  });
});
