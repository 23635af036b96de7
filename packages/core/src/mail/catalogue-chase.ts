/**
 * Chasing a reviewer in the peer-review steps: a reminder once the deadline has passed, the overdue notice, and the
 * MoU escalation, each naming the reviews the reviewing LA still owes (never the LAs waiting for them). Part of the
 * catalogue (see catalogue.ts).
 */
import { compose, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface ChasePersonalisation {
  reviewerLate: {
    name: string;
    reviewee: string;
    /** "scrutiny" or "challenge". */
    step: string;
    deadline: string;
    daysOverdue: number;
    /** The overdue notice rather than a reminder. */
    overdue: boolean;
    formLink: string;
    workLink?: string;
  };
  reviewEscalation: {
    name: string;
    role: string;
    reviewer: string;
    reviewees: string[];
    step: string;
    deadline: string;
    daysOverdue: number;
    region: string;
  };
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
const list = (names: string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");

export const CHASE_EMAILS: {
  [K in keyof ChasePersonalisation]: (p: ChasePersonalisation[K]) => RenderedEmail;
} = {
  reviewerLate: (p) =>
    compose(
      p.overdue
        ? `Overdue: your peer ${p.step} of ${p.reviewee}`
        : `Reminder: peer ${p.step} of ${p.reviewee} was due ${when(p.deadline)}`,
      [
        { p: `Dear ${p.name},` },
        {
          p: `Your peer ${p.step} of ${p.reviewee} was due on ${when(p.deadline)} and is now ${days(p.daysOverdue)} overdue. ${p.reviewee} is waiting for it.`,
        },
        { link: { text: `Open your peer ${p.step} response form`, href: p.formLink } },
        ...(p.workLink ? [{ link: { text: `Read ${p.reviewee}'s submission (read only)`, href: p.workLink } }] : []),
        {
          p: "You can also reply to this email with your review. If something is stopping you, contact your regional lead.",
        },
      ],
    ),
  reviewEscalation: (p) =>
    compose(`Escalation: ${p.reviewer}'s peer ${p.step} of ${list(p.reviewees)} is ${days(p.daysOverdue)} overdue`, [
      { p: `Dear ${p.name},` },
      {
        p: `Under the ${p.region} memorandum of understanding, we are letting you know as ${p.role} that ${p.reviewer} agreed to carry out peer ${p.step} of ${list(p.reviewees)}, which was due on ${when(p.deadline)}, and has not submitted it: it is ${days(p.daysOverdue)} overdue.`,
      },
      {
        p: `${list(p.reviewees)} ${p.reviewees.length === 1 ? "is" : "are"} waiting for ${p.reviewees.length === 1 ? "this review" : "these reviews"} and ${p.reviewees.length === 1 ? "has" : "have"} nothing to do. No action is needed from you unless you want to follow it up with ${p.reviewer}.`,
      },
    ]),
};

const link = "https://riia.example.org/f/sample-link";
export const CHASE_SAMPLES: ChasePersonalisation = {
  reviewerLate: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    deadline: "2026-11-30T23:59:59Z",
    daysOverdue: 3,
    overdue: true,
    formLink: link,
  },
  reviewEscalation: {
    name: "Morgan Lee",
    role: "regional lead",
    reviewer: "Leicester",
    reviewees: ["Derby", "Rutland"],
    step: "scrutiny",
    deadline: "2026-11-30T23:59:59Z",
    daysOverdue: 10,
    region: "East Midlands",
  },
};
