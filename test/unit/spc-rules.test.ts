/**
 * The NHS England "Making Data Count" rules on XmR charts, one worked example per rule (worked by
 * hand here, not copied from the guidance), the classification of each signal by polarity, honest
 * limits, and which signals the region's MoU turns into a concern.
 */
import { describe, expect, it } from "vitest";
import { DatasetRules, EarlyWarning, Indicators, Spc, StudentT } from "@riia/core";
import { ind, judgeTestshire } from "./testshire";

const rules = (series: number[]) => Spc.mdc(series).signals.map((s) => s.rule);

describe("XmR limits from a baseline", () => {
  it("judge the latest point against the points before it: MDC's 2.66 × the mean moving range, widened for a short baseline", () => {
    // 10 12 11 13 10 12 11 12, then 20 judged against them: mean 91/8 = 11.375; moving ranges 2 1 2 3 2 1 1,
    // mean 12/7 = 1.714, so MDC's limits are 11.375 ± 4.56. From only 8 points sigma is uncertain: sd 1.0607,
    // and Student's t with 7 degrees of freedom at 1 in 2,000 is 5.408, so the limits are
    // 11.375 ± 5.408 × 1.0607 × √(9/8) = ± 6.084: 5.291 to 17.459.
    const b = Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 20]).baseline!;
    expect(b).toMatchObject({ points: 8, from: 0, to: 7, widened: true });
    expect(b.mean).toBeCloseTo(11.375, 6);
    expect(b.mr).toBeCloseTo(12 / 7, 6);
    expect(b.sd).toBeCloseTo(Math.sqrt(7.875 / 7), 6);
    expect(b.upper).toBeCloseTo(17.459, 3);
    expect(b.lower).toBeCloseTo(5.291, 3);
    // The 2-sigma lines stay MDC's: 11.375 ± (2/3) × 2.66 × 1.714 = ± 3.04.
    expect(b.upper2).toBeCloseTo(11.375 + (2 / 3) * 2.66 * (12 / 7), 6);
    // With 20 points in the baseline MDC's own limits are the wider: not widened.
    const steady = Array.from({ length: 21 }, (_, i) => (i % 2 ? 11 : 10));
    expect(Spc.mdc(steady).baseline).toMatchObject({ points: 20, widened: false, upper: 10.5 + 2.66 });
  });

  it("take as many quarters as exist before the one judged, up to 20, then freeze: later points do not move them", () => {
    const noisy = (n: number) => Array.from({ length: n }, (_, i) => 20 + ((i * 7) % 5) - 2);
    expect(Spc.mdc(noisy(12)).baseline!.points).toBe(11);
    const b21 = Spc.mdc(noisy(21)).baseline!;
    const b30 = Spc.mdc([...noisy(21), 40, 41, 42, 43, 44, 45, 46, 47, 48]).baseline!;
    expect(b21.points).toBe(20);
    expect(b30).toEqual(b21);
    // With exactly 8 points all 8 are the baseline (there is nothing before them to judge against).
    expect(Spc.mdc(noisy(8)).baseline!.points).toBe(8);
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

describe("Student's t, for limits from a short baseline", () => {
  it("gives the quantiles printed in the tables", () => {
    // One-sided: P(T > t) = p with df degrees of freedom.
    for (const [p, df, t] of [
      [0.025, 1, 12.706],
      [0.025, 10, 2.228],
      [0.05, 30, 1.697],
      [0.001, 9, 4.297],
      [0.001, 18, 3.61],
      [0.0005, 20, 3.85],
    ] as const)
      expect(StudentT.quantile(p, df), `${p} ${df}`).toBeCloseTo(t, 2);
    expect(StudentT.upperTail(2.228, 10)).toBeCloseTo(0.025, 4);
  });
});

describe("the four rules", () => {
  it("a point beyond the process limits (upper 16.76: 20 is beyond; 16.2, beyond MDC's 15.94 only, is not)", () => {
    expect(Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 20]).signals).toEqual([
      { rule: "limit", direction: "up", latest: 20 },
      // 20 is also beyond the 2-sigma line, but only 1 of the last 3 is: no two-of-three.
    ]);
    expect(rules([10, 12, 11, 13, 10, 12, 11, 12, 16.2])).toEqual([]);
    // With 3 last: below the lower limit of 5.992.
    expect(Spc.mdc([10, 12, 11, 13, 10, 12, 11, 12, 3]).signals[0]).toMatchObject({ rule: "limit", direction: "down" });
  });

  it("a shift: 7 points in a row on one side of the points before them, too far from them to be chance", () => {
    // 8 points averaging 10 (sum of squares 6), then 7 averaging 12.4 (sum of squares 0.42). Pooled within the
    // two parts sd = √(6.42 / 13) = 0.703; the step of 2.4 is 2.4 / (0.703 × √(1/7 + 1/8)) = 6.6 standard errors.
    // Runs of 7 to 12 could be tried (at least 3 points before), so each is tested at 1 in 6,000: Student's t
    // with 13 degrees of freedom there is 4.82, and 6.6 is beyond it.
    const base = [9, 11, 10, 11, 9, 10, 11, 9];
    const seven = [...base, 12, 12.5, 12.2, 12.8, 12.4, 12.6, 12.3];
    const [shift, ...others] = Spc.mdc(seven).signals;
    expect(others).toEqual([]);
    expect(shift).toMatchObject({ rule: "shift", direction: "up", run: 7, beforePoints: 8, latest: 12.3 });
    expect(shift!.before).toBeCloseTo(10, 9);
    expect(shift!.runMean).toBeCloseTo(12.4, 9);
    // 6 in a row is not enough.
    expect(rules(seven.slice(0, -1))).toEqual([]);
    // 7 above the mean but only 0.86 above it (2.9 standard errors): could be chance, no shift.
    expect(rules([...base, 10.5, 11, 10.6, 11.2, 10.8, 11, 10.9])).toEqual([]);
    // Below counts the same way.
    const down = Spc.mdc(seven.map((v) => 20 - v)).signals;
    expect(down).toMatchObject([{ rule: "shift", direction: "down", run: 7, beforePoints: 8 }]);
    expect(down[0]!.before).toBeCloseTo(10, 9);
    expect(down[0]!.runMean).toBeCloseTo(7.6, 9);
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
    // 17 points 10 11 10 … 10, then 13.2 10.5, judged at 13.2: the baseline is the 19 before it, mean
    // 201.7/19 = 10.616, mean moving range 21.9/18 = 1.217; the 2-sigma line is 12.77 (13.2 is above it
    // twice) and the upper limit 13.85 (not reached).
    const base = Array.from({ length: 17 }, (_, i) => (i % 2 ? 11 : 10));
    const s = Spc.mdc([...base, 13.2, 10.5, 13.2]);
    expect(s.baseline!.upper2).toBeCloseTo(201.7 / 19 + (2 / 3) * 2.66 * (21.9 / 18), 6);
    expect(s.signals).toEqual([{ rule: "two-of-three", direction: "up", run: 2, latest: 13.2 }]);
    // Only one of the three is beyond it: nothing.
    expect(rules([...base, 12, 10.5, 13.2])).not.toContain("two-of-three");
  });
});

describe("signals classified by polarity, in plain words with the numbers", () => {
  const judge = judgeTestshire;
  const worsening = [20.5, 20.2, 20.4, 20, 22, 24, 26, 28, 30, 32, 34];

  it("a rise in re-referrals (lower is better) is a concern, and its words say 7 quarters", () => {
    // The 10 points before the latest: mean 242.7/10 = 24.27; the trend inside them makes their sd large
    // (5.05), so the limits are wide (2% to 46.7%): the trend rule, not the limit, is what catches it.
    const { signals, judgement } = judge("re-referrals", worsening);
    const trend = signals.find((s) => s.rule === "spc-trend")!;
    expect(trend).toMatchObject({ variation: "concern", severity: "amber", indicator: "re-referrals" });
    expect(trend.explanation).toBe(
      "Testshire: re-referrals within 12 months has got worse 7 quarters in a row: each of the last 7 quarters higher than the one before, from 20% in July to September 2024 to 34% in April to June 2026 (its average over 10 baseline quarters is 24.3%, with process limits 2% to 46.7%).",
    );
    expect(trend.evidence).toMatchObject({ run: 8, from: 20, latest: 34 });
    expect(judgement).toMatchObject({ tooFew: false, points: 11, baselineFrom: "2023-Q4", baselineTo: "2026-Q1" });
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
