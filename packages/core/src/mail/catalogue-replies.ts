/**
 * Emails about replies to assignment requests: asking back when a reply decided nothing, holding
 * replies from unexpected addresses, telling the lead of a change of mind, refused attachments,
 * and telling a reviewer the work to review has arrived. Part of the catalogue (see catalogue.ts).
 */
import { compose, type Block, type RenderedEmail } from "./compose";
import { when } from "./catalogue-dates";

export interface ReplyPersonalisation {
  /** The answer to a reply that was recorded: what it did, and the findings it gave, echoed back. */
  replyRecorded: {
    name: string;
    reviewee: string;
    outcome: "accepted" | "declined" | "comment" | "changed-to-decline" | "changed-to-accept" | "refused";
    recorded?: { label: string; value: string }[];
    kept?: string[];
    formLink?: string;
  };
  replyAskBack: {
    name: string;
    reviewee: string;
    step: string;
    acceptLink: string;
    declineLink: string;
    formLink: string;
  };
  replyHeld: { reviewee: string; authority: string };
  replyHeldForLead: { name: string; from: string; reviewer: string; reviewee: string; step: string; link: string };
  decisionChanged: { name: string; reviewer: string; reviewee: string; step: string; change: string; next: string };
  attachmentRefused: { name: string; reviewee: string; refused: string[]; limit: string };
  reviewArrived: { name: string; reviewee: string; form: string; link: string };
  reviewUpdated: { name: string; reviewee: string; form: string; reason: string; link: string };
  /** A review read from an email was complete and has been submitted: the reviewer's copy. */
  reviewSubmittedByEmail: {
    name: string;
    reviewee: string;
    step: string;
    reference: string;
    deadline: string;
    answers: { label: string; value: string }[];
    kept?: string[];
    formLink: string;
  };
  /** A review read from an email is not complete: what it still needs, and how to give it. */
  reviewIncomplete: {
    name: string;
    reviewee: string;
    step: string;
    missing: string[];
    headings: string[];
    answers: { label: string; value: string }[];
    kept?: string[];
    formLink: string;
  };
  /** A decline after accepting (or the like) waits for the lead: the reviewer is told. */
  changeOfMindHeld: { name: string; reviewee: string; step: string };
  /** The lead answered for the reviewer (accepted or declined on their behalf, or decided a held reply). */
  decidedForReviewer: { name: string; reviewee: string; step: string; what: string; formLink?: string };
  /** What was left out of an email (files, text over the limit): named to the sender. */
  notKept: { name: string; reviewee: string; items: string[]; formLink?: string };
}

const link = "https://riia.example.org/f/sample-link";

/** What a recorded answer did, in one sentence (the acknowledgement and the accept/decline page say the same). */
export const RECORDED: Record<ReplyPersonalisation["replyRecorded"]["outcome"], (reviewee: string) => string> = {
  accepted: (r) => `Thank you: we have recorded that you accept the review of ${r}.`,
  declined: (r) =>
    `Thank you: we have recorded that you cannot do the review of ${r}. We will ask another local authority.`,
  comment: (r) => `Thank you: we have recorded your comments about ${r}.`,
  "changed-to-decline": (r) =>
    `Thank you: we have recorded that you can no longer do the review of ${r}, which you had accepted. We are asking another local authority and have told your regional lead.`,
  "changed-to-accept": (r) =>
    `Thank you: we have recorded that you can do the review of ${r} after all, and have told your regional lead.`,
  refused: (r) =>
    `We have not changed anything. Your local authority declined the review of ${r} earlier and it has already gone to another local authority. If this is wrong, contact your regional lead.`,
};

export const REPLY_EMAILS: { [K in keyof ReplyPersonalisation]: (p: ReplyPersonalisation[K]) => RenderedEmail } = {
  replyRecorded: (p) =>
    compose(
      p.outcome === "refused"
        ? `We have not changed your answer about ${p.reviewee}`
        : `We have recorded your reply about ${p.reviewee}`,
      [
        { p: `Dear ${p.name},` },
        { p: RECORDED[p.outcome](p.reviewee) },
        ...(p.recorded?.length
          ? [{ p: "We recorded these findings from your email:" } as Block, { pre: p.recorded } as Block]
          : []),
        ...(p.kept?.length
          ? [{ p: "We kept these files as your review document:" } as Block, { list: p.kept } as Block]
          : []),
        ...(p.formLink
          ? [
              { p: "To correct or add to what we recorded, use the response form:" } as Block,
              { link: { text: "Open the response form", href: p.formLink } } as Block,
            ]
          : []),
      ],
    ),
  replyAskBack: (p) =>
    compose(`Can you do the peer ${p.step} of ${p.reviewee}?`, [
      { p: `Dear ${p.name},` },
      {
        p: `Thank you for your email about the peer ${p.step} of ${p.reviewee}. We could not tell from it whether your local authority accepts or declines the review, so we have not recorded a decision. We have kept your email and your regional lead can see it.`,
      },
      { p: "Please tell us with one of these links:" },
      { link: { text: "Accept this review", href: p.acceptLink } },
      { link: { text: "Decline this review", href: p.declineLink } },
      { p: "Or reply to this email starting with ACCEPT or DECLINE. Your response itself goes on the form:" },
      { link: { text: "Open the response form", href: p.formLink } },
    ]),
  replyHeld: (p) =>
    compose(`We are checking your email about ${p.reviewee}`, [
      {
        p: `Thank you for your email about the review of ${p.reviewee}. It came from an address we do not hold for ${p.authority}, so we have kept it for the regional lead to check. Nothing has been recorded yet.`,
      },
      {
        p: `If you reply for ${p.authority}, it is quickest to answer from the address the request was sent to, or to use the links in that email (accept, decline and the response form). You can also ask your regional lead to add this address to your authority's contacts.`,
      },
    ]),
  replyHeldForLead: (p) =>
    compose(`Please check a reply about ${p.reviewee} from ${p.from}`, [
      { p: `Dear ${p.name},` },
      {
        p: `A reply about the peer ${p.step} of ${p.reviewee} by ${p.reviewer} came from ${p.from}, which is not an address we hold for ${p.reviewer}. We have kept it and applied nothing. We have told the sender.`,
      },
      { link: { text: "Accept or reject the reply", href: p.link } },
    ]),
  decisionChanged: (p) =>
    compose(`${p.reviewer} has changed its answer about ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      { p: `${p.reviewer} ${p.change} the peer ${p.step} of ${p.reviewee}.` },
      { p: p.next },
    ]),
  attachmentRefused: (p) =>
    compose(`We could not keep some files you sent about ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      { p: `We recorded your email about ${p.reviewee}, but we could not keep these files:` },
      { list: p.refused },
      { p: `We accept ${p.limit}. Please send the files again in smaller parts, or upload them on the response form.` },
    ]),
  reviewArrived: (p) =>
    compose(`${p.reviewee}'s ${p.form} is ready for you to review`, [
      { p: `Dear ${p.name},` },
      { p: `${p.reviewee} has submitted its ${p.form}. You can now read it for your peer review.` },
      { link: { text: `Read ${p.reviewee}'s ${p.form}`, href: p.link } },
    ]),
  reviewUpdated: (p) =>
    compose(`${p.reviewee} has changed its ${p.form}`, [
      { p: `Dear ${p.name},` },
      {
        p: `Your regional lead reopened ${p.reviewee}'s ${p.form} so that it could be changed, and ${p.reviewee} has now submitted it again. Please read the new version before you finish your peer review.`,
      },
      ...(p.reason ? [{ p: "The regional lead's reason for reopening it:" }, { inset: p.reason }] : []),
      { link: { text: `Read ${p.reviewee}'s ${p.form} as it is now`, href: p.link } },
    ]),
  reviewSubmittedByEmail: (p) =>
    compose(`Your peer ${p.step} of ${p.reviewee} is submitted`, [
      { p: `Dear ${p.name},` },
      {
        p: `Thank you. We read your email as your review of ${p.reviewee}, filled in the peer ${p.step} response form with it and submitted it (reference ${p.reference}). This is your copy:`,
      },
      { pre: p.answers },
      ...(p.kept?.length ? [{ p: "Files kept with your review:" } as Block, { list: p.kept } as Block] : []),
      {
        p: `To change it before ${when(p.deadline)}, reply to this email with the parts to change under the same headings, or open the form:`,
      },
      { link: { text: `Open your peer ${p.step} response`, href: p.formLink } },
    ]),
  reviewIncomplete: (p) =>
    compose(`Your peer ${p.step} of ${p.reviewee} is not submitted yet`, [
      { p: `Dear ${p.name},` },
      {
        p: `Thank you for your review of ${p.reviewee}. We have put what you sent into your peer ${p.step} response form as a draft, but we have not submitted it, because it still needs:`,
      },
      { list: p.missing },
      {
        p: "Reply to this email with the missing parts, each under its heading as below, or finish the form yourself and submit it:",
      },
      { list: p.headings },
      { link: { text: `Open the peer ${p.step} response form`, href: p.formLink } },
      ...(p.answers.length
        ? [{ p: "What we have from your email so far:" } as Block, { pre: p.answers } as Block]
        : []),
      ...(p.kept?.length ? [{ p: "Files kept with your review:" } as Block, { list: p.kept } as Block] : []),
    ]),
  changeOfMindHeld: (p) =>
    compose(`Your regional lead will decide on your change about ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      {
        p: `Your local authority had accepted the peer ${p.step} of ${p.reviewee}, and your email now says you cannot do it. We have not changed anything yet: we have passed your email to your regional lead, who will decide and let you know.`,
      },
      { p: "Until then the review stays with your local authority." },
    ]),
  decidedForReviewer: (p) =>
    compose(`Your regional lead has answered for you about ${p.reviewee}`, [
      { p: `Dear ${p.name},` },
      { p: `About the peer ${p.step} of ${p.reviewee}: ${p.what}` },
      ...(p.formLink
        ? [
            { p: "Your response goes on the form:" } as Block,
            { link: { text: "Open the response form", href: p.formLink } } as Block,
          ]
        : []),
      { p: "If this is wrong, contact your regional lead." },
    ]),
  notKept: (p) =>
    compose(`Some of what you sent about ${p.reviewee} was not kept`, [
      { p: `Dear ${p.name},` },
      { p: `We recorded your email about ${p.reviewee}, but we could not keep:` },
      { list: p.items },
      ...(p.formLink
        ? [
            { p: "Please send it again in smaller parts, or add it on the response form:" } as Block,
            { link: { text: "Open the response form", href: p.formLink } } as Block,
          ]
        : [{ p: "Please send it again in smaller parts." } as Block]),
    ]),
};

const reviewAnswers = [
  { label: "Findings", value: "A stable workforce." },
  { label: "Overall, how well does the self-evaluation reflect the evidence?", value: "Amber" },
];

export const REPLY_SAMPLES: ReplyPersonalisation = {
  reviewSubmittedByEmail: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    reference: "RIIA-1234-5678",
    deadline: "2026-11-30T23:59:59Z",
    answers: reviewAnswers,
    kept: ["review.pdf"],
    formLink: link,
  },
  reviewIncomplete: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    missing: ["Lines of enquiry (area 1)", "Confidence in the evidence (area 1)"],
    headings: ["Area", "Lines of enquiry", "Findings", "Challenge", "Confidence in the evidence"],
    answers: reviewAnswers,
    formLink: link,
  },
  changeOfMindHeld: { name: "Sam Hughes", reviewee: "Derby", step: "scrutiny" },
  decidedForReviewer: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    what: "your regional lead has recorded that your local authority accepts the review.",
    formLink: link,
  },
  notKept: {
    name: "Sam Hughes",
    reviewee: "Derby",
    items: ["site-photos.zip (24 MB): larger than 10 MB"],
    formLink: link,
  },
  replyRecorded: {
    name: "Sam Hughes",
    reviewee: "Derby",
    outcome: "comment",
    recorded: [
      { label: "Strengths", value: "A stable workforce." },
      { label: "Overall", value: "Amber" },
    ],
    kept: ["review.docx"],
    formLink: link,
  },
  replyAskBack: {
    name: "Sam Hughes",
    reviewee: "Derby",
    step: "scrutiny",
    acceptLink: `${link}/accept`,
    declineLink: `${link}/decline`,
    formLink: link,
  },
  replyHeld: { reviewee: "Derby", authority: "Leicester" },
  replyHeldForLead: {
    name: "Morgan Lee",
    from: "sam.hughes@example.com",
    reviewer: "Leicester",
    reviewee: "Derby",
    step: "scrutiny",
    link: "https://riia.example.org/lead",
  },
  decisionChanged: {
    name: "Morgan Lee",
    reviewer: "Leicester",
    reviewee: "Derby",
    step: "scrutiny",
    change: "has declined, after accepting,",
    next: "We have sent the review to the first reserve, Nottingham.",
  },
  attachmentRefused: {
    name: "Sam Hughes",
    reviewee: "Derby",
    refused: ["site-photos.zip (24 MB): larger than 10 MB"],
    limit: "up to 10 files of up to 10 MB each",
  },
  reviewArrived: { name: "Sam Hughes", reviewee: "Derby", form: "self-evaluation", link },
  reviewUpdated: {
    name: "Sam Hughes",
    reviewee: "Derby",
    form: "self-evaluation",
    reason: "Add the findings of the March audit.",
    link,
  },
};
