/**
 * Impact across the nine regions by theme of support: for each theme, how many brokered solutions have aims, how
 * many have ended, what happened next (the verdicts) and what the receiving LAs said. One query per region.
 */
import { Region } from "../directory";
import type { Deps } from "../shared";
import { outcomes } from "./outcomes";
import { list } from "./solutions";
import type { Verdict } from "./verdict";

export interface ThemeImpact {
  theme: string;
  label: string;
  regions: { name: string; solutions: number }[];
  solutions: number;
  ended: number;
  verdicts: Record<Verdict, number>;
  feedback: number;
  /** Average usefulness (1–5) over the theme's feedback. */
  useful?: number;
}

export async function nationalImpact(deps: Pick<Deps, "store">, now: Date): Promise<ThemeImpact[]> {
  const regions = await Region.list(deps);
  const byTheme = new Map<string, ThemeImpact & { usefulSum: number }>();
  for (const region of regions) {
    const solutions = (await list(deps, region.id)).filter((s) => s.status === "active");
    for (const s of solutions) {
      const label = region.settings.themes.find((t) => t.id === s.theme)?.label ?? s.theme;
      const t = byTheme.get(s.theme) ?? {
        theme: s.theme,
        label,
        regions: [],
        solutions: 0,
        ended: 0,
        verdicts: { improved: 0, "no-change": 0, worsened: 0, "too-early": 0 },
        feedback: 0,
        usefulSum: 0,
      };
      t.solutions++;
      const r = t.regions.find((x) => x.name === region.name);
      if (r) r.solutions++;
      else t.regions.push({ name: region.name, solutions: 1 });
      if (`${s.endsOn}T23:59:59Z` <= now.toISOString()) {
        t.ended++;
        const v = s.indicators.length ? (await outcomes(deps, s, now)).verdict : undefined;
        if (v) t.verdicts[v]++;
      }
      t.feedback += s.feedback.length;
      t.usefulSum += s.feedback.reduce((a, f) => a + f.useful, 0);
      byTheme.set(s.theme, t);
    }
  }
  return [...byTheme.values()]
    .sort((a, b) => b.solutions - a.solutions || a.label.localeCompare(b.label))
    .map(({ usefulSum, ...t }) => ({
      ...t,
      ...(t.feedback ? { useful: Math.round((usefulSum / t.feedback) * 10) / 10 } : {}),
    }));
}
