/**
 * Emails asking a reviewing LA to carry out a peer review, and reminding it: accept/decline links,
 * the reply address, the response form and the reviewee's work. Part of the catalogue (see catalogue.ts).
 */
import { compose, type Block, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface ReviewPersonalisation {
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
  /** To a reviewed LA's officers and DCS: its reviews can be read (all in, or the step closed with some missing). */
  reviewsReady: {
    name: string;
    reviewee: string;
    /** The step in words: "peer scrutiny" or "peer challenge". */
    step: string;
    submitted: number;
    requested: number;
    readLink: string;
  };
}

const workBlocks = (p: { reviewee: string; workLink?: string }): Block[] =>
  p.workLink ? [{ link: { text: `Read ${p.reviewee}'s submission (read only)`, href: p.workLink } }] : [];

const replyHint: Block = {
  p: "You can reply to this email. Start your reply with ACCEPT or DECLINE, or write your comments.",
};

export const REVIEW_EMAILS: {
  [K in keyof ReviewPersonalisation]: (p: ReviewPersonalisation[K]) => RenderedEmail;
} = {
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
        p: "You can also reply with your review, using the questions of the response form as headings: Area, Lines of enquiry, Findings, Challenge, Recommendations, Confidence in the evidence, Summary, and Overall (green, amber or red). Attach a Word or PDF file if you have one. When it is complete we submit it and send you a copy; if something is missing we tell you what.",
      },
      { p: "When you have reviewed the evidence, record your response on the form:" },
      { link: { text: `Open the peer ${p.step} response form`, href: p.formLink } },
    ]),
  reviewerReminder: (p) =>
    compose(`Reminder: peer ${p.step} of ${p.reviewee} due ${when(p.deadline)}`, [
      { p: `Dear ${p.name},` },
      { p: `Your peer ${p.step} of ${p.reviewee} is due on ${when(p.deadline)}.` },
      { link: { text: `Open the peer ${p.step} response form`, href: p.formLink } },
      ...workBlocks(p),
      replyHint,
    ]),
  reviewsReady: (p) => {
    const missing = p.requested - p.submitted;
    return compose(`Your ${p.step} reviews are ready to read`, [
      { p: `Dear ${p.name},` },
      {
        p: missing
          ? `${p.submitted} of the ${p.requested} reviewers asked have sent their ${p.step} of ${p.reviewee}. The step has closed: your regional lead will follow up the ${missing === 1 ? "review" : "reviews"} still missing.`
          : `Every reviewer has sent their ${p.step} of ${p.reviewee}.`,
      },
      { link: { text: "Read your reviews", href: p.readLink } },
      {
        p: "You can add a short response to each review, for example to correct a fact or to thank the reviewers. Your regional lead sees your responses.",
      },
      { p: "This link is for you only: please do not forward it." },
    ]);
  },
};

const link = "https://riia.example.org/f/sample-link";
export const REVIEW_SAMPLES: ReviewPersonalisation = {
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
  reviewsReady: {
    name: "Alex Patel",
    reviewee: "Derby",
    step: "peer scrutiny",
    submitted: 2,
    requested: 2,
    readLink: "https://riia.example.org/r/sample-link/reviews",
  },
};
