import { describe, expect, it } from "vitest";
import { Matching, ValidationError } from "@riia/core";
import { seededRandom } from "../../local/seeded-random";

const THEMES = ["workforce", "front-door", "care-leavers", "sufficiency", "send", "exploitation"];

function instance(seed: number, n: number, k: number): Matching.AssignmentInstance {
  const r = seededRandom(seed);
  const authorities = Array.from({ length: n }, (_, i) => `LA${i}`);
  const pick = () => THEMES.filter(() => r() < 0.35);
  const conflicts: [string, string][] = r() < 0.5 ? [[authorities[0]!, authorities[1]!]] : [];
  const lastYear: [string, string][] = authorities.map((a, i) => [a, authorities[(i + 1) % n]!]);
  return {
    authorities,
    k,
    conflicts,
    lastYear,
    strengths: Object.fromEntries(authorities.map((a) => [a, pick()])),
    areas: Object.fromEntries(authorities.map((a) => [a, pick()])),
  };
}

describe("assignment solver", () => {
  it.each([
    [1, 5, 2],
    [7, 6, 2],
    [8, 8, 2],
    [2, 5, 2],
    [3, 6, 2],
    [4, 7, 2],
    [5, 7, 3],
    [6, 4, 1],
  ])("matches brute force exactly (seed %i, %i LAs, k=%i) and breaks no rule", async (seed, n, k) => {
    const inst = instance(seed, n, k);
    const exact = Matching.bruteForce(inst);
    if (!exact) {
      // No assignment exists: the solver must say so, with a reason, rather than return one.
      await expect(Matching.solveAssignment(inst)).rejects.toBeInstanceOf(ValidationError);
      return;
    }
    const solved = await Matching.solveAssignment(inst);
    expect(solved.cost).toBe(exact.cost);
    expect(Matching.violations(inst, solved.pairs)).toEqual([]);
    for (const a of inst.authorities) {
      expect(solved.pairs.filter(([, e]) => e === a)).toHaveLength(k);
      expect(solved.pairs.filter(([r]) => r === a)).toHaveLength(k);
    }
  });

  it("prefers reviewers whose strengths match the reviewee's areas, and avoids last year's pairs", async () => {
    const inst: Matching.AssignmentInstance = {
      authorities: ["A", "B", "C", "D", "E"],
      k: 1,
      strengths: { C: ["workforce"] },
      areas: { A: ["workforce"] },
      lastYear: [["B", "A"]],
    };
    const solved = await Matching.solveAssignment(inst);
    expect(solved.pairs).toContainEqual(["C", "A"]);
    expect(solved.pairs).not.toContainEqual(["B", "A"]);
  });

  it("explains impossible inputs instead of timing out", async () => {
    const err = await Matching.solveAssignment({ authorities: ["A", "B", "C", "D"], k: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toBe(
      "With no reciprocal pairs, 2 reviewers per LA need at least 5 LAs in the pool; there are 4. Lower the number of reviewers per LA to 1 or add LAs.",
    );
    const conflicted = await Matching.solveAssignment({
      authorities: ["A", "B", "C", "D", "E"],
      k: 2,
      conflicts: [
        ["A", "B"],
        ["A", "C"],
        ["A", "D"],
      ],
    }).catch((e: unknown) => e);
    expect((conflicted as ValidationError).issues.map((i) => i.message)).toContain(
      "A has only 1 possible reviewer after conflicts; it needs 2.",
    );
    const tight = await Matching.solveAssignment({
      authorities: ["A", "B", "C", "D", "E"],
      k: 2,
      conflicts: [["A", "B"]],
    }).catch((e: unknown) => e);
    expect((tight as ValidationError).issues[0]!.message).toMatch(
      /need 10 pairs of LAs that can review one way; after 1 declared conflict only 9 remain/,
    );
  });
});
