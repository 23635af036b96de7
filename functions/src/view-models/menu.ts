/** The support menu an LA sees from its emailed link: other LAs' offers by theme with capacity left. */
import { Region, Support, type Deps } from "@riia/core";

const solutionOf = (format: Support.Offer["format"]): keyof typeof Support.SOLUTION_LABELS =>
  format === "group"
    ? "small-group"
    : format === "visit"
      ? "deep-dive-visit"
      : format === "practice-sharing"
        ? "practice-sharing-visit"
        : "one-to-one";

export async function menuModel(deps: Deps, cycle: { id: string; regionId: string }, authority: string) {
  const [region, offers, interests, brokerages, las] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Support.offers(deps, cycle.id),
    Support.interests(deps, cycle.id),
    Support.brokerages(deps, cycle.id),
    Region.authorities(deps, cycle.regionId),
  ]);
  const chosen = new Set(interests.filter((i) => i.authority === authority).map((i) => i.offerId));
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const groups = region.settings.themes
    .map((t) => ({
      theme: t.id,
      label: t.label,
      items: offers
        .filter((o) => o.theme === t.id && o.authority !== authority)
        .map((o) => {
          const left = o.capacity - brokerages.filter((b) => b.offerId === o.id && b.status !== "declined").length;
          return {
            value: o.id,
            text: `${name(o.authority)}: ${o.description}`,
            hint: {
              text: `${Support.SOLUTION_LABELS[solutionOf(o.format)]} · capacity left: ${Math.max(0, left)} of ${o.capacity}`,
            },
            checked: chosen.has(o.id),
          };
        }),
    }))
    .filter((g) => g.items.length);
  return { regionName: region.name, groups };
}
