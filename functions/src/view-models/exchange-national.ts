/** The exchange on the national view: flows between regions, case studies, and cross-region groups (convened here). */
import { type Access, Cycle, Exchange, Region, Support, type Deps } from "@riia/core";
import type { ConfirmModel } from "./confirm";

export async function exchangeNationalModel(deps: Deps, who: Access.Principal) {
  const [{ flows, totals, caseStudies, caseStudiesByRegion, reviews, crossRegionReviews }, groups] = await Promise.all([
    Exchange.flows(deps),
    Exchange.groups(deps),
  ]);
  return {
    flowRows: flows.map((f) => [
      { text: f.from },
      { text: f.to },
      { text: String(f.counts.requested + f.counts.agreed), format: "numeric" },
      { text: String(f.counts.confirmed), format: "numeric" },
      { text: String(f.counts.declined), format: "numeric" },
    ]),
    totals,
    crossRegionReviews,
    reviewRows: reviews.map((r) => [
      { text: r.from },
      { text: r.to },
      { text: String(r.asked), format: "numeric" },
      { text: String(r.accepted), format: "numeric" },
      { text: String(r.declined), format: "numeric" },
    ]),
    caseStudies,
    caseStudyRows: caseStudiesByRegion.map((c) => [{ text: c.name }, { text: String(c.count), format: "numeric" }]),
    groupRows: groups.map((g) => [
      { text: g.title },
      { text: g.themeLabel },
      { text: [...new Set(g.authorities.map((a) => a.regionName))].join(", ") },
      { text: g.authorities.map((a) => a.name).join(", ") },
    ]),
    canConvene: Exchange.isCoordinator(who),
  };
}

/** LAs that need a theme, region by region (from each region's latest cycle), for inviting to a group. */
export async function groupChoices(deps: Deps, theme: string) {
  const regions = await Region.list(deps);
  const out: { value: string; text: string }[] = [];
  for (const r of regions) {
    const cycle = (await Cycle.listForRegion(deps, r.id))[0];
    if (!cycle) continue;
    const [needs, las] = await Promise.all([Support.needs(deps, cycle.id), Region.authorities(deps, r.id)]);
    for (const code of new Set(needs.filter((n) => n.theme === theme).map((n) => n.authority)))
      out.push({ value: code, text: `${las.find((l) => l.code === code)?.name ?? code} (${r.name})` });
  }
  const themes = regions.flatMap((r) => r.settings.themes);
  return { choices: out, themeLabel: themes.find((t) => t.id === theme)?.label, themes };
}

export function groupConfirm(
  input: {
    theme: string;
    themeLabel: string;
    title: string;
    chosen: string[];
    choices: { value: string; text: string }[];
  },
  csrf: string,
): ConfirmModel {
  return {
    title: `Convene "${input.title}"?`,
    caption: `Task-and-finish group: ${input.themeLabel}`,
    what: ["Each local authority's Director of Children's Services is emailed the invitation; replies come to you."],
    lists: [
      {
        heading: "Local authorities invited",
        items: input.choices.filter((c) => input.chosen.includes(c.value)).map((c) => c.text),
        empty: "None chosen.",
      },
    ],
    action: "/lead/national/groups",
    csrf,
    hidden: [
      { name: "theme", value: input.theme },
      { name: "title", value: input.title },
      ...input.chosen.map((value) => ({ name: "authorities", value })),
    ],
    confirmText: "Convene the group",
    warning: false,
    cancelHref: `/lead/national/groups?theme=${encodeURIComponent(input.theme)}`,
  };
}
