/**
 * Emails about replies to assignment requests: asking back when a reply decided nothing, holding
 * replies from unexpected addresses, telling the lead of a change of mind, refused attachments,
 * and telling a reviewer the work to review has arrived. Part of the catalogue (see catalogue.ts).
 */
import { compose, type Block, type RenderedEmail } from "./compose";

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
        p: `If you reply for ${p.authority}, it is quickest to answer from the address the request was sent to, or ask your regional lead to add this address to your authority's contacts.`,
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
};

export const REPLY_SAMPLES: ReplyPersonalisation = {
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
