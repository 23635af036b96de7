/** The cycle's audit trail, filtered by LA, step and person, for the page and the CSV export. */
import { Access, Audit, Cycle, Region, type Deps } from "@riia/core";
import { govukDate } from "./dates";
import { STEP_LABELS } from "./labels";
import { named, namesOf } from "./names";
import { paginate } from "./pagination";

export interface AuditFilter {
  authority?: string;
  step?: string;
  person?: string;
  /** What was done: the entry's action ("step.open"), shown as words. */
  kind?: string;
}

/** Entries shown on one page of the audit trail. */
export const AUDIT_PER_PAGE = 50;

/** An action as words: "task.waive" → "Task waive". */
const kindWords = (action: string) => {
  const words = action.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

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
      (!filter.person || e.actor.id === filter.person) &&
      (!filter.kind || e.action === filter.kind),
  );
  return { cycle, entries };
}

export async function auditModel(
  deps: Deps,
  who: Access.Principal,
  cycleId: string,
  filter: AuditFilter,
  pageAsked?: string,
) {
  const { cycle, entries: all } = await auditEntries(deps, who, cycleId, filter);
  const paged = paginate(all, pageAsked, AUDIT_PER_PAGE, `/lead/cycles/${cycleId}/audit`, { ...filter });
  const entries = paged.items;
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
    count: all.length,
    showing: paged.showing,
    pagination: paged.pagination,
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
    kindItems: [
      { value: "", text: "All" },
      ...[...new Set(everything.map((e) => e.action))]
        .sort()
        .map((k) => ({ value: k, text: kindWords(k), selected: k === filter.kind })),
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
