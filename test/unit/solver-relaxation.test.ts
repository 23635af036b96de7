/**
 * Integer models are first solved as their relaxation (packages/core/src/solver/highs.ts): a whole-numbered optimum
 * of the relaxation is taken without a branch-and-bound search. Both ways must reach the brute-force optimum on
 * small pools, and the same optimum as the search alone on region-sized ones.
 */
import { describe, expect, it } from "vitest";
import { Matching } from "@riia/core";
import { solveModel } from "../../packages/core/src/solver/highs";
import { seededRandom } from "../../local/seeded-random";

const THEMES = ["workforce", "front-door", "care-leavers", "sufficiency", "send", "exploitation", "voice", "youth"];

function pool(seed: number, n: number, k: number): Matching.AssignmentInstance {
  const r = seededRandom(seed);
  const authorities = Array.from({ length: n }, (_, i) => `LA${i}`);
  const shuffled = [...authorities].sort(() => r() - 0.5);
  return {
    authorities,
    k,
    conflicts: r() < 0.5 ? [[shuffled[0]!, shuffled[1]!]] : [],
    lastYear: shuffled.flatMap((a, i) => Array.from({ length: k }, (_, j) => [a, shuffled[(i + j + 1) % n]!])) as [
      string,
      string,
    ][],
    strengths: Object.fromEntries(authorities.map((a) => [a, THEMES.filter(() => r() < 0.3)])),
    areas: Object.fromEntries(authorities.map((a) => [a, THEMES.filter(() => r() < 0.3)])),
  };
}

/** The pairs a solved model chooses, after checking the columns are whole numbers. */
function pairsOf(built: Matching.AssignmentModel, colValue: Float64Array, inst: Matching.AssignmentInstance) {
  const pairs: [string, string][] = [];
  colValue.forEach((x, c) => {
    expect(x === 0 || x === 1).toBe(true);
    if (x === 1) pairs.push([inst.authorities[built.reviewer[c]!]!, inst.authorities[built.reviewee[c]!]!]);
  });
  return pairs;
}

describe("relaxation first, then search", () => {
  it("reaches the brute-force optimum either way on small pools, and both ways are taken", async () => {
    const proofs = new Set<string>();
    for (let seed = 1; seed <= 24; seed++) {
      const [n, k] = seed % 3 === 0 ? [7, 3] : [5 + (seed % 4), 2];
      const inst = pool(seed, n, k);
      const exact = Matching.bruteForce(inst);
      if (!exact) continue;
      const built = Matching.buildModel(inst);
      const solved = await solveModel(built.model);
      expect(solved.status).toBe("Optimal");
      proofs.add(solved.provedBy!);
      expect(Math.round(solved.objective)).toBe(exact.cost);
      const pairs = pairsOf(built, solved.colValue, inst);
      expect(Matching.violations(inst, pairs)).toEqual([]);
      for (const la of inst.authorities) {
        expect(pairs.filter(([r]) => r === la)).toHaveLength(k);
        expect(pairs.filter(([, e]) => e === la)).toHaveLength(k);
      }
    }
    expect([...proofs].sort()).toEqual(["relaxation", "search"]);
  }, 60_000);

  it("matches the search alone on region-sized pools", async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const inst = pool(100 + seed, 10 + ((seed * 7) % 24), 2 + (seed % 2));
      const built = Matching.buildModel(inst);
      const first = await solveModel(built.model);
      const search = await solveModel(built.model, 30, { relaxFirst: false });
      expect(search.provedBy).toBe("search");
      expect(first.status).toBe("Optimal");
      expect(first.objective).toBeCloseTo(search.objective, 6);
      expect(Matching.violations(inst, pairsOf(built, first.colValue, inst))).toEqual([]);
    }
  }, 60_000);
});

describe("pair costs", () => {
  it("are the base cost, plus the repeat penalty, less the capped reward per matched area, for every pair", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const inst = pool(200 + seed, 12, 2);
      // An area listed twice counts twice, and a theme nobody is strong in still counts nothing.
      inst.areas!.LA3 = ["workforce", "workforce", "send", "unrated-theme"];
      inst.strengths!.LA4 = ["workforce", "send", "voice", "youth", "front-door"];
      const repeats = new Set(inst.lastYear!.map(([r, e]) => `${r}|${e}`));
      const expected = (r: string, e: string) => {
        const matches = (inst.areas![e] ?? []).filter((t) => (inst.strengths![r] ?? []).includes(t)).length;
        return 100 + (repeats.has(`${r}|${e}`) ? 1000 : 0) - 15 * Math.min(matches, 4);
      };
      const built = Matching.buildModel(inst);
      built.model.colCost.forEach((cost, c) => {
        const [r, e] = [inst.authorities[built.reviewer[c]!]!, inst.authorities[built.reviewee[c]!]!];
        expect(cost).toBe(expected(r, e));
        expect(Matching.pairCost(inst, r, e)).toBe(cost);
      });
      expect(Matching.pairCost(inst, "LA4", "LA3")).toBe(expected("LA4", "LA3"));
      // workforce twice and send: three matches.
      expect(Matching.pairCost(inst, "LA4", "LA3") - (repeats.has("LA4|LA3") ? 1000 : 0)).toBe(55);
    }
  });
});
