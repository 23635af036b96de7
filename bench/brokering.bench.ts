/**
 * Brokering at national scale: 153 LAs with about 3 needs each and about 2 offers each across
 * the 14 default themes, solved exactly (zero gap) by HiGHS in the solver thread.
 */
import { Matching, Region, Support } from "@riia/core";
import reference from "../packages/core/data/reference.json";
import { seededRandom } from "../local/seeded-random";

export async function benchBrokering() {
  const r = seededRandom(11);
  const themes = Region.DEFAULT_THEMES.map((t) => t.id);
  const codes = reference.regions.flatMap((x) => x.authorities.map((a) => a.code));
  const pickTheme = () => themes[Math.floor(r() * themes.length)]!;
  const needs = codes.flatMap((code) => {
    const mine = new Set<string>();
    while (mine.size < 3) mine.add(pickTheme());
    return [...mine].map((theme) => ({
      id: `${code}#${theme}`,
      authority: code,
      theme,
      priority: 2 + Math.floor(r() * 2),
    }));
  });
  const offers = codes.flatMap((code, i) =>
    [0, 1].map((k) => ({
      id: `o${i}-${k}`,
      authority: code,
      theme: pickTheme(),
      capacity: 1 + Math.floor(r() * 3),
      strength: 1 + Math.floor(r() * 3),
    })),
  );
  const interest = needs
    .filter(() => r() < 0.2)
    .map(
      (n) =>
        [n.id, offers.find((o) => o.theme === n.theme && o.authority !== n.authority)?.id ?? "none"] as [
          string,
          string,
        ],
    );
  await Matching.warmUp();
  const solved = await Support.solveBrokering({ needs, offers, interest });
  return {
    needs: needs.length,
    offers: offers.length,
    covered: solved.pairs.length,
    nationalMs: Math.round(solved.ms),
    gap: solved.optimal ? 0 : null,
  };
}
