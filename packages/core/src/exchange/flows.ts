/** The national view of the exchange: requests between regions (by pair and state) and case studies published. */
import { Region } from "../directory";
import type { Deps } from "../shared";
import { caseStudies } from "./learning";
import { requestsOf, type RequestStatus } from "./requests";
import { crossRegionReviews } from "./reviewers";

/** Reviews asked of one region's reviewers by another region (the reviewed LA's region is `to`). */
export interface ReviewFlow {
  /** The reviewer's region. */
  from: string;
  /** The reviewed LA's region. */
  to: string;
  asked: number;
  accepted: number;
  declined: number;
}

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
  const reviews = reviewFlows(await crossRegionReviews(deps), new Map(regions.map((r) => [r.id, r.name])));
  return {
    flows: [...pairs.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    totals,
    reviews,
    crossRegionReviews: reviews.reduce((n, r) => n + r.asked, 0),
    caseStudies: studies.length,
    caseStudiesByRegion: [...new Set(studies.map((s) => s.regionName))].map((name) => ({
      name,
      count: studies.filter((s) => s.regionName === name).length,
    })),
  };
}

/** Cross-region reviews summed by pair of regions (a declined one still counts as asked). */
function reviewFlows(list: Awaited<ReturnType<typeof crossRegionReviews>>, names: Map<string, string>): ReviewFlow[] {
  const pairs = new Map<string, ReviewFlow>();
  for (const a of list) {
    if (!a.crossRegion) continue;
    const from = names.get(a.crossRegion.regionId) ?? a.crossRegion.regionId;
    const to = names.get(a.regionId) ?? a.regionId;
    const flow = pairs.get(`${from}|${to}`) ?? { from, to, asked: 0, accepted: 0, declined: 0 };
    flow.asked++;
    if (a.status === "accepted") flow.accepted++;
    if (a.status === "declined") flow.declined++;
    pairs.set(`${from}|${to}`, flow);
  }
  return [...pairs.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
