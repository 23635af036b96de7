/**
 * A reply to an assignment request: who may answer (the person asked, their authority's contacts;
 * another address of the same organisation or a personal address is held for the lead), what the
 * reviewer wrote (own words, decision, review headings, attachments) and what they are told back.
 */
import { Keys, type Deps } from "../shared";
import type { ParsedMail } from "mailparser";
import { Answers, Assignments, Review, ReviewLabels, type ReviewDraft } from "../peer-review";
import { Cycle } from "../cycle";
import { Templates } from "../submissions";
import { Emails, ReplyText, Replies } from "../mail";
import { People, Region } from "../directory";
import { isAbsenceNotice } from "./screen";
import { reviewFromText, REVIEW_FIELDS, type ReviewField } from "./review-headings";
import { keepAttachments } from "./attachments";
import { messageNumber, sendNow } from "./notify";
import type { InboundMessage, Outcome } from "./types";

/** Replies longer than this keep their whole text in the bucket; the record holds the start. */
export const TEXT_IN_RECORD = 4_000;
/** The most of one email's own words that is read and kept (a long review, whole); beyond it the sender is told. */
export const MAX_TEXT = 250_000;

const PERSONAL = new Set(
  "gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com live.co.uk msn.com yahoo.com yahoo.co.uk icloud.com me.com mac.com btinternet.com aol.com protonmail.com proton.me sky.com virginmedia.com talktalk.net".split(
    " ",
  ),
);
const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

type Sender = { kind: "known"; person?: People.Person } | { kind: "held" } | { kind: "stranger" };

async function senderOf(deps: Deps, handle: Replies.ReplyHandle, from: string): Promise<Sender> {
  const asked = await deps.store.get<People.Person>(Keys.person(handle.personId));
  if (asked?.email === from) return { kind: "known", person: asked };
  const contacts = await People.listByAuthority(deps, handle.authority);
  const contact = contacts.find((p) => p.email === from);
  if (contact) return { kind: "known", person: contact };
  const domains = new Set([asked?.email, ...contacts.map((c) => c.email)].filter(Boolean).map((e) => domainOf(e!)));
  if (from && (domains.has(domainOf(from)) || PERSONAL.has(domainOf(from)))) return { kind: "held" };
  return { kind: "stranger" };
}

async function wholeText(deps: Deps, messageId: string, text: string) {
  if (text.length <= TEXT_IN_RECORD) return { text };
  // Under attachments/: the prefix the inbound function may write to (stacks/Email.ts).
  const textKey = `attachments/replies/${messageId}/reply-text.txt`;
  await deps.blobs.put(textKey, Buffer.from(text, "utf8"), { contentType: "text/plain; charset=utf-8" });
  return { text: text.slice(0, TEXT_IN_RECORD), textKey };
}

/** The accept/decline/form links and the reply address for the person who wrote, when the cycle still has them. */
async function linksFor(deps: Deps, a: Assignments.Assignment, person: People.Person | undefined) {
  if (!person) return undefined;
  try {
    const cycle = await Cycle.get(deps, a.cycleId);
    const { token, formHref, address } = await Review.reviewerContact(deps, cycle, a, person);
    return {
      address,
      deadline: Cycle.phase(cycle, a.step).deadline,
      acceptLink: `${deps.config.baseUrl}/r/${token}/accept`,
      declineLink: `${deps.config.baseUrl}/r/${token}/decline`,
      formLink: formHref,
    };
  } catch (err) {
    deps.log.warn({ err, assignment: a.id }, "no links for the reply's answer");
    return undefined;
  }
}

type HeldWhy = "address" | "change";

/**
 * Keep a reply for the lead to decide (it shows under "replies that need you"): one from an address
 * we do not hold for the reviewer, or a change of mind. The sender is told why and how to answer (this
 * path is reached only for authenticated senders), and the region's leads are emailed.
 */
async function hold(
  deps: Deps,
  input: { record: InboundMessage; a: Assignments.Assignment; reply: Assignments.Reply; why: HeldWhy },
  person: People.Person | undefined,
  replyTo: string,
) {
  const { record, a } = input;
  const why =
    input.why === "change"
      ? "a change of mind: this declines a review the reviewer had accepted; the lead decides"
      : "sent from an address we do not hold for the reviewer";
  await Assignments.recordReply(deps, { id: a.id, reply: { ...input.reply, held: "waiting", why }, by: record.from });
  const [reviewer, reviewee] = await Promise.all([
    Region.authority(deps, a.reviewer),
    Region.authority(deps, a.reviewee),
  ]);
  const n = messageNumber(record.messageId);
  const step = Answers.stepWord(a.step);
  await sendNow(deps, {
    key: { cycleId: a.cycleId, step: a.step, recipient: record.from, purpose: "reply-held", n },
    to: record.from,
    replyTo,
    regionId: a.regionId,
    message:
      input.why === "change"
        ? Emails.render("changeOfMindHeld", { name: person?.name ?? record.from, reviewee: reviewee.name, step })
        : Emails.render("replyHeld", { reviewee: reviewee.name, authority: reviewer.name }),
  });
  await Answers.tellLeads(deps, a, `reply-held:${record.messageId}`, (lead) =>
    input.why === "change"
      ? Emails.render("decisionChanged", {
          name: lead.name,
          reviewer: reviewer.name,
          reviewee: reviewee.name,
          step,
          change: "has asked to decline, after accepting,",
          next: `Nothing has changed yet. Decide in "Replies that need you": ${deps.config.baseUrl}/lead/cycles/${a.cycleId}/replies`,
        })
      : Emails.render("replyHeldForLead", {
          name: lead.name,
          from: record.from,
          reviewer: reviewer.name,
          reviewee: reviewee.name,
          step,
          link: `${deps.config.baseUrl}/lead/cycles/${a.cycleId}/replies`,
        }),
  );
  return { status: "held" as const, answered: a.id, reason: why };
}

/** What the reviewer wrote, as a reply record: own words (whole text in the bucket when long), decision, headings, files. */
async function readReply(
  deps: Deps,
  record: InboundMessage,
  mail: ParsedMail,
  a: Assignments.Assignment,
  own: string,
  forms: ReviewLabels.ReviewForms | undefined,
) {
  const text = own.slice(0, MAX_TEXT);
  const reviewee = await Region.authority(deps, a.reviewee);
  const read = ReplyText.readDecision({
    text,
    subject: record.subject,
    original: `Peer ${Answers.stepWord(a.step)}: please review ${reviewee.name}`,
  });
  // With the forms engine at hand the review is read by the form's own labels (after the reply is
  // recorded); without it, by the long-standing headings.
  const review = forms ? undefined : reviewFromText(text);
  const files = await keepAttachments(deps, record.messageId, mail);
  const reply: Assignments.Reply = {
    messageId: record.messageId,
    from: record.from,
    at: record.receivedAt,
    decision: read.decision === "none" ? "comment" : read.decision,
    ...(await wholeText(deps, record.messageId, text)),
    attachments: files.kept,
    why: read.why,
    ...(review ? { review } : {}),
  };
  const notKept = [
    ...files.refused,
    ...(own.length > MAX_TEXT
      ? [
          `the text of your email after the first ${MAX_TEXT.toLocaleString("en-GB")} characters (it had ${own.length.toLocaleString("en-GB")})`,
        ]
      : []),
  ];
  return { reply, reviewee, files, notKept, text };
}

type Read = Awaited<ReturnType<typeof readReply>>;

/** A review that reads as one on the response form's own labels (a cheap check before the reply is recorded). */
async function looksLikeReview(
  deps: Deps,
  a: Assignments.Assignment,
  text: string,
  forms: ReviewLabels.ReviewForms | undefined,
) {
  if (!forms) return false;
  const [region, latest] = await Promise.all([
    Region.get(deps, a.regionId),
    Templates.latest(deps, a.regionId, "peer-challenge-response"),
  ]);
  const form = await forms.template(a.regionId, latest?.version ?? 1).catch(() => undefined);
  // Two answers at least: one heading ("Summary: could you send the dates?") is not a review.
  const found = form && ReviewLabels.readReview(text, form, { themes: region.settings.themes, names: [] });
  return !!found && found.read.length >= 2;
}

/** Read the email into the response form (filled, and submitted when complete), as the reviewer. */
function fillForm(
  deps: Deps,
  input: { a: Assignments.Assignment; person: People.Person; read: Read; forms: ReviewLabels.ReviewForms },
): Promise<ReviewDraft.EmailedReview | undefined> {
  return Answers.fillReviewFromReply(deps, {
    assignment: input.a,
    reply: input.read.reply,
    author: { id: input.person.id, name: input.person.name },
    forms: input.forms,
    text: input.read.text,
  });
}

/** The answer to an emailed review: submitted (the copy), still a draft (what it needs), or changes refused. */
function reviewMessage(
  emailed: ReviewDraft.EmailedReview,
  p: { name: string; reviewee: string; step: string; kept: string[]; links: { formLink: string; deadline: string } },
) {
  const { name, reviewee, step, kept } = p;
  const formLink = p.links.formLink;
  if (emailed.kind === "submitted")
    return {
      purpose: "reply-ack",
      message: Emails.render("reviewSubmittedByEmail", {
        ...{ name, reviewee, step, kept, formLink, reference: emailed.reference },
        ...{ deadline: p.links.deadline, answers: emailed.read },
      }),
    };
  if (emailed.kind === "draft" && emailed.read.length)
    return {
      purpose: "reply-ack",
      message: Emails.render("reviewIncomplete", {
        ...{ name, reviewee, step, kept, formLink, missing: emailed.missing },
        ...{ headings: emailed.headings, answers: emailed.read },
      }),
    };
  if (emailed.kind === "unchanged")
    return {
      purpose: "reply-unchanged",
      message: Emails.render("notKept", {
        name,
        reviewee,
        formLink,
        items: [
          `the changes to your submitted review: it would then be incomplete (${emailed.missing.join("; ")}). Your submitted review stands as it was.`,
        ],
      }),
    };
  return undefined;
}

/** Tell the sender what their reply did: ask back, the review submitted or what it still needs, or what was recorded; and anything not kept. */
async function answerSender(
  deps: Deps,
  record: InboundMessage,
  person: People.Person | undefined,
  { reply, reviewee, files, notKept }: Read,
  done: {
    assignment: Assignments.Assignment;
    outcome: Assignments.ReplyOutcome;
    emailed?: ReviewDraft.EmailedReview | undefined;
  },
  replyTo: string,
) {
  const { assignment, outcome, emailed } = done;
  const name = person?.name ?? record.from;
  const links = await linksFor(deps, assignment, person);
  const step = Answers.stepWord(assignment.step);
  const base = {
    cycleId: assignment.cycleId,
    step: assignment.step,
    recipient: record.from,
    n: messageNumber(record.messageId),
  };
  const to = { to: record.from, regionId: assignment.regionId, replyTo: links?.address ?? replyTo };
  const kept = files.kept.map((f) => f.name);
  let message;
  let purpose = "reply-ack";
  const aboutReview =
    links && emailed ? reviewMessage(emailed, { name, reviewee: reviewee.name, step, kept, links }) : undefined;
  if (outcome === "undecided" && links) {
    purpose = "reply-ask-back";
    message = Emails.render("replyAskBack", { name, reviewee: reviewee.name, step, ...links });
  } else if (aboutReview) {
    ({ purpose, message } = aboutReview);
  } else {
    message = Emails.render("replyRecorded", {
      name,
      reviewee: reviewee.name,
      outcome: Answers.recordedAs(outcome, assignment.status),
      // Findings are echoed as "recorded" only where they went somewhere: the old headings' draft.
      recorded:
        emailed?.kind === "locked"
          ? []
          : Object.entries(reply.review ?? {})
              .filter(([k]) => k in REVIEW_FIELDS)
              .map(([k, value]) => ({ label: REVIEW_FIELDS[k as ReviewField], value })),
      kept,
      ...(links ? { formLink: links.formLink } : {}),
    });
  }
  await sendNow(deps, { key: { ...base, purpose }, ...to, message });
  if (notKept.length) {
    const message = Emails.render("notKept", {
      name,
      reviewee: reviewee.name,
      items: [...notKept, `(We accept ${files.limit}.)`],
      ...(links ? { formLink: links.formLink } : {}),
    });
    await sendNow(deps, { key: { ...base, purpose: "reply-attachments" }, ...to, message });
  }
}

/** A reply to an assignment request: who sent it, what it says, what it does, and what the sender is told. */
export async function answerAssignment(
  deps: Deps,
  input: {
    record: InboundMessage;
    mail: ParsedMail;
    handle: Replies.ReplyHandle;
    quarantine: (reason: string) => Promise<Outcome>;
    forms?: ReviewLabels.ReviewForms | undefined;
  },
): Promise<Outcome> {
  const { record, handle, forms } = input;
  const sender = await senderOf(deps, handle, record.from);
  const own = ReplyText.ownWords(input.mail);
  if (isAbsenceNotice(own.text)) return { status: "auto-reply", reason: "out-of-office or leaver notice" };

  let a = await Assignments.get(deps, handle.subject);
  const read = await readReply(deps, record, input.mail, a, own.text, forms);
  const replyTo = Replies.addressOf(deps, handle.id);
  // Someone outside the reviewer's authority is held and told too — unless the spam check doubts it.
  if (sender.kind === "stranger" && record.verdicts.spam.trim().toUpperCase() !== "PASS")
    return input.quarantine(
      "sender is neither the person asked nor a contact of their local authority, and not spam-checked",
    );
  if (sender.kind !== "known") return hold(deps, { record, a, reply: read.reply, why: "address" }, undefined, replyTo);
  // A change of mind is the lead's to decide: nothing is swapped on an email alone.
  if (a.status === "accepted" && read.reply.decision === "decline")
    return hold(deps, { record, a, reply: read.reply, why: "change" }, sender.person, replyTo);
  // A review sent in answer to the request says yes by itself.
  const open = a.status === "sent" || a.status === "proposed";
  const neutral = read.reply.decision === "comment" && read.reply.why === "the reply neither accepts nor declines";
  if (open && neutral && (await looksLikeReview(deps, a, read.text, forms)))
    read.reply = { ...read.reply, decision: "accept", why: "the reply is a review under the form's headings" };

  const author = sender.person && { id: sender.person.id, name: sender.person.name };
  const applied = await Answers.applyReply(deps, { id: a.id, reply: read.reply, by: record.from, author });
  a = applied.assignment;
  const emailed =
    forms && sender.person && applied.outcome !== "duplicate"
      ? await fillForm(deps, { a, person: sender.person, read, forms })
      : undefined;
  if (applied.outcome !== "duplicate")
    await answerSender(deps, record, sender.person, read, { ...applied, emailed }, replyTo);
  return {
    status: "recorded",
    answered: a.id,
    decision: read.reply.decision,
    ...(emailed ? { reason: `review by email: ${emailed.kind}` } : {}),
  };
}
