/** The lead's support menu and brokering page, and the plan editing page. */
import { Access, Cycle, Keys, Region, Support, type Deps } from "@riia/core";
import { uptakeLabel } from "@riia/core/plan-document";
import { govukDate } from "./dates";
import { supportImpact } from "./impact";

const SOURCES = [
  ["ofsted-focused-visit", "Ofsted focused visit"],
  ["jtai", "Joint targeted area inspection (JTAI)"],
  ["annual-conversation", "Annual conversation"],
  ["partners-in-practice", "Partners in Practice"],
  ["other", "Other intelligence"],
];
const FORMATS = [
  ["one-to-one", "One LA supporting another"],
  ["group", "A small group of LAs"],
  ["visit", "Deep-dive visit"],
  ["practice-sharing", "Practice-sharing visit"],
];
const items = (pairs: string[][], chosen?: string) =>
  pairs.map(([value, text]) => ({ value, text, selected: value === chosen }));

const UPTAKE_CHOICES = [
  ["agreed", "Agreed"],
  ["taken-up", "Taken up"],
  ["declined", "Declined"],
];
const EXPORTS = { submissions: "Submissions", needs: "Needs", menu: "Offers", brokerage: "Brokerage" };
const exportLinks = (cycleId: string) =>
  Object.entries(EXPORTS).map(([n, text]) => ({
    href: `/api/cycles/${cycleId}/exports/${n}.csv`,
    text: `${text} as a spreadsheet (CSV)`,
  }));

/** Each need with who it was matched to (in the region, by hand or across regions) and its uptake. */
function needRows(
  needs: Support.Need[],
  brokerages: Support.Brokerage[],
  name: (code: string) => string,
  theme: (id: string) => string,
) {
  return needs.map((n) => {
    const b = brokerages.find((x) => x.needId === n.id);
    return [
      { text: name(n.authority) },
      { text: theme(n.theme) },
      { text: n.description.split("\n")[0] || "–" },
      {
        text: b
          ? b.exchange
            ? `${b.exchange.providerName} (${b.exchange.otherRegion}, across regions)`
            : `${name(b.provider)}${b.override ? " (chosen by hand)" : ""}`
          : "Not matched",
      },
      { text: b ? uptakeLabel(b.status) : "–" },
    ];
  });
}

export async function supportModel(deps: Deps, who: Access.Principal, cycleId: string, values: Record<string, string>) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, las, needs, offers, brokerages] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    Support.needs(deps, cycleId),
    Support.offers(deps, cycleId),
    Support.brokerages(deps, cycleId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const theme = (id: string) => region.settings.themes.find((t) => t.id === id)?.label ?? id;
  const used = (id: string) => brokerages.filter((b) => b.offerId === id && b.status !== "declined").length;
  return {
    title: "Support menu and brokering",
    regionName: region.name,
    base: `/lead/cycles/${cycleId}`,
    action: `/lead/cycles/${cycleId}/support`,
    exports: exportLinks(cycleId),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    themes: region.settings.themes
      .map((t) => ({
        label: t.label,
        rows: offers
          .filter((o) => o.theme === t.id)
          .map((o) => [
            { text: name(o.authority) },
            { text: o.description },
            { text: o.source.replace(/-/g, " ") },
            { text: `${Math.max(0, o.capacity - used(o.id))} of ${o.capacity}`, format: "numeric" },
          ]),
      }))
      .filter((t) => t.rows.length),
    needRows: needRows(needs, brokerages, name, theme),
    counts: { needs: needs.length, offers: offers.length, matched: brokerages.length },
    laItems: [
      { value: "", text: "Choose" },
      ...las.map((l) => ({ value: l.code, text: l.name, selected: l.code === values.authority })),
    ],
    themeItems: [
      { value: "", text: "Choose" },
      ...region.settings.themes.map((t) => ({ value: t.id, text: t.label, selected: t.id === values.theme })),
    ],
    sourceItems: [{ value: "", text: "Choose" }, ...items(SOURCES, values.source)],
    formatItems: items(FORMATS, values.format),
    needItems: [
      { value: "", text: "Choose a need" },
      ...needs.map((n) => ({
        value: n.id,
        text: `${name(n.authority)}: ${theme(n.theme)}`,
        selected: n.id === values.needId,
      })),
    ],
    offerItems: [
      { value: "", text: "No match (clear it)" },
      ...offers.map((o) => ({
        value: o.id,
        text: `${name(o.authority)}: ${theme(o.theme)} (${Math.max(0, o.capacity - used(o.id))} left)`,
        selected: o.id === values.offerId,
      })),
    ],
    uptakeItems: items(UPTAKE_CHOICES, values.status),
    ...(await supportImpact(deps, cycleId, cycle.regionId, offers, name)),
    values,
  };
}

export async function planModel(deps: Deps, who: Access.Principal, cycleId: string, values: Record<string, string>) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, plan, draft, published] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Support.buildPlan(deps, cycleId),
    deps.store.get<Support.PlanDraft>(Keys.planDraft(cycleId)),
    Support.publishedVersions(deps, cycleId),
  ]);
  const typeItems = (chosen: string) =>
    Object.entries(Support.RESPONSE_LABELS).map(([value, text]) => ({ value, text, selected: value === chosen }));
  return {
    title: "Regional development plan",
    regionName: region.name,
    base: `/lead/cycles/${cycleId}`,
    action: `/lead/cycles/${cycleId}/plan`,
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    version: draft?.version ?? 0,
    introduction: values.introduction ?? plan.introduction,
    priorities: plan.priorities.map((p) => ({
      theme: p.theme,
      label: p.label,
      authorities: p.authorities.join(", "),
      typeItems: typeItems(values[`type-${p.theme}`] ?? p.response.type),
      owner: values[`owner-${p.theme}`] ?? p.response.owner,
      when: values[`when-${p.theme}`] ?? p.response.when ?? "",
      detail: values[`detail-${p.theme}`] ?? p.response.detail,
    })),
    previewHref: `/api/cycles/${cycleId}/exports/plan.html`,
    wordHref: `/api/cycles/${cycleId}/exports/plan.docx`,
    published: published.map((v, i) => ({
      href: `/plans/${cycleId}/${v.version}`,
      text: `Version ${v.version}, published ${govukDate(v.publishedAt)}${i < published.length - 1 ? " (superseded)" : ""}${v.note ? `: ${v.note}` : ""}`,
    })),
  };
}
