/**
 * Offers: what an LA can give others, from its self-evaluation or from intelligence the lead adds
 * (Ofsted focused visits, JTAI findings, annual conversations, Partners in Practice), each with a
 * capacity; and the interest LAs express in offers from the menu link.
 */
import * as z from "../zod";
import { createHash } from "node:crypto";
import { Keys, ValidationError, type Deps, type Item, queryAll } from "../shared";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { Region } from "../directory";

const hash = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 12);

export const OfferSource = z.enum([
  "self-evaluation",
  "ofsted-focused-visit",
  "jtai",
  "annual-conversation",
  "partners-in-practice",
  "other",
]);
export const OfferFormat = z.enum(["one-to-one", "group", "visit", "practice-sharing"]);

export interface Offer extends Item {
  kind: "offer";
  id: string;
  cycleId: string;
  authority: string;
  theme: string;
  description: string;
  format: z.infer<typeof OfferFormat>;
  capacity: number;
  source: z.infer<typeof OfferSource>;
  /** Strength of evidence: 1 self-declared, 2 rated good or better by the LA, 3 external evidence. */
  strength: number;
}

export const offers = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<Offer>(deps.store, { pk: Keys.offersOfCycle(cycleId) });

/** The lead adds intelligence as an offer: an Ofsted focused visit, JTAI finding, annual conversation… */
export async function addOffer(
  deps: Pick<Deps, "store" | "clock">,
  input: {
    cycleId: string;
    authority: string;
    theme: string;
    description: string;
    format: string;
    capacity: number;
    source: string;
    actor: Audit.Actor;
  },
): Promise<Offer> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const region = await Region.get(deps, cycle.regionId);
  const las = await Region.authorities(deps, cycle.regionId);
  const issues: { path: string; message: string }[] = [];
  if (!las.some((l) => l.code === input.authority))
    issues.push({ path: "authority", message: "Choose a local authority in this region" });
  if (!region.settings.themes.some((t) => t.id === input.theme))
    issues.push({ path: "theme", message: "Choose one of the region's themes" });
  if (!input.description?.trim()) issues.push({ path: "description", message: "Describe what is offered" });
  if (!OfferFormat.safeParse(input.format).success)
    issues.push({ path: "format", message: "Choose how it would be offered" });
  if (!OfferSource.safeParse(input.source).success)
    issues.push({ path: "source", message: "Choose where the evidence comes from" });
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 20)
    issues.push({ path: "capacity", message: "Capacity must be a whole number from 1 to 20" });
  if (issues.length) throw new ValidationError("The offer is not valid.", issues);
  const id = `lead-${hash(`${input.authority}|${input.theme}|${input.source}|${input.description}`)}`;
  const offer: Offer = {
    ...Keys.offer(cycle.id, id),
    kind: "offer",
    id,
    cycleId: cycle.id,
    authority: input.authority,
    theme: input.theme,
    description: input.description.trim(),
    format: input.format as Offer["format"],
    capacity: input.capacity,
    source: input.source as Offer["source"],
    strength: input.source === "self-evaluation" ? 1 : 3,
  };
  await deps.store.put(offer);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "offer.added",
    entity: { type: "offer", id, version: 1 },
    authority: input.authority,
    summary: `Added a ${input.source} offer on ${input.theme}`,
  });
  return offer;
}

export interface Interest extends Item {
  kind: "interest";
  cycleId: string;
  authority: string;
  offerId: string;
  by: string;
  at: string;
}

export const interests = (deps: Pick<Deps, "store">, cycleId: string) =>
  queryAll<Interest>(deps.store, { pk: Keys.interestsOfCycle(cycleId) });

/** An LA says which offers on the menu it is interested in (replacing its earlier choice). */
export async function expressInterest(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; authority: string; offerIds: string[]; by: string },
) {
  const menu = await offers(deps, input.cycleId);
  const bad = input.offerIds.filter((id) => !menu.some((o) => o.id === id));
  if (bad.length)
    throw new ValidationError("Choose offers from the menu.", [
      { path: "offers", message: "Choose only offers shown on the menu" },
    ]);
  if (menu.some((o) => input.offerIds.includes(o.id) && o.authority === input.authority))
    throw new ValidationError("You cannot ask for your own offer.", [
      { path: "offers", message: "Choose offers from other local authorities" },
    ]);
  const existing = (await interests(deps, input.cycleId)).filter((i) => i.authority === input.authority);
  for (const i of existing.filter((x) => !input.offerIds.includes(x.offerId)))
    await deps.store.delete({ pk: i.pk, sk: i.sk });
  const at = deps.clock.now().toISOString();
  await deps.store.batchPut(
    input.offerIds.map((offerId) => ({
      ...Keys.interest(input.cycleId, input.authority, offerId),
      kind: "interest",
      cycleId: input.cycleId,
      authority: input.authority,
      offerId,
      by: input.by,
      at,
    })),
  );
}
