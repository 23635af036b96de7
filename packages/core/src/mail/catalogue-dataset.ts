/**
 * Emails about the quarterly core dataset and concerns raised under the MoU. Part of the catalogue
 * (see catalogue.ts).
 */
import { compose, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface DatasetPersonalisation {
  datasetInvitation: {
    name: string;
    authority: string;
    quarter: string;
    deadline: string;
    link: string;
    region: string;
  };
  datasetReminder: {
    name: string;
    authority: string;
    quarter: string;
    deadline: string;
    link: string;
    daysLeft: number;
  };
  concernRaised: {
    name: string;
    authority: string;
    region: string;
    themes: string[];
    evidence: string[];
    respondBy: string;
    link: string;
  };
  concernEscalated: {
    name: string;
    role: string;
    authority: string;
    region: string;
    raisedOn: string;
    reason: string;
    evidence: string[];
    link: string;
  };
}

export const DATASET_EMAILS: {
  [K in keyof DatasetPersonalisation]: (p: DatasetPersonalisation[K]) => RenderedEmail;
} = {
  datasetInvitation: (p) =>
    compose(`Core dataset for ${p.quarter}: please send by ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.region} collects a core dataset from each local authority every quarter. Please send ${p.authority}'s figures for ${p.quarter} by ${when(p.deadline)}.`,
      },
      { link: { text: "Send the quarterly figures", href: p.link } },
      {
        p: "The link is personal to you. If a figure moved sharply since last quarter we will ask you to check it and add a note.",
      },
    ]),
  datasetReminder: (p) =>
    compose(`Reminder: core dataset for ${p.quarter} due ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      {
        p: `We have not yet received ${p.authority}'s core dataset figures for ${p.quarter}. They are due on ${when(p.deadline)}, ${p.daysLeft} day${p.daysLeft === 1 ? "" : "s"} from now.`,
      },
      { link: { text: "Send the quarterly figures", href: p.link } },
      { p: "If you have already sent them, you can ignore this email." },
    ]),
  concernRaised: (p) =>
    compose(`${p.region}: a concern about ${p.authority}'s figures`, [
      { p: `Dear ${p.name},` },
      {
        p: `Under the ${p.region} memorandum of understanding, the regional early-warning checks have raised a concern about ${p.authority} (${p.themes.join(", ")}). This is what the figures show:`,
      },
      { list: p.evidence },
      {
        p: `Please tell us what is behind these figures and what you are doing about them by ${when(p.respondBy)}. If we do not hear from you, the concern goes to the regional lead and then the DfE adviser.`,
      },
      { link: { text: "Respond to the concern", href: p.link } },
      { p: "You can also reply to this email with your response." },
    ]),
  concernEscalated: (p) =>
    compose(`Escalation: concern about ${p.authority}`, [
      { p: `Dear ${p.name},` },
      {
        p: `Under the ${p.region} memorandum of understanding, we are letting you know as ${p.role} of a concern about ${p.authority}, raised on ${when(p.raisedOn)}. ${p.reason}`,
      },
      { list: p.evidence },
      { link: { text: "See the concern", href: p.link } },
    ]),
};

export const DATASET_SAMPLES: DatasetPersonalisation = {
  datasetInvitation: {
    name: "Alex Patel",
    authority: "Derby",
    quarter: "July to September 2026",
    deadline: "2026-11-11T23:59:59Z",
    link: "https://riia.example.org/d/sample",
    region: "East Midlands",
  },
  datasetReminder: {
    name: "Alex Patel",
    authority: "Derby",
    quarter: "July to September 2026",
    deadline: "2026-11-11T23:59:59Z",
    link: "https://riia.example.org/d/sample",
    daysLeft: 7,
  },
  concernRaised: {
    name: "Jo Okafor",
    authority: "Derby",
    region: "East Midlands",
    themes: ["Child protection"],
    evidence: ["Second or later child protection plan is 34%, worse than the region's alert level of 30%."],
    respondBy: "2026-11-25T23:59:59Z",
    link: "https://riia.example.org/c/sample",
  },
  concernEscalated: {
    name: "Ruth Adebayo",
    role: "DfE adviser",
    authority: "Derby",
    region: "East Midlands",
    raisedOn: "2026-11-11T09:00:00Z",
    reason: "The director of children's services has not responded.",
    evidence: ["Second or later child protection plan is 34%, worse than the region's alert level of 30%."],
    link: "https://riia.example.org/lead/concerns/east-midlands",
  },
};
