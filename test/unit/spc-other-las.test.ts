/**
 * Evidence from other LAs, for the rules on one LA's series: how much an indicator's figures
 * ordinarily move from quarter to quarter (so 11 quarters are not judged on 2 to 4 alone), and a
 * change every LA shares (a national one), which must not flag every LA. Worked examples.
 */
import { describe, expect, it } from "vitest";
import { Benchmarks, DatasetRules, EarlyWarning, Indicators, Quarters, Spc } from "@riia/core";
import { seededRandom } from "../../local/seeded-random";
import { noiseOf, trigamma, digamma } from "../../packages/core/src/dataset/noise-prior";

describe("the typical spread of an indicator across LAs (noise-prior.ts)", () => {
  it("learns the relative spread LAs share, and counts it as many quarters of evidence only when they agree", () => {
    // Each LA alternates 3 % above and below its own level: steps of 6 % each way, from which von Neumann's
    // estimate of the relative sd is 6 % / √2 = 4.2 % (a little more once corrected for 8 quarters).
    const alike = [80, 100, 120, 150, 90, 110, 130, 70, 60, 200].map((level) =>
      Array.from({ length: 8 }, (_, i) => level * (i % 2 ? 1.03 : 0.97)),
    );
    const n = noiseOf(alike)!;
    expect(n.las).toBe(10);
    expect(n.df).toBe(40); // all alike: the most it may count as
    expect(n.cv).toBeGreaterThan(0.042);
    expect(n.cv).toBeLessThan(0.05);
    // LAs whose spreads differ from 1 % to 30 %: the typical spread would be worth under 4 quarters, and would
    // pull a quiet LA's yardstick far up (a noisy one's down), so it is not used at all.
    const unlike = [0.01, 0.3, 0.02, 0.2, 0.05, 0.15, 0.01, 0.25, 0.03, 0.3].map((c) =>
      Array.from({ length: 8 }, (_, i) => 100 * (i % 2 ? 1 + c : 1 - c)),
    );
    expect(noiseOf(unlike)).toBeNull();
    // Fewer than 8 LAs with 4 or more quarters: nothing learnt.
    expect(noiseOf(alike.slice(0, 7))).toBeNull();
    // The special functions it rests on: ψ(1) = −γ, ψ′(1) = π²/6.
    expect(digamma(1)).toBeCloseTo(-0.5772157, 6);
    expect(trigamma(1)).toBeCloseTo(Math.PI ** 2 / 6, 6);
  });

  it("an 11-quarter series: a step of about 3 sd held 7 quarters is told from chance only with the other LAs' evidence", () => {
    // Before: 100 104 96 100 (mean 100); the run: 107 111 104 109 111 105 108 (mean 107.86); squares about
    // their means 76.86 in all. Alone: sd √(76.86/9) = 2.92, t = 7.86 / (2.92 × √(1/7 + 1/4)) = 4.29 on 9
    // degrees of freedom, short of the 4.78 that 1 in 2,000 needs (1 in 1,000 shared by the 2 run lengths tried).
    const series = [100, 104, 96, 100, 107, 111, 104, 109, 111, 105, 108];
    expect(Spc.shiftAt(series)).toBeNull();
    // Other LAs' figures move 2.7 % from quarter to quarter (2.835 at this LA's level of 105), worth 40
    // quarters: sd √((76.86 + 40 × 2.835²) / 49) = 2.85, t = 7.86 / (2.85 × 0.627) = 4.40 on 49, beyond 3.50.
    const noise = { cv: 0.027, df: 40, las: 12 };
    expect(Spc.shiftAt(series, 0, noise)).toMatchObject({ rule: "shift", direction: "up", run: 7, before: 100 });
    // A steady series with the same evidence: nothing.
    expect(Spc.mdc([100, 104, 97, 99, 101, 98, 103, 100, 102, 97, 101], 0, noise).signals).toEqual([]);
    // The limits say what they rest on.
    const b = Spc.mdc(series, 0, noise).baseline!;
    expect(b).toMatchObject({ priorDf: 40 });
    expect(b.typicalSd).toBeCloseTo(0.027 * b.mean, 6);
    const ind = Indicators.DEFAULT_INDICATORS.find((i) => i.id === "referrals-rate")!;
    expect(EarlyWarning.typicalSpreadWords(b, (x) => Indicators.formatValue(ind, x))).toContain(
      "how much other LAs' figures for this indicator move from quarter to quarter",
    );
  });
});

describe("a change every LA shares (shared-change.ts)", () => {
  const catalogue = Indicators.DEFAULT_INDICATORS;
  const ind = catalogue.find((i) => i.id === "re-referrals")!;
  const quarters = Quarters.window("2026-Q2", 11);
  const settings = DatasetRules.DEFAULT_SETTINGS;

  /** 14 LAs' re-referrals (lower is better): each its own level, 1 % noise, all 10 % higher for the last 8 quarters; one LA 25 %. */
  function world() {
    const rand = seededRandom(27);
    const data = new Map<string, Map<string, Benchmarks.Values>>();
    for (let j = 0; j < 14; j++) {
      const level = 18 + 0.5 * j;
      const own = j === 0 ? 1.25 : 1.1;
      data.set(
        `E${j}`,
        new Map(
          quarters.map((q, i) => [
            q,
            {
              [ind.id]:
                Math.round(10 * level * (i >= 3 ? own : 1) * (1 + 0.01 * (rand() + rand() + rand() - 1.5))) / 10,
            },
          ]),
        ),
      );
    }
    const summaries = new Map(
      quarters.map((q) => [
        q,
        Benchmarks.summarise(
          q,
          catalogue,
          [...data].map(([authority, m]) => ({ authority, regionId: "r", values: m.get(q)! })),
        ),
      ]),
    );
    const las = [...data.keys()].map((code) => ({ code, name: code, regionId: "r", neighbours: [] }));
    return EarlyWarning.evaluate({ catalogue, quarters, summaries, data }, las, settings.rules, { mou: settings.mou });
  }

  it("is shown as a shared change on each LA's chart, opening no concern; an LA that moved far more still opens one", () => {
    const results = world();
    const shifts = (code: string) =>
      results
        .find((r) => r.authority === code)!
        .signals.filter((s) => s.indicator === ind.id && s.rule === "spc-shift");
    // Each LA's own chart does shift up 10 %: shown, as a change the LAs share.
    const shared = results.slice(1).flatMap((r) => shifts(r.authority));
    expect(shared.length).toBeGreaterThan(6);
    for (const s of shared) {
      expect(s).toMatchObject({ variation: "neither", severity: "info" });
      expect(s.explanation).toMatch(
        /But the 14 LAs judged with it moved the same way: over the same quarters the typical LA's re-referrals within 12 months went (8|9|10|11)(\.\d)?% up/,
      );
      expect(s.explanation).toContain("shown here, but it opens no concern");
    }
    for (const r of results.slice(1)) expect(EarlyWarning.reasons(r.signals, catalogue, settings)).toEqual([]);
    // E0 went up 25 %: 14 % beyond the others, still a shift of concern, and a concern is opened for it.
    expect(shifts("E0")).toEqual([expect.objectContaining({ variation: "concern", severity: "amber" })]);
    expect(EarlyWarning.reasons(results[0]!.signals, catalogue, settings).map((r) => r.rule)).toContain("shift");
  });
});
