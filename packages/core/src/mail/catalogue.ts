/**
 * Every email riia sends, as functions from personalisation to a rendered message, in GOV.UK
 * Notify's plain style. `SAMPLES` gives each one sample data so leads can preview them.
 */
import { compose, type Block, type RenderedEmail } from "./compose";
import { REPLY_EMAILS, REPLY_SAMPLES, type ReplyPersonalisation } from "./catalogue-replies";
export { RECORDED as recordedText } from "./catalogue-replies";

const when = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  });

export interface Personalisation extends ReplyPersonalisation {
  invitation: { name: string; authority: string; form: string; deadline: string; link: string; region: string };
  reminder: {
    name: string;
    authority: string;
    form: string;
    deadline: string;
    link: string;
    daysLeft: number;
    reminder: number;
  };
  assignment: {
    name: string;
    reviewer: string;
    reviewee: string;
    step: string;
    deadline: string;
    acceptLink: string;
    declineLink: string;
    formLink: string;
    /** The reviewee's submitted work, read-only. */
    workLink?: string;
  };
  reviewerReminder: {
    name: string;
    reviewee: string;
    step: string;
    deadline: string;
    formLink: string;
    workLink?: string;
  };
  overdue: { name: string; authority: string; form: string; deadline: string; daysOverdue: number; link: string };
  escalation: {
    name: string;
    role: string;
    authority: string;
    form: string;
    deadline: string;
    daysOverdue: number;
    region: string;
  };
  confirmation: {
    name: string;
    authority: string;
    form: string;
    reference: string;
    submittedAt: string;
    answers: Block[];
    /** Sent to the LA's DCS for approval rather than submitted outright. */
    awaitingSignOff?: boolean;
  };
  phaseNotice: {
    name: string;
    region: string;
    step: string;
    change: "opened" | "closed";
    submitted: number;
    total: number;
    boardLink: string;
  };
  planPublished: { name: string; region: string; year: string; version: number; link: string; priorities: string[] };
  undeliverable: { name: string; region: string; address: string; purpose: string; reason: string };
  signOffRequest: { name: string; authority: string; form: string; submittedBy: string; link: string };
  signOffReturned: { name: string; authority: string; form: string; dcsName: string; comment: string; link: string };
  reopened: { name: string; authority: string; form: string; reason: string; link: string };
  replyAcknowledged: { name: string; reviewee: string; decision: "accept" | "decline" | "comment" };
  replyHelp: { reason: string };
  signIn: { name: string; link: string; minutes: number };
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
export type EmailName = keyof Personalisation;

const workBlocks = (p: { reviewee: string; workLink?: string }): Block[] =>
  p.workLink ? [{ link: { text: `Read ${p.reviewee}'s submission (read only)`, href: p.workLink } }] : [];

const replyHint: Block = {
  p: "You can reply to this email. Start your reply with ACCEPT or DECLINE, or write your comments.",
};

/** The quarterly core dataset and concerns under the MoU. */
const DATASET_EMAILS = {
  datasetInvitation: (p: Personalisation["datasetInvitation"]) =>
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
  datasetReminder: (p: Personalisation["datasetReminder"]) =>
    compose(`Reminder: core dataset for ${p.quarter} due ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      {
        p: `We have not yet received ${p.authority}'s core dataset figures for ${p.quarter}. They are due on ${when(p.deadline)}, ${p.daysLeft} day${p.daysLeft === 1 ? "" : "s"} from now.`,
      },
      { link: { text: "Send the quarterly figures", href: p.link } },
      { p: "If you have already sent them, you can ignore this email." },
    ]),
  concernRaised: (p: Personalisation["concernRaised"]) =>
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
  concernEscalated: (p: Personalisation["concernEscalated"]) =>
    compose(`Escalation: concern about ${p.authority}`, [
      { p: `Dear ${p.name},` },
      {
        p: `Under the ${p.region} memorandum of understanding, we are letting you know as ${p.role} of a concern about ${p.authority}, raised on ${when(p.raisedOn)}. ${p.reason}`,
      },
      { list: p.evidence },
      { link: { text: "See the concern", href: p.link } },
    ]),
};

export const EMAILS: { [K in EmailName]: (p: Personalisation[K]) => RenderedEmail } = {
  ...REPLY_EMAILS,
  ...DATASET_EMAILS,
  invitation: (p) =>
    compose(`${p.form}: please complete by ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      {
        p: `The ${p.region} sector-led improvement cycle has started. Please complete ${p.authority}'s ${p.form.toLowerCase()} by ${when(p.deadline)}.`,
      },
      { link: { text: `Start the ${p.form.toLowerCase()}`, href: p.link } },
      {
        p: "The link is personal to you. Colleagues who are also working on it have their own links. Your answers are saved as you go, so you can come back to it.",
      },
    ]),
  reminder: (p) =>
    compose(
      p.daysLeft >= 0
        ? `Reminder: ${p.form} due ${when(p.deadline)}`
        : `Reminder: ${p.form} was due ${when(p.deadline)}`,
      [
        { p: `Dear ${p.name},` },
        {
          p:
            p.daysLeft > 0
              ? `${p.authority}'s ${p.form.toLowerCase()} is due on ${when(p.deadline)} – ${p.daysLeft} day${p.daysLeft === 1 ? "" : "s"} from now.`
              : p.daysLeft === 0
                ? `${p.authority}'s ${p.form.toLowerCase()} is due today, ${when(p.deadline)}.`
                : `${p.authority}'s ${p.form.toLowerCase()} was due on ${when(p.deadline)}, ${-p.daysLeft} day${p.daysLeft === -1 ? "" : "s"} ago.`,
        },
        { link: { text: `Continue the ${p.form.toLowerCase()}`, href: p.link } },
        { p: "If you have already submitted it, you can ignore this email." },
      ],
    ),
  assignment: (p) =>
    compose(`Peer ${p.step}: please review ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      { p: `${p.reviewer} has been asked to carry out peer ${p.step} of ${p.reviewee}, by ${when(p.deadline)}.` },
      { p: "Please tell us whether you can do it:" },
      { link: { text: "Accept this review", href: p.acceptLink } },
      { link: { text: "Decline this review", href: p.declineLink } },
      ...workBlocks(p),
      replyHint,
      {
        p: "You can also reply with your review under these headings: Strengths, Areas to challenge, Recommendations, and Overall (green, amber or red). Attach a Word or PDF file if you have one.",
      },
      { p: "When you have reviewed the evidence, record your response on the form:" },
      { link: { text: "Open the peer challenge response form", href: p.formLink } },
    ]),
  reviewerReminder: (p) =>
    compose(`Reminder: peer ${p.step} of ${p.reviewee} due ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      { p: `Your peer ${p.step} of ${p.reviewee} is due on ${when(p.deadline)}.` },
      { link: { text: "Open the peer challenge response form", href: p.formLink } },
      ...workBlocks(p),
      replyHint,
    ]),
  overdue: (p) =>
    compose(`Overdue: ${p.authority}'s ${p.form}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.authority}'s ${p.form.toLowerCase()} was due on ${when(p.deadline)} and is now ${p.daysOverdue} day${p.daysOverdue === 1 ? "" : "s"} overdue.`,
      },
      { link: { text: `Complete the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "If something is stopping you, contact your regional lead: they can extend the deadline." },
    ]),
  escalation: (p) =>
    compose(`Escalation: ${p.authority}'s ${p.form} is ${p.daysOverdue} days overdue`, [
      { p: `Dear ${p.name},` },
      {
        p: `Under the ${p.region} memorandum of understanding, we are letting you know as ${p.role} that ${p.authority}'s ${p.form.toLowerCase()} was due on ${when(p.deadline)} and is ${p.daysOverdue} days overdue.`,
      },
      { p: "No action is needed from you unless you want to follow it up." },
    ]),
  confirmation: (p) =>
    compose(`${p.form} ${p.awaitingSignOff ? "sent for approval" : "submitted"} – reference ${p.reference}`, [
      { p: `Dear ${p.name},` },
      {
        p: p.awaitingSignOff
          ? `${p.authority}'s ${p.form.toLowerCase()} was sent to your director of children's services for approval on ${when(p.submittedAt)}. It counts as submitted when they approve it.`
          : `${p.authority}'s ${p.form.toLowerCase()} was submitted on ${when(p.submittedAt)}.`,
      },
      { inset: `Your reference number is ${p.reference}` },
      { p: "A copy of your answers is below. Keep this email for your records." },
      ...p.answers,
    ]),
  phaseNotice: (p) =>
    compose(`${p.region}: ${p.step} has ${p.change}`, [
      { p: `Dear ${p.name},` },
      {
        p: `The ${p.step} step of the ${p.region} cycle has ${p.change}.${p.total > 0 ? ` ${p.submitted} of ${p.total} local authorities have submitted.` : ""}`,
      },
      { link: { text: "See the cycle board", href: p.boardLink } },
    ]),
  planPublished: (p) =>
    compose(`${p.region} regional development plan ${p.year} published`, [
      { p: `Dear ${p.name},` },
      { p: `Version ${p.version} of the ${p.region} regional development plan for ${p.year} has been published.` },
      ...(p.priorities.length ? [{ p: "The common priorities are:" } as Block, { list: p.priorities } as Block] : []),
      { link: { text: "Read the regional development plan", href: p.link } },
    ]),
  signOffRequest: (p) =>
    compose(`Approve ${p.authority}'s ${p.form.toLowerCase()}`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.submittedBy} has submitted ${p.authority}'s ${p.form.toLowerCase()}. It counts as submitted only when you approve it.`,
      },
      { link: { text: `Read the ${p.form.toLowerCase()} and approve or return it`, href: p.link } },
      {
        p: "Or reply to this email. Start your reply with APPROVE to approve it, or with RETURN followed by what needs to change to send it back to your officers.",
      },
    ]),
  signOffReturned: (p) =>
    compose(`${p.authority}'s ${p.form.toLowerCase()} has been returned for changes`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.dcsName}, your director of children's services, has returned the ${p.form.toLowerCase()} for changes:`,
      },
      { inset: p.comment },
      { link: { text: `Change the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "When you submit it again, it goes back to your director for approval." },
    ]),
  reopened: (p) =>
    compose(`${p.authority}'s ${p.form.toLowerCase()} has been reopened`, [
      { p: `Dear ${p.name},` },
      { p: `Your regional lead has reopened the ${p.form.toLowerCase()} so that it can be changed. Their reason:` },
      { inset: p.reason },
      { link: { text: `Change the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "Your previous submission is kept in the form's history." },
    ]),
  undeliverable: (p) =>
    compose(`We could not reach ${p.address}`, [
      { p: `Dear ${p.name},` },
      { p: `An email (${p.purpose}) to ${p.address} could not be delivered: ${p.reason}.` },
      { p: "Check the address in the region's contacts and update it, or send the information another way." },
    ]),
  replyAcknowledged: (p) =>
    compose(`We have recorded your reply about ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      {
        p:
          p.decision === "accept"
            ? `Thank you: we have recorded that you accept the review of ${p.reviewee}.`
            : p.decision === "decline"
              ? `Thank you: we have recorded that you cannot do the review of ${p.reviewee}. We will ask another local authority.`
              : `Thank you: we have recorded your comments about ${p.reviewee}.`,
      },
    ]),
  replyHelp: (p) =>
    compose("We could not use your email", [
      { p: `Thank you for your email. We could not record it because ${p.reason}.` },
      {
        p: "To answer a request, reply to the email it came in, starting your reply with ACCEPT or DECLINE, or use the links in that email.",
      },
      { p: "If you need help, contact your regional lead." },
    ]),
  signIn: (p) =>
    compose("Your sign-in link", [
      { p: `Dear ${p.name},` },
      { link: { text: "Sign in to sector-led improvement", href: p.link } },
      {
        p: `The link works once and expires in ${p.minutes} minutes. If you did not ask for it, you can ignore this email.`,
      },
    ]),
};

export function render<K extends EmailName>(name: K, p: Personalisation[K]): RenderedEmail {
  return EMAILS[name](p);
}

const link = "https://riia.example.org/f/sample-link";
export const SAMPLES: { [K in EmailName]: Personalisation[K] } = {
  ...REPLY_SAMPLES,
  invitation: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    deadline: "2026-10-31T23:59:59Z",
    link,
    region: "East Midlands",
  },
  reminder: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    deadline: "2026-10-31T23:59:59Z",
    link,
    daysLeft: 7,
    reminder: 2,
  },
  assignment: {
    name: "Sam Hughes",
    reviewer: "Leicester",
    reviewee: "Derby",
    step: "scrutiny",
    deadline: "2026-11-30T23:59:59Z",
    acceptLink: `${link}/accept`,
    declineLink: `${link}/decline`,
    formLink: link,
  },
  reviewerReminder: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    deadline: "2026-11-30T23:59:59Z",
    formLink: link,
  },
  overdue: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    deadline: "2026-10-31T23:59:59Z",
    daysOverdue: 4,
    link,
  },
  escalation: {
    name: "Ruth Adebayo",
    role: "DfE adviser",
    authority: "Derby",
    form: "Annual self-evaluation",
    deadline: "2026-10-31T23:59:59Z",
    daysOverdue: 20,
    region: "East Midlands",
  },
  confirmation: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    reference: "A1B2C3D4",
    submittedAt: "2026-10-20T14:05:00Z",
    answers: [{ h: "Overall summary" }, { pre: [{ label: "How do you know it?", value: "Audits and feedback." }] }],
  },
  phaseNotice: {
    name: "Morgan Lee",
    region: "East Midlands",
    step: "self-evaluation",
    change: "closed",
    submitted: 9,
    total: 10,
    boardLink: "https://riia.example.org/lead",
  },
  planPublished: {
    name: "Alex Patel",
    region: "East Midlands",
    year: "2026–27",
    version: 1,
    link: "https://riia.example.org/plans/sample",
    priorities: ["Workforce", "Placement sufficiency"],
  },
  signOffRequest: {
    name: "Jo Clarke",
    authority: "Derby",
    form: "Annual self-evaluation",
    submittedBy: "Alex Patel",
    link: "https://riia.example.org/sign-off/sample-link",
  },
  signOffReturned: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    dcsName: "Jo Clarke",
    comment: "Say more about how we know practice is improving.",
    link,
  },
  reopened: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    reason: "Add the audit evidence you mentioned.",
    link,
  },
  undeliverable: {
    name: "Morgan Lee",
    region: "East Midlands",
    address: "old.address@derby.example.org",
    purpose: "invitation",
    reason: "the address bounced",
  },
  replyAcknowledged: { name: "Sam Hughes", reviewee: "Derby", decision: "accept" },
  replyHelp: { reason: "we could not tell which request it answers" },
  signIn: { name: "Morgan Lee", link: "https://riia.example.org/s/sample", minutes: 15 },
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
