/**
 * The national read model: the nine regions side by side for DfE and LGA advisers and the national coordinator.
 * Read-only. Every read is a query by keys (regions, then per region its latest cycle, tasks, submissions, needs,
 * offers, concerns and authorities), so its cost grows with the regions' own data, never with the whole table.
 */
import { Cycle, type Tasks } from "../cycle";
import { Concerns } from "../concerns";
import { Region } from "../directory";
import type { Deps } from "../shared";
import { Support } from "../support";
import { Workflow } from "../workflow";

/** Tasks in each state: the dashboard's own counts. */
export type StateCounts = Workflow.StepCounts;

export interface RegionSummary {
  regionId: string;
  name: string;
  authorities: number;
  /** The region's latest cycle; absent when it has none yet. */
  cycle?: { id: string; year: number };
  steps: { step: Region.Step; state: Cycle.Phase["state"]; deadline: string; counts: StateCounts; total: number }[];
  totals: StateCounts;
  openConcerns: number;
  /** Concerns that have gone past the DCS on the MoU ladder. */
  escalatedConcerns: number;
  /** Themes needed by at least the region's common-priority threshold of LAs. */
  priorities: { theme: string; label: string; authorities: number }[];
  needs: { theme: string; authorities: number }[];
  offers: { theme: string; label: string; authority: string; description: string; capacity: number }[];
}

export interface SharedPriority {
  theme: string;
  label: string;
  regions: { regionId: string; name: string; authorities: number }[];
}

export interface ShareableOffer {
  theme: string;
  label: string;
  from: { regionId: string; name: string; authority: string; description: string; capacity: number };
  /** Regions whose LAs need this theme but whose own menu offers nothing for it. */
  to: { regionId: string; name: string; authorities: number }[];
}

export interface NationalView {
  regions: RegionSummary[];
  sharedPriorities: SharedPriority[];
  shareableOffers: ShareableOffer[];
}

const isOpen = (c: Concerns.Concern) => c.status !== "closed";

/** A region's open concerns, as the dashboard's concerns slot wants them (newest first). */
export async function openConcerns(deps: Pick<Deps, "store">, regionId: string): ReturnType<Workflow.ConcernSource> {
  const all = await Concerns.list(deps, regionId);
  return all
    .filter(isOpen)
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
    .map((c) => ({
      id: c.id,
      regionId: c.regionId,
      authority: c.authority,
      name: c.authorityName,
      summary: `${Concerns.STATUS_LABELS[c.status]}: ${c.evidence[0] ?? Concerns.SOURCE_LABELS[c.source]}`,
      raisedAt: c.openedAt,
    }));
}

function stepsOf(cycle: Cycle.Cycle, tasks: Tasks.Task[]) {
  return cycle.phases.map((p) => {
    const mine = tasks.filter((t) => t.step === p.step);
    return {
      step: p.step,
      state: p.state,
      deadline: p.deadline,
      counts: Workflow.countStates(mine),
      total: mine.length,
    };
  });
}

function byTheme(needs: Support.Need[]) {
  const found = new Map<string, Set<string>>();
  for (const n of needs) found.set(n.theme, (found.get(n.theme) ?? new Set()).add(n.authority));
  return [...found.entries()]
    .map(([theme, set]) => ({ theme, authorities: set.size }))
    .sort((a, b) => b.authorities - a.authorities || a.theme.localeCompare(b.theme));
}

async function regionSummary(deps: Pick<Deps, "store">, region: Region.Region): Promise<RegionSummary> {
  const [cycles, las, concerns] = await Promise.all([
    Cycle.listForRegion(deps, region.id),
    Region.authorities(deps, region.id),
    Concerns.list(deps, region.id),
  ]);
  const cycle = cycles[0];
  const [tasks, needs, offers] = cycle
    ? await Promise.all([
        Workflow.taskStates(deps, cycle),
        Support.needs(deps, cycle.id),
        Support.offers(deps, cycle.id),
      ])
    : [[], [], []];
  const label = (theme: string) => region.settings.themes.find((t) => t.id === theme)?.label ?? theme;
  const laName = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const steps = cycle ? stepsOf(cycle, tasks) : [];
  const totals = Workflow.countStates(tasks);
  const open = concerns.filter(isOpen);
  const themes = byTheme(needs);
  return {
    regionId: region.id,
    name: region.name,
    authorities: las.length,
    ...(cycle ? { cycle: { id: cycle.id, year: cycle.year } } : {}),
    steps,
    totals,
    openConcerns: open.length,
    escalatedConcerns: open.filter((c) => c.level > 0).length,
    priorities: themes
      .filter((t) => t.authorities >= region.settings.commonPriorityThreshold)
      .map((t) => ({ ...t, label: label(t.theme) })),
    needs: themes,
    offers: offers
      .filter((o) => o.capacity > 0)
      .map((o) => ({
        theme: o.theme,
        label: label(o.theme),
        authority: laName(o.authority),
        description: o.description.split("\n")[0]!,
        capacity: o.capacity,
      })),
  };
}

function sharedPriorities(regions: RegionSummary[]): SharedPriority[] {
  const found = new Map<string, SharedPriority>();
  for (const r of regions)
    for (const p of r.priorities) {
      const entry = found.get(p.theme) ?? { theme: p.theme, label: p.label, regions: [] };
      entry.regions.push({ regionId: r.regionId, name: r.name, authorities: p.authorities });
      found.set(p.theme, entry);
    }
  return [...found.values()].sort((a, b) => b.regions.length - a.regions.length || a.label.localeCompare(b.label));
}

function shareableOffers(regions: RegionSummary[]): ShareableOffer[] {
  const out: ShareableOffer[] = [];
  for (const r of regions)
    for (const o of r.offers) {
      const to = regions
        .filter((other) => other.regionId !== r.regionId && !other.offers.some((x) => x.theme === o.theme))
        .flatMap((other) => {
          const need = other.needs.find((n) => n.theme === o.theme);
          return need ? [{ regionId: other.regionId, name: other.name, authorities: need.authorities }] : [];
        });
      if (to.length)
        out.push({ theme: o.theme, label: o.label, from: { regionId: r.regionId, name: r.name, ...o }, to });
    }
  return out.sort((a, b) => b.to.length - a.to.length || a.label.localeCompare(b.label));
}

/** The nine regions side by side (one query for the regions, then a handful of key queries per region, in parallel). */
export async function nationalView(deps: Pick<Deps, "store">): Promise<NationalView> {
  const regions = await Region.list(deps);
  const summaries = await Promise.all(regions.map((r) => regionSummary(deps, r)));
  summaries.sort((a, b) => a.name.localeCompare(b.name));
  return {
    regions: summaries,
    sharedPriorities: sharedPriorities(summaries),
    shareableOffers: shareableOffers(summaries),
  };
}
