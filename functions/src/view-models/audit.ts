/** The cycle's audit trail, filtered by LA, step and person, for the page and the CSV export. */
import { Access, Audit, Cycle, Region, type Deps } from "@riia/core";
import { govukDate } from "./dates";
import { STEP_LABELS } from "./labels";
import { named, namesOf } from "./names";

export interface AuditFilter {
  authority?: string;
  step?: string;
  person?: string;
}

const MAX_ENTRIES = 5000;

async function allEntries(deps: Deps, cycleId: string) {
  const out: Audit.AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await Audit.listForScope(deps, Audit.cycleScope(cycleId), { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor && out.length < MAX_ENTRIES);
  return out;
}

const stepOf = (e: Audit.AuditEntry) =>
  Region.STEPS.find((s) => e.entity.id.includes(`/${s}/`) || e.summary.includes(s) || e.entity.id.includes(`.${s}.`));

/** Entries of a cycle matching the filter, newest first. */
export async function auditEntries(deps: Deps, who: Access.Principal, cycleId: string, filter: AuditFilter) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const entries = (await allEntries(deps, cycleId)).filter(
    (e) =>
      (!filter.authority || e.authority === filter.authority) &&
      (!filter.step || stepOf(e) === filter.step) &&
      (!filter.person || e.actor.id === filter.person),
  );
  return { cycle, entries };
}

export async function auditModel(deps: Deps, who: Access.Principal, cycleId: string, filter: AuditFilter) {
  const { cycle, entries } = await auditEntries(deps, who, cycleId, filter);
  const [region, las, everything] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    allEntries(deps, cycleId),
  ]);
  const name = (code?: string) => (code ? (las.find((l) => l.code === code)?.name ?? code) : "–");
  const people = new Map(everything.map((e) => [e.actor.id, e.actor.name ?? e.actor.id]));
  const known = await namesOf(deps, cycle.regionId);
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
  return {
    title: "Audit trail",
    regionName: region.name,
    base: `/lead/cycles/${cycleId}`,
    csvHref: `/lead/cycles/${cycleId}/audit.csv${query ? `?${query}` : ""}`,
    count: entries.length,
    authorityItems: [
      { value: "", text: "All" },
      ...las.map((l) => ({ value: l.code, text: l.name, selected: l.code === filter.authority })),
    ],
    stepItems: [
      { value: "", text: "All" },
      ...Region.STEPS.map((s) => ({ value: s, text: STEP_LABELS[s], selected: s === filter.step })),
    ],
    personItems: [
      { value: "", text: "All" },
      ...[...people].map(([id, n]) => ({ value: id, text: n, selected: id === filter.person })),
    ],
    rows: entries.map((e) => [
      { text: govukDate(e.at) },
      { text: e.actor.name ?? e.actor.id },
      { text: name(e.authority) },
      {
        text: (() => {
          const s = stepOf(e);
          return s ? STEP_LABELS[s] : "–";
        })(),
      },
      { text: named(e.summary, known.las, known.people) },
    ]),
  };
}
