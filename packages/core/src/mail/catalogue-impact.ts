/**
 * The emails about a brokered solution's impact: its aims recorded (to both LAs, with their link to see and amend
 * them) and, once it has ended, the receiving LA's request for feedback (by the form or by reply). Part of the
 * catalogue (see catalogue.ts).
 */
import { compose, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface ImpactPersonalisation {
  solutionAims: {
    name: string;
    receiving: string;
    offering: string;
    offer: string;
    aims: string[];
    startsOn: string;
    endsOn: string;
    link: string;
    /** Set when the aims were changed (by whom, e.g. "Sam Jones of Nottingham"). */
    amendedBy?: string;
  };
  feedbackRequest: { name: string; receiving: string; offering: string; offer: string; endedOn: string; link: string };
}

export const IMPACT_EMAILS: { [K in keyof ImpactPersonalisation]: (p: ImpactPersonalisation[K]) => RenderedEmail } = {
  solutionAims: (p) =>
    compose(`Support from ${p.offering} to ${p.receiving}: what it aims to change`, [
      { p: `Dear ${p.name},` },
      ...(p.amendedBy
        ? [{ p: `${p.amendedBy} has changed the aims or dates of this support. They are now as below.` }]
        : []),
      {
        p: `The regional lead has brokered ${p.offering}'s offer "${p.offer}" to ${p.receiving}. It runs from ${when(p.startsOn)} to ${when(p.endsOn)} and aims to change:`,
      },
      { list: p.aims },
      { p: "You can see these aims, and change them if they are not right, on the solution's page." },
      { link: { text: "See the solution's aims", href: p.link } },
      { p: "The link is personal to you." },
    ]),
  feedbackRequest: (p) =>
    compose(`How useful was ${p.offering}'s support? (${p.offer})`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.offering}'s support to ${p.receiving}, "${p.offer}", ended on ${when(p.endedOn)}. Your view helps the region vouch for the quality of the support it brokers.`,
      },
      { link: { text: "Give your feedback", href: p.link } },
      {
        p: "Or reply to this email, keeping these three headings and writing your answer after each:",
      },
      {
        list: [
          "Useful: a number from 1 (not useful) to 5 (very useful)",
          "What changed: what is different for children and families, or for practice",
          "Recommend: yes or no — would you recommend this support to another LA?",
        ],
      },
    ]),
};

export const IMPACT_SAMPLES: ImpactPersonalisation = {
  solutionAims: {
    name: "Alex Patel",
    receiving: "Derby",
    offering: "Nottingham",
    offer: "Our recruitment and retention programme",
    aims: ["Social worker turnover (lower is better)", "Priority: a stable workforce"],
    startsOn: "2026-10-01",
    endsOn: "2027-03-31",
    link: "https://riia.example.org/i/sample-link",
  },
  feedbackRequest: {
    name: "Alex Patel",
    receiving: "Derby",
    offering: "Nottingham",
    offer: "Our recruitment and retention programme",
    endedOn: "2027-03-31",
    link: "https://riia.example.org/i/sample-link",
  },
};
