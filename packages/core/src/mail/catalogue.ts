/**
 * Every email riia sends, as functions from personalisation to a rendered message, in GOV.UK
 * Notify's plain style. `SAMPLES` gives each one sample data so leads can preview them.
 * Themed parts live beside it (catalogue-review, -replies, -dataset); this file joins them.
 */
import { compose, type Block, type RenderedEmail } from "./compose";
import { REPLY_EMAILS, REPLY_SAMPLES, type ReplyPersonalisation } from "./catalogue-replies";
import { DATASET_EMAILS, DATASET_SAMPLES, type DatasetPersonalisation } from "./catalogue-dataset";
import { REVIEW_EMAILS, REVIEW_SAMPLES, type ReviewPersonalisation } from "./catalogue-review";
import { LINK_EMAILS, LINK_SAMPLES, type LinkPersonalisation } from "./catalogue-links";
import { CHASE_EMAILS, CHASE_SAMPLES, type ChasePersonalisation } from "./catalogue-chase";
import { EXCHANGE_EMAILS, EXCHANGE_SAMPLES, type ExchangePersonalisation } from "./catalogue-exchange";
import { IMPACT_EMAILS, IMPACT_SAMPLES, type ImpactPersonalisation } from "./catalogue-impact";
import { when } from "./catalogue-dates";
export { RECORDED as recordedText } from "./catalogue-replies";

export interface Personalisation
  extends
    ReplyPersonalisation,
    DatasetPersonalisation,
    ReviewPersonalisation,
    LinkPersonalisation,
    ChasePersonalisation,
    ExchangePersonalisation,
    ImpactPersonalisation {
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
  signOffUnclear: { name: string; authority: string; form: string; problem: string; link: string };
  signOffApproved: { name: string; authority: string; form: string; dcsName: string; reference: string; link: string };
  reopened: { name: string; authority: string; form: string; reason: string; link: string };
  deadlineExtended: { name: string; authority: string; form: string; deadline: string; link: string };
  replyAcknowledged: { name: string; reviewee: string; decision: "accept" | "decline" | "comment" };
  replyHelp: { reason: string };
  signIn: { name: string; link: string; minutes: number };
}
export type EmailName = keyof Personalisation;

/** A step's name as people say it ("peer-scrutiny" → "peer scrutiny"; "self-evaluation" keeps its hyphen). */
const stepInWords = (step: string) => (step === "self-evaluation" ? step : step.replace(/-/g, " "));

export const EMAILS: { [K in EmailName]: (p: Personalisation[K]) => RenderedEmail } = {
  ...REPLY_EMAILS,
  ...DATASET_EMAILS,
  ...REVIEW_EMAILS,
  ...LINK_EMAILS,
  ...CHASE_EMAILS,
  ...EXCHANGE_EMAILS,
  ...IMPACT_EMAILS,
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
    compose(`${p.region}: ${stepInWords(p.step)} has ${p.change}`, [
      { p: `Dear ${p.name},` },
      {
        p: `The ${stepInWords(p.step)} step of the ${p.region} cycle has ${p.change}.${p.total > 0 ? ` ${p.submitted} of ${p.total} local authorities have submitted.` : ""}`,
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
  signOffUnclear: (p) =>
    compose(`Your reply about ${p.authority}'s ${p.form.toLowerCase()}: nothing has changed yet`, [
      { p: `Dear ${p.name},` },
      { p: `We received your reply, but we have not approved or returned the ${p.form.toLowerCase()}:` },
      { inset: p.problem },
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
  signOffApproved: (p) =>
    compose(`${p.authority}'s ${p.form.toLowerCase()} has been approved`, [
      { p: `Dear ${p.name},` },
      {
        p: `${p.dcsName}, your director of children's services, has approved the ${p.form.toLowerCase()}. It now counts as submitted (reference ${p.reference}).`,
      },
      { link: { text: `View the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "It cannot be changed now unless your regional lead reopens it." },
    ]),
  reopened: (p) =>
    compose(`${p.authority}'s ${p.form.toLowerCase()} has been reopened`, [
      { p: `Dear ${p.name},` },
      { p: `Your regional lead has reopened the ${p.form.toLowerCase()} so that it can be changed. Their reason:` },
      { inset: p.reason },
      { link: { text: `Change the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "Your previous submission is kept in the form's history." },
    ]),
  deadlineExtended: (p) =>
    compose(`${p.form}: ${p.authority} now has until ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      {
        p: `Your regional lead has given ${p.authority} more time for the ${p.form.toLowerCase()}. The new deadline is ${when(p.deadline)}.`,
      },
      { link: { text: `Continue the ${p.form.toLowerCase()}`, href: p.link } },
      { p: "This link is personal to you. Reminders now count from the new deadline." },
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
  ...DATASET_SAMPLES,
  ...REVIEW_SAMPLES,
  ...LINK_SAMPLES,
  ...CHASE_SAMPLES,
  ...EXCHANGE_SAMPLES,
  ...IMPACT_SAMPLES,
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
  signOffUnclear: {
    name: "Jo Clarke",
    authority: "Derby",
    form: "Annual self-evaluation",
    problem: "Your reply did not start with APPROVE or RETURN.",
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
  signOffApproved: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    dcsName: "Jo Clarke",
    reference: "RIIA-SE-7K3Q-2",
    link,
  },
  deadlineExtended: {
    name: "Alex Patel",
    authority: "Derby",
    form: "Annual self-evaluation",
    deadline: "2026-11-14T23:59:59Z",
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
};
