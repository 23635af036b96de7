/**
 * The possible shift: Making Data Count's own shift rule (a run of 7 on one side), which has no test
 * of chance. The product's shift must also clear a t test, so a concern is rarely opened by chance;
 * a run the t test cannot (yet) confirm is shown amber as a possible shift, opening no concern under
 * the default MoU. Worked by hand here.
 */
import { describe, expect, it } from "vitest";
import { DatasetRules, EarlyWarning, Indicators, Spc } from "@riia/core";
import { judgeTestshire } from "./testshire";

const judge = judgeTestshire;
const why = (signals: EarlyWarning.Signal[], settings = DatasetRules.DEFAULT_SETTINGS) =>
  EarlyWarning.reasons(signals, Indicators.DEFAULT_INDICATORS, settings).map((r) => r.rule);

// 4 quarters around 20, then 7 a little above 20 (21 on average).
const before = [20, 21, 19, 20];
const small = [...before, 21, 20.5, 21.5, 20.8, 21.2, 20.6, 21.4];
// The same, 5 above instead of 1.
const big = [...before, ...small.slice(4).map((v) => v + 4)];

describe("a run of 7 on one side that chance could still explain: an amber possible shift", () => {
  it("7 quarters above the average of the 4 before, not significant: a possible shift, no shift", () => {
    // The 4 before average 20 (squares about it 0 + 1 + 1 + 0 = 2); the 7 average 21 (squares 0.9). Pooled
    // sd √(2.9 / 9) = 0.568, so t = 1 / (0.568 × √(1/7 + 1/4)) = 2.81: under the shift test's 4.6 (1 in 500
    // shared by the 3 run lengths possible, 9 degrees of freedom), over the possible shift's 2.51 (1 in 20
    // shared by 3: 1 in 60). Runs of 8 and 9 are not on one side (20 and 19 are not above the average of
    // the points before them).
    expect(Spc.shiftAt(small)).toBeNull();
    const run = Spc.runAt(small)!;
    expect(run).toMatchObject({ rule: "run", direction: "up", run: 7, beforePoints: 4, latest: 21.4 });
    expect(run.before).toBeCloseTo(20, 9);
    expect(run.runMean).toBeCloseTo(21, 9);
    expect(Spc.mdc(small).signals.map((s) => s.rule)).toEqual(["run"]);
  });

  it("in re-referrals (lower is better) it is amber, of concern, in words with the numbers, and opens no concern by default", () => {
    const { signals } = judge("re-referrals", small);
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    expect(s).toMatchObject({ rule: "spc-run", variation: "concern", severity: "amber" });
    expect(s.evidence).toMatchObject({ direction: "up", run: 7, beforeQuarters: 4, latest: 21.4 });
    expect(s.explanation).toMatch(
      /^Testshire: re-referrals within 12 months has been above the average of the 4 quarters before them \(20%\) for 7 quarters in a row, at 21% on average; it is 21.4% in April to June 2026\. A possible shift, not yet clear of chance: a run of 7 on one side is Making Data Count's sign of a shift, and a step this size over these quarters comes by chance less than 1 time in 20, but a shift is confirmed only at 1 time in 500, as an LA has many charts \(its average over 10 baseline quarters is 20.6%, with process limits [\d.]+% to [\d.]+%\)\.$/,
    );
    expect(why(signals)).toEqual([]);
    // Not counted by the older trigger either (it counts only signals outside the MoU's rules).
    const trigger = { enabled: true, redInTheme: 1, signalsInTheme: 1 };
    expect(EarlyWarning.triggered([s, s, s], trigger)).toEqual([]);
    expect(why([s, s, s], { ...DatasetRules.DEFAULT_SETTINGS, trigger })).toEqual([]);
  });

  it("a region may opt in on its rules: then the possible shift opens a concern", () => {
    const mou = { ...DatasetRules.DEFAULT_MOU, open: { ...DatasetRules.DEFAULT_MOU.open, run: true } };
    const { signals } = judge("re-referrals", small);
    expect(why(signals, { ...DatasetRules.DEFAULT_SETTINGS, mou })).toEqual(["run"]);
    // Rules saved before the possible shift existed read as off.
    const { run: _, ...older } = DatasetRules.DEFAULT_MOU.open;
    expect(DatasetRules.Mou.parse({ ...DatasetRules.DEFAULT_MOU, open: older }).open.run).toBe(false);
  });

  it("the same series with a big step is a shift (it opens a concern), and no possible shift beside it", () => {
    // Now the 7 average 25: t = 5 / (0.568 × 0.627) = 14, far past 4.6.
    expect(Spc.mdc(big).signals.map((s) => s.rule)).toEqual(["shift"]);
    const { signals } = judge("re-referrals", big);
    expect(signals.map((s) => s.rule)).toEqual(["spc-shift"]);
    expect(why(signals)).toEqual(["shift"]);
  });

  it("on the better side (care leavers in work or education: higher is better) it is an improvement, not a concern", () => {
    const { signals } = judge("care-leavers-eet", small);
    expect(signals).toMatchObject([{ rule: "spc-run", variation: "improvement", severity: "good" }]);
    expect(signals[0]!.explanation).toMatch(/not yet clear of chance.*If it holds, this is an improvement\.$/);
    expect(why(signals)).toEqual([]);
    // On an indicator with no better direction, neither.
    expect(
      judge(
        "referrals-rate",
        small.map((v) => v * 25),
      ).signals,
    ).toMatchObject([{ rule: "spc-run", variation: "neither", severity: "info" }]);
  });

  it("7 in a row barely above (t = 0.9) is not even a possible shift: MDC's plain run would be amber on most steady LAs", () => {
    // The 7 average 20.29, 0.29 above the 4 before; pooled sd √((2 + 0.174) / 9) = 0.49: t = 0.29 / (0.49 × 0.627) = 0.93.
    const tiny = [...before, 20.3, 20.1, 20.5, 20.2, 20.4, 20.1, 20.4];
    expect(Spc.runAt(tiny)).toBeNull();
    expect(Spc.mdc(tiny).signals).toEqual([]);
  });

  it("6 in a row is no run; a run that ended before the latest quarter is history", () => {
    expect(Spc.runAt(small.slice(0, -1))).toBeNull();
    expect(Spc.runAt([...small, 19.5])).toBeNull();
  });
});
