/** The exchange's pages: the national catalogue, a region's requests in and out, and its rows on the brokering page. */
import { Access, Exchange, Region, type Deps } from "@riia/core";
import { escapeHtml } from "./labels";
import { govukDate } from "./dates";
import type { ConfirmModel } from "./confirm";

type Who = Access.Principal & { kind: "person" };

const track = (o: Exchange.CatalogueOffer) =>
  o.trackRecord.agreed + o.trackRecord.takenUp
    ? `${o.trackRecord.takenUp} taken up, ${o.trackRecord.agreed} agreed this cycle`
    : "None recorded yet";

export async function catalogueModel(deps: Deps, who: Who, query: { q?: string; theme?: string }) {
  const mine = Access.can(who, "manage-region", { regionId: who.regionId });
  const { offers, themes } = await Exchange.catalogue(deps, { regionId: who.regionId, q: query.q, theme: query.theme });
  const row = (o: Exchange.CatalogueOffer) => [
    { text: o.regionName },
    { text: o.authorityName },
    { text: o.themeLabel },
    { text: o.description },
    { text: `${o.left} of ${o.capacity}`, format: "numeric" },
    { text: track(o) },
    {
      html:
        mine && !o.own && o.left > 0
          ? `<a class="govuk-link" href="/lead/exchange/offers/${encodeURIComponent(o.cycleId)}/${encodeURIComponent(o.offerId)}">Ask for this offer<span class="govuk-visually-hidden">: ${escapeHtml(o.authorityName)}, ${escapeHtml(o.themeLabel)}</span></a>`
          : o.own
            ? "Your region"
            : o.left > 0
              ? "–"
              : "Full",
    },
  ];
  return {
    title: "Offers from every region",
    q: query.q ?? "",
    themeItems: [
      { value: "", text: "All themes" },
      ...themes.map((t) => ({ value: t.id, text: t.label, selected: t.id === query.theme })),
    ],
    head: ["Region", "Offered by", "Theme", "What is offered", "Places left", "Track record", "Action"].map((text) =>
      text === "Places left" ? { text, format: "numeric" } : { text },
    ),
    ownRows: offers.filter((o) => o.own).map(row),
    otherRows: offers.filter((o) => !o.own).map(row),
    count: offers.length,
    canRequest: mine,
  };
}

export async function requestFormModel(
  deps: Deps,
  who: Who,
  cycleId: string,
  offerId: string,
  values: Record<string, string>,
) {
  const { offer, leads } = await Exchange.requestPreview(deps, cycleId, offerId);
  const las = await Region.authorities(deps, who.regionId);
  return {
    title: `Ask for ${offer.authorityName}'s offer`,
    offer,
    leads: leads.map((l) => `${l.name} (${l.email})`),
    action: `/lead/exchange/offers/${encodeURIComponent(cycleId)}/${encodeURIComponent(offerId)}`,
    laItems: [
      { value: "", text: "Choose" },
      ...las.map((l) => ({ value: l.code, text: l.name, selected: l.code === values.authority })),
    ],
    values,
  };
}

/** The confirmation before a request is sent: who is emailed, what is asked. */
export async function requestConfirm(
  deps: Deps,
  who: Who,
  input: { cycleId: string; offerId: string; authority: string; note: string; csrf: string },
): Promise<ConfirmModel> {
  const { offer, leads } = await Exchange.requestPreview(deps, input.cycleId, input.offerId);
  const la = (await Region.authorities(deps, who.regionId)).find((l) => l.code === input.authority);
  const back = `/lead/exchange/offers/${encodeURIComponent(input.cycleId)}/${encodeURIComponent(input.offerId)}`;
  return {
    title: `Send the request to ${offer.regionName}?`,
    caption: "Offers from every region",
    what: [
      `You ask for ${offer.authorityName}'s offer on ${offer.themeLabel} (${offer.regionName}) for ${la?.name ?? input.authority}.`,
      `${offer.regionName}'s regional lead agrees or declines; if they agree, ${offer.authorityName} confirms it has the capacity. You are emailed the outcome. The request is recorded in both regions' audit.`,
    ],
    lists: [
      {
        heading: `Who is emailed in ${offer.regionName}`,
        items: leads.map((l) => `${l.name} (${l.email})`),
        empty: `${offer.regionName} has no regional lead listed: the request waits in its console.`,
      },
    ],
    action: back,
    csrf: input.csrf,
    hidden: [
      { name: "authority", value: input.authority },
      { name: "note", value: input.note },
    ],
    confirmText: "Send the request",
    warning: false,
    cancelHref: back,
  };
}

const statusOf = (r: Exchange.ExchangeRequest) => Exchange.STATUS_LABELS[r.status];
const historyOf = (r: Exchange.ExchangeRequest) =>
  r.history.map((h) => `${govukDate(h.at)}: ${h.status} by ${h.by}${h.reason ? ` (${h.reason})` : ""}`).join("; ");

export async function requestsModel(deps: Deps, who: Who) {
  const { outgoing, incoming } = await Exchange.requestsOf(deps, who.regionId);
  const canManage = Access.can(who, "manage-region", { regionId: who.regionId });
  return {
    title: "Requests between regions",
    outgoingRows: outgoing.map((r) => [
      { text: r.from.authorityName },
      { text: `${r.to.authorityName} (${r.to.regionName})` },
      { text: r.themeLabel },
      { text: statusOf(r) },
      { text: historyOf(r) },
    ]),
    incoming: incoming.map((r) => ({
      id: r.id,
      open: canManage && r.status === "requested",
      summary: `${r.from.regionName} asks for ${r.to.authorityName}'s offer on ${r.themeLabel} for ${r.from.authorityName}`,
      offer: r.offer,
      note: r.note,
      status: statusOf(r),
      history: historyOf(r),
      action: `/lead/exchange/requests/${encodeURIComponent(r.id)}`,
    })),
  };
}

/** The confirmation before a lead (console or emailed link) agrees or declines. */
export function decisionConfirm(
  r: Exchange.ExchangeRequest,
  input: { decision: string; reason: string; action: string; csrf: string; back: string },
): ConfirmModel {
  const agree = input.decision === "agree";
  return {
    title: agree ? `Agree that ${r.to.authorityName} supports ${r.from.authorityName}?` : "Decline the request?",
    caption: `Request from ${r.from.regionName}`,
    what: agree
      ? [
          `A place on ${r.to.authorityName}'s offer on ${r.themeLabel} is held for ${r.from.authorityName} (${r.from.regionName}); it counts against the offer's capacity on your own menu.`,
          `${r.to.authorityName}'s contacts are asked to confirm the capacity; ${r.from.personName} is emailed the outcome.`,
        ]
      : [`${r.from.personName} (${r.from.regionName}) is emailed that you declined, with your reason.`],
    lists: [],
    action: input.action,
    csrf: input.csrf,
    hidden: [{ name: "decision", value: input.decision }],
    reason: {
      id: "reason",
      label: agree ? "Anything to say with it (optional)" : "Why you decline",
      required: !agree,
    },
    confirmText: agree ? "Agree the request" : "Decline the request",
    warning: !agree,
    cancelHref: input.back,
  };
}

/** The offering LA's confirmation of capacity (emailed link). */
export function capacityConfirm(
  r: Exchange.ExchangeRequest,
  input: { answer: string; action: string; csrf: string },
): ConfirmModel {
  const yes = input.answer === "yes";
  return {
    title: yes ? `Confirm ${r.to.authorityName} will support ${r.from.authorityName}?` : "Say you cannot do it?",
    caption: `Request from ${r.from.regionName}`,
    what: yes
      ? [
          `${r.from.personName} (${r.from.regionName}) is told that ${r.to.authorityName} will support ${r.from.authorityName} on ${r.themeLabel}.`,
        ]
      : [`The place is freed and ${r.from.personName} (${r.from.regionName}) is told why.`],
    lists: [],
    action: input.action,
    csrf: input.csrf,
    hidden: [{ name: "answer", value: input.answer }],
    reason: { id: "reason", label: yes ? "Anything to add (optional)" : "Why you cannot", required: !yes },
    confirmText: yes ? "Confirm" : "Send",
    warning: !yes,
    cancelHref: input.action,
  };
}

/** The exchange's rows on a region's brokering page: matches across regions, in and out. */
export async function brokeringRows(deps: Deps, regionId: string) {
  const { outgoing, incoming } = await Exchange.requestsOf(deps, regionId);
  return [
    ...outgoing.map((r) => [
      { text: "Receiving" },
      { text: r.from.authorityName },
      { text: `${r.to.authorityName} (${r.to.regionName})` },
      { text: r.themeLabel },
      { text: statusOf(r) },
    ]),
    ...incoming.map((r) => [
      { text: "Giving" },
      { text: `${r.from.authorityName} (${r.from.regionName})` },
      { text: r.to.authorityName },
      { text: r.themeLabel },
      { text: statusOf(r) },
    ]),
  ];
}

/** The case-study library across regions. */
export async function libraryModel(deps: Deps, query: { q?: string; theme?: string }) {
  const [studies, { themes }] = await Promise.all([Exchange.caseStudies(deps, query), Exchange.catalogue(deps, {})]);
  return {
    title: "Case studies from every region",
    q: query.q ?? "",
    themeItems: [
      { value: "", text: "All themes" },
      ...themes.map((t) => ({ value: t.id, text: t.label, selected: t.id === query.theme })),
    ],
    studies: studies.map((s) => ({
      heading: `${s.authorityName} (${s.regionName}): ${s.themeLabel}`,
      rows: [
        { key: { text: "What was done" }, value: { text: s.what } },
        { key: { text: "For whom" }, value: { text: s.forWhom } },
        { key: { text: "What changed" }, value: { text: s.changed } },
        { key: { text: "Contact" }, value: { text: s.contact } },
        { key: { text: "Published" }, value: { text: `${govukDate(s.publishedAt)} by ${s.publishedBy}` } },
      ],
    })),
  };
}

/** The confirmation before the offering LA publishes its case study to every region. */
export function caseStudyConfirm(
  r: Exchange.ExchangeRequest,
  fields: Record<string, string>,
  input: { action: string; csrf: string },
): ConfirmModel {
  return {
    title: "Publish this case study to every region?",
    caption: `${r.to.authorityName}: ${r.themeLabel}`,
    what: [
      "Every region's leads and advisers, and the national team, can read and search it.",
      `What was done: ${fields.what}`,
      `For whom: ${fields.forWhom}`,
      `What changed: ${fields.changed}`,
      `Contact: ${fields.contact}`,
    ],
    lists: [],
    action: input.action,
    csrf: input.csrf,
    hidden: ["what", "forWhom", "changed", "contact"]
      .map((name) => ({ name, value: fields[name] ?? "" }))
      .concat([{ name: "intent", value: "case-study" }]),
    confirmText: "Publish the case study",
    warning: false,
    cancelHref: input.action,
  };
}
