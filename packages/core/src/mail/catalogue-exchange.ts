/**
 * The inter-regional exchange's emails: a request for another region's offer (to that region's lead), the offering
 * LA's capacity check, the outcome (to the lead who asked) and a cross-region reviewer notice. Part of the catalogue.
 */
import { compose, type RenderedEmail } from "./compose";

export interface ExchangePersonalisation {
  exchangeRequest: {
    name: string;
    fromRegion: string;
    fromLead: string;
    forAuthority: string;
    offerAuthority: string;
    theme: string;
    offer: string;
    note: string;
    link: string;
  };
  exchangeCapacity: {
    name: string;
    authority: string;
    forAuthority: string;
    fromRegion: string;
    theme: string;
    offer: string;
    link: string;
  };
  exchangeOutcome: {
    name: string;
    forAuthority: string;
    offerAuthority: string;
    toRegion: string;
    theme: string;
    outcome: "confirmed" | "declined";
    by: string;
    reason: string;
    link: string;
  };
  exchangeGroupInvite: {
    name: string;
    authority: string;
    title: string;
    theme: string;
    regions: string[];
    convenor: string;
  };
  exchangeReviewer: {
    name: string;
    reviewer: string;
    reviewerAuthority: string;
    fromRegion: string;
    reviewee: string;
    step: string;
  };
}

export const EXCHANGE_EMAILS: {
  [K in keyof ExchangePersonalisation]: (p: ExchangePersonalisation[K]) => RenderedEmail;
} = {
  exchangeRequest: (p) =>
    compose(`${p.fromRegion} asks for ${p.offerAuthority}'s offer on ${p.theme.toLowerCase()}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.fromLead}, regional lead for ${p.fromRegion}, asks whether ${p.offerAuthority} could support ${p.forAuthority} through this offer on your region's menu:`,
      },
      { inset: p.offer },
      ...(p.note ? [{ p: `Why they ask: ${p.note}` }] : []),
      {
        p: "Agree or decline it, with a reason, from the link below (or from your console's exchange page). If you agree, we ask the offering local authority to confirm it has the capacity; its place counts against the offer's capacity on your own menu.",
      },
      { link: { text: "Agree or decline the request", href: p.link } },
      { p: `Replies to this email go straight to ${p.fromLead}, if you want to ask something first.` },
    ]),
  exchangeCapacity: (p) =>
    compose(`Please confirm: can ${p.authority} support ${p.forAuthority}?`, [
      { p: `Dear ${p.name},` },
      {
        p: `Your regional lead has agreed that ${p.authority} supports ${p.forAuthority} (${p.fromRegion}) on ${p.theme.toLowerCase()}, through your offer:`,
      },
      { inset: p.offer },
      { p: "Please confirm you have the capacity, or say why you cannot." },
      { link: { text: "Confirm capacity", href: p.link } },
      { p: "Replies to this email go straight to your regional lead." },
    ]),
  exchangeOutcome: (p) =>
    compose(
      p.outcome === "confirmed"
        ? `Agreed: ${p.offerAuthority} will support ${p.forAuthority}`
        : `Not agreed: ${p.offerAuthority}'s offer for ${p.forAuthority}`,
      [
        { p: `Dear ${p.name},` },
        p.outcome === "confirmed"
          ? {
              p: `${p.offerAuthority} (${p.toRegion}) has confirmed it will support ${p.forAuthority} on ${p.theme.toLowerCase()}. It is on both regions' brokering pages and in your regional plan.`,
            }
          : {
              p: `Your request for ${p.offerAuthority}'s offer (${p.toRegion}) on ${p.theme.toLowerCase()} for ${p.forAuthority} was declined by ${p.by}.`,
            },
        ...(p.reason ? [{ inset: p.reason }] : []),
        { link: { text: "See the request", href: p.link } },
        { p: `Replies to this email go straight to ${p.by}.` },
      ],
    ),
  exchangeGroupInvite: (p) =>
    compose(`You are invited: ${p.title}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.convenor}, the national coordinator, has convened a cross-region task-and-finish group on ${p.theme.toLowerCase()}, a common priority in several regions, and invites ${p.authority} to take part.`,
      },
      { p: "Local authorities from these regions are invited:" },
      { list: p.regions },
      { p: `Please tell ${p.convenor} who will take part for you: replies to this email go straight to them.` },
    ]),
  exchangeReviewer: (p) =>
    compose(`${p.reviewer} (${p.reviewerAuthority}) is asked to review for ${p.fromRegion}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.fromRegion} has asked ${p.reviewer} of ${p.reviewerAuthority}, a reviewer in your region who is willing to review across regions, to take part in its ${p.step} of ${p.reviewee}.`,
      },
      { p: "Nothing is needed from you. The reviewer answers the request themselves and can decline it." },
      { p: `Replies to this email go straight to ${p.fromRegion}'s lead who asked.` },
    ]),
};

export const EXCHANGE_SAMPLES: ExchangePersonalisation = {
  exchangeRequest: {
    name: "Sam Ward",
    fromRegion: "East Midlands",
    fromLead: "Morgan Lee",
    forAuthority: "Derby",
    offerAuthority: "Coventry",
    theme: "Workforce",
    offer: "Our social work academy: recruitment and retention",
    note: "Derby's turnover has risen for three quarters.",
    link: "https://riia.example.org/x/sample",
  },
  exchangeCapacity: {
    name: "Alex Patel",
    authority: "Coventry",
    forAuthority: "Derby",
    fromRegion: "East Midlands",
    theme: "Workforce",
    offer: "Our social work academy: recruitment and retention",
    link: "https://riia.example.org/x/sample",
  },
  exchangeOutcome: {
    name: "Morgan Lee",
    forAuthority: "Derby",
    offerAuthority: "Coventry",
    toRegion: "West Midlands",
    theme: "Workforce",
    outcome: "confirmed",
    by: "Sam Ward",
    reason: "",
    link: "https://riia.example.org/lead/exchange/requests",
  },
  exchangeGroupInvite: {
    name: "Jo Clarke",
    authority: "Derby",
    title: "Keeping experienced social workers",
    theme: "Workforce",
    regions: ["East Midlands", "West Midlands", "North West"],
    convenor: "Priya Shah",
  },
  exchangeReviewer: {
    name: "Sam Ward",
    reviewer: "Alex Patel",
    reviewerAuthority: "Coventry",
    fromRegion: "East Midlands",
    reviewee: "Derby",
    step: "peer scrutiny",
  },
};
