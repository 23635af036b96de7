/**
 * The national catalogue: every region's offers (from its latest cycle) with the places left — one count shared by
 * the region's own brokering and requests from other regions — and the offering LA's track record as it stands.
 */
import { Cycle } from "../cycle";
import { Region } from "../directory";
import type { Deps } from "../shared";
import { Support } from "../support";

export interface CatalogueOffer {
  regionId: string;
  regionName: string;
  cycleId: string;
  offerId: string;
  authority: string;
  authorityName: string;
  theme: string;
  themeLabel: string;
  description: string;
  format: Support.Offer["format"];
  capacity: number;
  left: number;
  /** Solutions the offering LA has agreed or delivered in its region's current cycle (nothing invented). */
  trackRecord: { agreed: number; takenUp: number };
  own: boolean;
}

/** Places an offer still has: its capacity less every match (own region's or another's) not declined. */
export const placesLeft = (offer: Support.Offer, brokerages: Support.Brokerage[]) =>
  Math.max(0, offer.capacity - brokerages.filter((b) => b.offerId === offer.id && b.status !== "declined").length);

/** A region's latest cycle, if it has one. */
export async function latestCycle(deps: Pick<Deps, "store">, regionId: string) {
  return (await Cycle.listForRegion(deps, regionId))[0];
}

async function regionOffers(deps: Pick<Deps, "store">, region: Region.Region, own: boolean) {
  const cycle = await latestCycle(deps, region.id);
  if (!cycle) return [];
  const [offers, brokerages, las] = await Promise.all([
    Support.offers(deps, cycle.id),
    Support.brokerages(deps, cycle.id),
    Region.authorities(deps, region.id),
  ]);
  return offers.map((o): CatalogueOffer => ({
    regionId: region.id,
    regionName: region.name,
    cycleId: cycle.id,
    offerId: o.id,
    authority: o.authority,
    authorityName: las.find((l) => l.code === o.authority)?.name ?? o.authority,
    theme: o.theme,
    themeLabel: region.settings.themes.find((t) => t.id === o.theme)?.label ?? o.theme,
    description: o.description,
    format: o.format,
    capacity: o.capacity,
    left: placesLeft(o, brokerages),
    trackRecord: {
      agreed: brokerages.filter((b) => b.provider === o.authority && b.status === "agreed").length,
      takenUp: brokerages.filter((b) => b.provider === o.authority && b.status === "taken-up").length,
    },
    own,
  }));
}

const matches = (o: CatalogueOffer, words: string[]) => {
  const text = [o.description, o.authorityName, o.regionName, o.themeLabel].join(" ").toLowerCase();
  return words.every((w) => text.includes(w));
};

/** The catalogue as a region sees it: its own offers first, then the others by region; searched and filtered. */
export async function catalogue(
  deps: Pick<Deps, "store">,
  input: { regionId?: string; q?: string; theme?: string },
): Promise<{ offers: CatalogueOffer[]; themes: { id: string; label: string }[] }> {
  const regions = await Region.list(deps);
  const all = (await Promise.all(regions.map((r) => regionOffers(deps, r, r.id === input.regionId)))).flat();
  const themes = new Map<string, string>();
  for (const r of regions) for (const t of r.settings.themes) if (!themes.has(t.id)) themes.set(t.id, t.label);
  const words = (input.q ?? "").toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  const offers = all
    .filter((o) => (!input.theme || o.theme === input.theme) && matches(o, words))
    .sort(
      (a, b) =>
        Number(b.own) - Number(a.own) ||
        a.regionName.localeCompare(b.regionName) ||
        a.themeLabel.localeCompare(b.themeLabel) ||
        a.authorityName.localeCompare(b.authorityName),
    );
  return {
    offers,
    themes: [...themes.entries()].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label)),
  };
}

/** One offer of the catalogue, by its cycle and id. */
export async function findOffer(deps: Pick<Deps, "store">, cycleId: string, offerId: string) {
  const cycle = await Cycle.get(deps, cycleId);
  const region = await Region.get(deps, cycle.regionId);
  return (await regionOffers(deps, region, false)).find((o) => o.cycleId === cycleId && o.offerId === offerId);
}
