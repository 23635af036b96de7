/**
 * Names written into a region's working records as who did what: a concern's history and response (`by`), a plan
 * response's progress notes, an impact solution's feedback and notes, a dataset round's returns, a review draft's
 * author, a recommendation's answer (`byName`). These live in a few partitions per region and per cycle, so erasure
 * reads those partitions (one query each, never a Scan) and rewrites the person's name and address wherever it
 * appears; the records stay, as the region's work. Subject access lists the same records.
 */
import { Keys, queryAll, type Deps, type Item } from "../shared";
import { rewrittenFields, withoutKeys } from "./rewrite";

const regionPartitions = (regionId: string) => [
  Keys.concernsOf(regionId),
  Keys.impactOfRegion(regionId),
  Keys.datasetRoundsOf(regionId),
];
const cyclePartitions = (cycleId: string) => [
  Keys.tasksOfCycle(cycleId),
  Keys.reviewsOfCycle(cycleId),
  Keys.planProgressOf(cycleId),
  Keys.needsOfCycle(cycleId),
  Keys.offersOfCycle(cycleId),
  Keys.interestsOfCycle(cycleId),
  Keys.brokeragesOfCycle(cycleId),
  Keys.plansOfCycle(cycleId),
];

/** The records in these regions' and cycles' partitions that hold the person's name or address. */
async function naming(
  deps: Pick<Deps, "store">,
  person: { name: string; email: string },
  where: { regionIds: string[]; cycleIds: string[] },
) {
  const pks = [...new Set([...where.regionIds.flatMap(regionPartitions), ...where.cycleIds.flatMap(cyclePartitions)])];
  const words = [person.email.toLowerCase(), ...(person.name.length >= 2 ? [person.name.toLowerCase()] : [])];
  const out: Item[] = [];
  for (const pk of pks)
    for (const item of await queryAll<Item>(deps.store, { pk })) {
      const text = JSON.stringify(withoutKeys(item)).toLowerCase();
      if (words.some((w) => text.includes(w))) out.push(item);
    }
  return out;
}

export async function listInRegions(...args: Parameters<typeof naming>) {
  return (await naming(...args)).map((item) => ({ record: String(item.kind ?? "record"), ...withoutKeys(item) }));
}

/** Rewrite the person out of every such record (`fix` replaces their name and address). Returns how many changed. */
export async function eraseInRegions(fix: (v: unknown) => unknown, ...args: Parameters<typeof naming>) {
  let changed = 0;
  for (const item of await naming(...args)) {
    const set = rewrittenFields(item, fix);
    if (!Object.keys(set).length) continue;
    await args[0].store.update({ pk: item.pk, sk: item.sk }, { set });
    changed++;
  }
  return changed;
}
