/**
 * Large pools are solved on their cheapest pairs with a pricing proof (packages/core/src/solver/pricing.ts): the
 * answer must cost exactly what the whole model's optimum costs, and keep every rule.
 */
import { describe, expect, it } from "vitest";
import { Matching } from "@riia/core";
import { solveModel } from "../../packages/core/src/solver/highs";
import { solveByPricing } from "../../packages/core/src/solver/pricing";
import { seededRandom } from "../../local/seeded-random";

const THEMES = ["workforce", "front-door", "care-leavers", "sufficiency", "send", "exploitation", "voice", "youth"];

/** A pool of n LAs with uneven strengths (a few strong reviewers everyone wants), conflicts and last year's pairs. */
function pool(seed: number, n: number, k: number): Matching.AssignmentInstance {
  const r = seededRandom(seed);
  const authorities = Array.from({ length: n }, (_, i) => `LA${i}`);
  const shuffled = [...authorities].sort(() => r() - 0.5);
  return {
    authorities,
    k,
    conflicts: Array.from({ length: 6 }, () => [shuffled[Math.floor(r() * n)]!, shuffled[Math.floor(r() * n)]!]),
    lastYear: shuffled.flatMap((a, i) => Array.from({ length: k }, (_, j) => [a, shuffled[(i + j + 1) % n]!])) as [
      string,
      string,
    ][],
    strengths: Object.fromEntries(
      authorities.map((a, i) => [a, THEMES.filter(() => r() < (i % 7 === 0 ? 0.8 : 0.15))]),
    ),
    areas: Object.fromEntries(authorities.map((a) => [a, THEMES.filter(() => r() < 0.35)])),
  };
}

describe("assignment by pricing (pools above 40 LAs)", () => {
  it.each([
    [3, 48, 2],
    [11, 60, 3],
    [19, 75, 2],
  ])(
    "seed %i, %i LAs, k = %i: the whole model's optimum, every rule kept",
    async (seed, n, k) => {
      const inst = pool(seed, n, k);
      const solved = await Matching.solveAssignment(inst);
      // The reference is the branch-and-bound search on the whole model, not the relaxation shortcut.
      const whole = await solveModel(Matching.buildModel(inst).model, 30, { relaxFirst: false });
      expect(whole.status).toBe("Optimal");
      expect(solved.optimal).toBe(true);
      expect(solved.cost).toBe(Math.round(whole.objective));
      // The answer came from pricing itself, not from the fallback to the whole model.
      const priced = await solveByPricing(Matching.buildModel(inst), n, k, (m) => solveModel(m));
      expect(priced?.objective).toBe(whole.objective);
      expect(Matching.violations(inst, solved.pairs)).toEqual([]);
      for (const la of inst.authorities) {
        expect(solved.pairs.filter(([r]) => r === la)).toHaveLength(k);
        expect(solved.pairs.filter(([, e]) => e === la)).toHaveLength(k);
      }
    },
    60_000,
  );
});
