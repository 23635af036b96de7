/**
 * What happened next: for each indicator a solution aimed at, the receiving LA's quarters before and since its start,
 * its statistical neighbours' average over the same quarters, and the verdict (verdict.ts). The neighbours are the
 * LA's recorded statistical neighbours, or, when none are recorded, the other LAs of its region (said so on the page).
 */
import { DatasetStore, Quarters, type Indicators } from "../dataset";
import { Region } from "../directory";
import { Keys, type Deps } from "../shared";
import type { Solution } from "./solutions";
import { judge, overall, MAX_BEFORE, type Judgement, type Verdict } from "./verdict";

export interface IndicatorOutcome extends Judgement {
  indicator: Indicators.Indicator;
  quarters: string[];
  own: (number | null)[];
  neighbours: (number | null)[];
  startQuarter: string;
  endQuarter: string;
  /** Mean after the start minus mean before, for the LA and for its neighbours' average. */
  ownChange?: number;
  neighbourChange?: number;
}

export interface Outcome {
  indicators: IndicatorOutcome[];
  verdict?: Verdict;
  neighbourBasis: "statistical" | "region";
  neighbourCount: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
const nums = (xs: (number | null)[]) => xs.filter((v): v is number => v !== null);

/** The quarters shown: 8 before the start's quarter, up to the last quarter ended (at least up to the start). */
export function quartersOf(s: Pick<Solution, "startsOn">, now: Date) {
  const startQuarter = Quarters.containing(new Date(`${s.startsOn}T00:00:00Z`));
  const last = Quarters.lastEnded(now);
  const first = Quarters.shift(startQuarter, -MAX_BEFORE);
  const quarters: string[] = [];
  for (let q = first; q <= last || q < startQuarter; q = Quarters.shift(q, 1)) quarters.push(q);
  return { quarters, startQuarter };
}

async function neighboursOf(deps: Pick<Deps, "store">, la: Region.Authority) {
  if (la.statisticalNeighbours?.length) {
    const items = await deps.store.batchGet<Region.Authority>(la.statisticalNeighbours.map((c) => Keys.authority(c)));
    return { list: items, basis: "statistical" as const };
  }
  const region = await Region.authorities(deps, la.regionId);
  return { list: region.filter((a) => a.code !== la.code), basis: "region" as const };
}

/** Every aimed indicator's figures and verdict, read from the dataset as it stands at `now`. */
export async function outcomes(deps: Pick<Deps, "store">, s: Solution, now: Date): Promise<Outcome> {
  const la = await Region.authority(deps, s.authority);
  const { quarters, startQuarter } = quartersOf(s, now);
  const endQuarter = Quarters.containing(new Date(`${s.endsOn}T00:00:00Z`));
  const [{ list, basis }, catalogue] = await Promise.all([
    neighboursOf(deps, la),
    DatasetStore.catalogue(deps, s.regionId),
  ]);
  const everyone = [la, ...list];
  const rows = await deps.store.batchGet<DatasetStore.ValuesItem>(
    everyone.flatMap((a) => quarters.map((q) => Keys.datasetValues(a.regionId, q, a.code))),
  );
  const at = new Map(rows.map((r) => [`${r.authority}|${r.quarter}`, r.values]));
  const indicators = s.indicators.flatMap((id) => {
    const indicator = catalogue.indicators.find((i) => i.id === id);
    if (!indicator || indicator.polarity === "neither") return [];
    const value = (code: string, q: string) => {
      const v = at.get(`${code}|${q}`)?.[id];
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    };
    const own = quarters.map((q) => value(la.code, q));
    const neighbours = quarters.map((q) => {
      const m = mean(nums(list.map((n) => value(n.code, q))));
      return m === undefined ? null : Math.round(m * 10) / 10;
    });
    const split = quarters.indexOf(startQuarter);
    const j = judge(nums(own.slice(0, split)), nums(own.slice(split)), indicator.polarity);
    const change = (xs: (number | null)[]) => {
      const [b, a] = [mean(nums(xs.slice(0, split))), mean(nums(xs.slice(split)))];
      return a === undefined || b === undefined ? undefined : Math.round((a - b) * 10) / 10;
    };
    const out: IndicatorOutcome = {
      ...j,
      indicator,
      quarters,
      own,
      neighbours,
      startQuarter,
      endQuarter,
      ...(j.verdict !== "too-early" ? { ownChange: change(own), neighbourChange: change(neighbours) } : {}),
    };
    return [out];
  });
  return {
    indicators,
    verdict: overall(indicators.map((i) => i.verdict)),
    neighbourBasis: basis,
    neighbourCount: list.length,
  };
}
