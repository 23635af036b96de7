/**
 * Requests across regions: a regional lead asks for another region's offer for one of their LAs. The offering
 * region's leads are emailed a personal link (and see it in their console); every act is audited in both regions'
 * cycles.
 */
import { createHash } from "node:crypto";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, Replies, sendNow } from "../mail";
import {
  ConflictError,
  Keys,
  NotFoundError,
  ValidationError,
  namingEntries,
  queryAll,
  type Deps,
  type Item,
} from "../shared";
import { type Support } from "../support";
import { findOffer, latestCycle } from "./catalogue";

export type RequestStatus = "requested" | "agreed" | "confirmed" | "declined";
export const STATUS_LABELS: Record<RequestStatus, string> = {
  requested: "Waiting for the offering region's lead",
  agreed: "Agreed by the lead; waiting for the offering LA to confirm capacity",
  confirmed: "Confirmed",
  declined: "Declined",
};

interface Side {
  regionId: string;
  regionName: string;
  cycleId: string;
  authority: string;
  authorityName: string;
}

export interface ExchangeRequest extends Item {
  kind: "exchange-request";
  id: string;
  version: number;
  /** The asking region, its LA and the lead who asked. */
  from: Side & { personId: string; personName: string; email: string };
  /** The offering region and LA, and the offer on its menu. */
  to: Side & { offerId: string };
  theme: string;
  themeLabel: string;
  offer: string;
  note: string;
  status: RequestStatus;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  history: { at: string; status: RequestStatus; by: string; reason?: string }[];
}

/** A lead who may act: a person with their region (checked against the request's side by the domain). */
export interface Acting {
  actor: Audit.Actor;
  regionId: string;
  email: string;
}

/** The link purposes: the offering lead's decision and the offering LA's capacity. */
export const DECISION = "exchange-decision";
export const CAPACITY = "exchange-capacity";
const LINK_DAYS = 60;

export const getRequest = async (deps: Pick<Deps, "store">, id: string) => {
  const r = await deps.store.get<ExchangeRequest>(Keys.exchangeRequest(id), { consistent: true });
  if (!r) throw new NotFoundError("There is no such request.");
  return r;
};

/** A region's requests: those it made (outgoing) and those made to it (incoming), newest first. */
export async function requestsOf(deps: Pick<Deps, "store">, regionId: string) {
  const [outgoing, incoming] = await Promise.all([
    queryAll<ExchangeRequest>(deps.store, { index: "gsi1", pk: Keys.exchangeRequestsFrom(regionId), reverse: true }),
    queryAll<ExchangeRequest>(deps.store, { index: "gsi2", pk: Keys.exchangeRequestsTo(regionId), reverse: true }),
  ]);
  return { outgoing, incoming };
}

/**
 * Index a request (or its case study) under the address of a person it names (the lead who asked, the lead who
 * answered, the LA contact who confirmed): erasure and subject access find it, and both regions' audit lines, without
 * a Scan.
 */
export async function indexNaming(
  deps: Pick<Deps, "store" | "clock">,
  r: ExchangeRequest,
  ref: { pk: string; sk: string },
  addresses: (string | undefined)[],
) {
  const scopes = [Audit.cycleScope(r.from.cycleId), Audit.cycleScope(r.to.cycleId)];
  await deps.store.batchPut(namingEntries(ref, addresses, { at: deps.clock.now().toISOString(), scopes }));
}

/** Record one cross-region act in both regions' cycle audits. */
export async function auditBoth(
  deps: Pick<Deps, "store" | "clock">,
  r: ExchangeRequest,
  input: { actor: Audit.Actor; action: string; summary: string },
) {
  for (const side of [r.from, r.to])
    await Audit.record(deps, {
      scope: Audit.cycleScope(side.cycleId),
      actor: input.actor,
      action: input.action,
      entity: { type: "exchange-request", id: r.id, version: r.version },
      authority: side.authority,
      summary: input.summary,
    });
}

export const requestLink = async (deps: Deps, r: ExchangeRequest, purpose: string, person: People.Person) => {
  const { handle } = await Replies.issue(deps, {
    id: Replies.handleIdFor(`${purpose}|${r.id}|${r.version}`, person.id),
    purpose,
    subject: r.id,
    cycleId: r.to.cycleId,
    regionId: r.to.regionId,
    personId: person.id,
    authority: r.to.authority,
    expiresAt: new Date(deps.clock.now().getTime() + LINK_DAYS * 86_400_000),
  });
  return `${deps.config.baseUrl}/x/${Replies.tokenOf(deps, handle.id)}`;
};

export const leadsOf = async (deps: Pick<Deps, "store">, regionId: string) =>
  (await People.listRegional(deps, regionId)).filter((p) => p.roles.includes("regional-lead"));

async function emailOfferingLeads(deps: Deps, r: ExchangeRequest) {
  const leads = await leadsOf(deps, r.to.regionId);
  for (const lead of leads)
    await sendNow(deps, {
      key: { cycleId: r.to.cycleId, step: "exchange", recipient: lead.email, purpose: `request:${r.id}:${r.version}` },
      to: lead.email,
      replyTo: r.from.email,
      regionId: r.to.regionId,
      message: Emails.render("exchangeRequest", {
        name: lead.name,
        fromRegion: r.from.regionName,
        fromLead: r.from.personName,
        forAuthority: r.from.authorityName,
        offerAuthority: r.to.authorityName,
        theme: r.themeLabel,
        offer: r.offer,
        note: r.note,
        link: await requestLink(deps, r, DECISION, lead),
      }),
    });
  return leads;
}

const requestId = (fromCycle: string, authority: string, toCycle: string, offerId: string) =>
  createHash("sha256").update([fromCycle, authority, toCycle, offerId].join("|")).digest("base64url").slice(0, 16);

/** Support the asking LA already has agreed on the theme in its own region (an exchange would double it). */
export async function agreedAtHome(deps: Pick<Deps, "store">, cycleId: string, authority: string, theme: string) {
  const b = await deps.store.get<Support.Brokerage>(Keys.brokerage(cycleId, `${authority}#${theme}`));
  return b && !b.exchange && b.status !== "proposed" && b.status !== "declined" ? b : undefined;
}

/** A lead asks for another region's offer for one of their LAs; the offering region's leads are emailed. */
export async function request(
  deps: Deps,
  input: { acting: Acting; personName: string; forAuthority: string; cycleId: string; offerId: string; note: string },
) {
  const offer = await findOffer(deps, input.cycleId, input.offerId);
  if (!offer) throw new NotFoundError("There is no such offer in the catalogue.");
  const fromRegion = await Region.get(deps, input.acting.regionId);
  const fromCycle = await latestCycle(deps, fromRegion.id);
  if (!fromCycle) throw new ValidationError("Your region has no cycle yet, so it cannot ask for support.");
  const las = await Region.authorities(deps, fromRegion.id);
  const la = las.find((l) => l.code === input.forAuthority);
  const issues: { path: string; message: string }[] = [];
  if (!la) issues.push({ path: "authority", message: "Choose a local authority in your region" });
  if (offer.regionId === fromRegion.id)
    issues.push({ path: "offer", message: "This offer is on your own menu: match it from your brokering page" });
  if (offer.left < 1) issues.push({ path: "offer", message: "This offer has no places left" });
  if ((input.note ?? "").length > 1000) issues.push({ path: "note", message: "Keep the note under 1,000 characters" });
  if (la && (await agreedAtHome(deps, fromCycle.id, la.code, offer.theme)))
    issues.push({ path: "authority", message: `${la.name} already has support agreed on this theme` });
  if (issues.length) throw new ValidationError("The request cannot be made.", issues);
  const id = requestId(fromCycle.id, la!.code, offer.cycleId, offer.offerId);
  const existing = await deps.store.get<ExchangeRequest>(Keys.exchangeRequest(id), { consistent: true });
  if (existing && existing.status !== "declined")
    throw new ConflictError(`${la!.name} has already asked for this offer (${STATUS_LABELS[existing.status]}).`);
  const now = deps.clock.now().toISOString();
  const version = (existing?.version ?? 0) + 1;
  const r: ExchangeRequest = {
    ...Keys.exchangeRequest(id),
    gsi1pk: Keys.exchangeRequestsFrom(fromRegion.id),
    gsi1sk: `${now}#${id}`,
    gsi2pk: Keys.exchangeRequestsTo(offer.regionId),
    gsi2sk: `${now}#${id}`,
    kind: "exchange-request",
    id,
    version,
    from: {
      regionId: fromRegion.id,
      regionName: fromRegion.name,
      cycleId: fromCycle.id,
      authority: la!.code,
      authorityName: la!.name,
      personId: input.acting.actor.id,
      personName: input.personName,
      email: input.acting.email,
    },
    to: {
      regionId: offer.regionId,
      regionName: offer.regionName,
      cycleId: offer.cycleId,
      authority: offer.authority,
      authorityName: offer.authorityName,
      offerId: offer.offerId,
    },
    theme: offer.theme,
    themeLabel: offer.themeLabel,
    offer: offer.description,
    note: (input.note ?? "").trim(),
    status: "requested",
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, status: "requested", by: input.personName }],
  };
  await deps.store.put(r, {
    condition: existing ? { op: "eq", attr: "version", value: existing.version } : { op: "notExists" },
  });
  await indexNaming(deps, r, Keys.exchangeRequest(id), [input.acting.email]);
  await auditBoth(deps, r, {
    actor: input.acting.actor,
    action: "exchange.requested",
    summary: `${r.from.regionName} asked for ${r.to.authorityName}'s offer on ${r.themeLabel} (${r.to.regionName}) for ${r.from.authorityName}`,
  });
  const leads = await emailOfferingLeads(deps, r);
  return { request: r, emailed: leads.map((l) => l.email) };
}

/** Who a request will reach (for the confirmation page): the offering region's leads. */
export async function requestPreview(deps: Pick<Deps, "store">, cycleId: string, offerId: string) {
  const offer = await findOffer(deps, cycleId, offerId);
  if (!offer) throw new NotFoundError("There is no such offer in the catalogue.");
  return { offer, leads: await leadsOf(deps, offer.regionId) };
}
