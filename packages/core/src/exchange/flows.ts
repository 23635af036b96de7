/** The national view of the exchange: requests between regions (by pair and state) and case studies published. */
import { Region } from "../directory";
import type { Deps } from "../shared";
import { caseStudies } from "./learning";
import { requestsOf, type RequestStatus } from "./requests";

export interface Flow {
  from: string;
  to: string;
  counts: Record<RequestStatus, number>;
}

const zero = (): Record<RequestStatus, number> => ({ requested: 0, agreed: 0, confirmed: 0, declined: 0 });

/** Every region's outgoing requests (one key query per region), summed by pair of regions. */
export async function flows(deps: Pick<Deps, "store">) {
  const regions = await Region.list(deps);
  const outgoing = (await Promise.all(regions.map((r) => requestsOf(deps, r.id)))).flatMap((x) => x.outgoing);
  const pairs = new Map<string, Flow>();
  const totals = zero();
  for (const r of outgoing) {
    const key = `${r.from.regionName}|${r.to.regionName}`;
    const flow = pairs.get(key) ?? { from: r.from.regionName, to: r.to.regionName, counts: zero() };
    flow.counts[r.status]++;
    totals[r.status]++;
    pairs.set(key, flow);
  }
  const studies = await caseStudies(deps, {});
  return {
    flows: [...pairs.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    totals,
    caseStudies: studies.length,
    caseStudiesByRegion: [...new Set(studies.map((s) => s.regionName))].map((name) => ({
      name,
      count: studies.filter((s) => s.regionName === name).length,
    })),
  };
}
