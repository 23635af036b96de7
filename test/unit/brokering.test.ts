import { describe, expect, it } from "vitest";
import { Support } from "@riia/core";
import { seededRandom } from "../../local/seeded-random";

const THEMES = ["workforce", "front-door", "care-leavers"];

function instance(seed: number, las: number, needs: number, offers: number): Support.BrokerInstance {
  const r = seededRandom(seed);
  const la = () => `LA${Math.floor(r() * las)}`;
  const theme = () => THEMES[Math.floor(r() * THEMES.length)]!;
  return {
    needs: Array.from({ length: needs }, (_, i) => ({
      id: `n${i}`,
      authority: la(),
      theme: theme(),
      priority: 2 + Math.floor(r() * 2),
    })),
    offers: Array.from({ length: offers }, (_, i) => ({
      id: `o${i}`,
      authority: la(),
      theme: theme(),
      capacity: 1 + Math.floor(r() * 2),
      strength: 1 + Math.floor(r() * 3),
    })),
    interest: r() < 0.5 ? [["n0", "o0"]] : [],
  };
}

describe("brokering", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "finds the same optimum as brute force (seed %i), never matching an LA to itself or over capacity",
    async (seed) => {
      const inst = instance(seed, 5, 7, 4);
      const solved = await Support.solveBrokering(inst);
      expect(solved.value).toBe(Support.bruteForceBrokering(inst));
      for (const [i, j] of solved.pairs) {
        expect(inst.needs[i]!.theme).toBe(inst.offers[j]!.theme);
        expect(inst.needs[i]!.authority).not.toBe(inst.offers[j]!.authority);
      }
      inst.offers.forEach((o, j) =>
        expect(solved.pairs.filter(([, x]) => x === j).length).toBeLessThanOrEqual(o.capacity),
      );
      expect(new Set(solved.pairs.map(([i]) => i)).size).toBe(solved.pairs.length);
    },
  );

  it("prefers the strongest evidenced offer and spreads load across providers", async () => {
    const inst: Support.BrokerInstance = {
      needs: [
        { id: "a", authority: "A", theme: "workforce", priority: 2 },
        { id: "b", authority: "B", theme: "workforce", priority: 2 },
      ],
      offers: [
        { id: "weak", authority: "C", theme: "workforce", capacity: 2, strength: 1 },
        { id: "strong", authority: "D", theme: "workforce", capacity: 1, strength: 3 },
      ],
    };
    const solved = await Support.solveBrokering(inst);
    expect(solved.pairs).toHaveLength(2);
    expect(solved.pairs.map(([, j]) => inst.offers[j]!.id).sort()).toEqual(["strong", "weak"]);
  });
});
