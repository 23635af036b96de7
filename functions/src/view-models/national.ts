/** The national page's view model: the nine regions side by side (chart and tables), priorities and offers to share. */
import { National, Region, type Deps } from "@riia/core";
import { progressChart, SEGMENT_COLOURS } from "../charts/progress";
import { escapeHtml, roleWords, STEP_LABELS } from "./labels";
import { nationalImpactRows } from "./impact";

type Counts = National.StateCounts;
const KEYS = Object.keys(SEGMENT_COLOURS) as (keyof Counts)[];

const dashboardLink = (r: National.RegionSummary) =>
  r.cycle
    ? `<a class="govuk-link" href="/lead/cycles/${encodeURIComponent(r.cycle.id)}">${escapeHtml(r.name)}</a>`
    : `${escapeHtml(r.name)} <span class="govuk-body-s">(no cycle yet)</span>`;

function regionRows(regions: National.RegionSummary[]) {
  return regions.map((r) => [
    { html: dashboardLink(r) },
    { text: String(r.authorities), format: "numeric" },
    ...KEYS.map((k) => ({ text: String(r.totals[k]), format: "numeric" })),
    {
      html: `<a class="govuk-link" href="/lead/concerns/${encodeURIComponent(r.regionId)}">${r.openConcerns}<span class="govuk-visually-hidden"> open concerns in ${escapeHtml(r.name)}</span></a>${r.escalatedConcerns ? ` (${r.escalatedConcerns} escalated)` : ""}`,
      format: "numeric",
    },
  ]);
}

function stepRows(regions: National.RegionSummary[]) {
  return regions.map((r) => [
    { text: r.name },
    ...Region.STEPS.map((step) => {
      const s = r.steps.find((x) => x.step === step);
      if (!s) return { text: "–" };
      const done = s.counts.submitted + s.counts.waived;
      const late = s.counts.overdue + s.counts.escalated;
      return {
        text: s.total
          ? `${done} of ${s.total} done${late ? `, ${late} late` : ""}`
          : s.state === "scheduled"
            ? "Not open yet"
            : "No tasks",
      };
    }),
  ]);
}

export async function nationalModel(deps: Pick<Deps, "store" | "clock">, who: { name: string; roles: string[] }) {
  const view = await National.nationalView(deps);
  return {
    title: "The nine regions",
    who: `${who.name} (${roleWords(who.roles)})`,
    chart: progressChart(
      view.regions.map((r) => ({ label: r.name, segments: KEYS.map((k) => ({ key: k, value: r.totals[k] })) })),
      { id: "national-chart", title: "Tasks by state in each region's current cycle", tableId: "national-table" },
    ),
    regionHead: [
      { text: "Region" },
      { text: "LAs", format: "numeric" },
      ...KEYS.map((k) => ({ text: SEGMENT_COLOURS[k]!.label, format: "numeric" })),
      { text: "Open concerns", format: "numeric" },
    ],
    regionRows: regionRows(view.regions),
    impactRows: await nationalImpactRows(deps),
    stepHead: [{ text: "Region" }, ...Region.STEPS.map((s) => ({ text: STEP_LABELS[s] }))],
    stepRows: stepRows(view.regions),
    priorityRows: view.sharedPriorities.map((p) => [
      { text: p.label },
      { text: String(p.regions.length), format: "numeric" },
      { text: p.regions.map((r) => `${r.name} (${r.authorities} LAs)`).join("; ") },
    ]),
    offerRows: view.shareableOffers.map((o) => [
      { text: o.label },
      { text: `${o.from.authority}, ${o.from.name}` },
      { text: o.from.description },
      { text: String(o.from.capacity), format: "numeric" },
      { text: o.to.map((r) => `${r.name} (${r.authorities} LAs)`).join("; ") },
    ]),
  };
}
