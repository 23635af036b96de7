/**
 * A reply to an assignment request: who may answer (the person asked, their authority's contacts;
 * another address of the same organisation or a personal address is held for the lead), what the
 * reviewer wrote (own words, decision, review headings, attachments) and what they are told back.
 */
import { Keys, type Deps } from "../shared";
import type { ParsedMail } from "mailparser";
import { Answers, Assignments, Review } from "../peer-review";
import { Cycle } from "../cycle";
import { Emails, ReplyText, type Replies } from "../mail";
import { People, Region } from "../directory";
import { isAbsenceNotice } from "./screen";
import { reviewFromText, REVIEW_FIELDS, type ReviewField } from "./review-headings";
import { keepAttachments } from "./attachments";
import { messageNumber, sendNow } from "./notify";
import type { InboundMessage, Outcome } from "./types";

/** Replies longer than this keep their whole text in the bucket; the record holds the start. */
export const TEXT_IN_RECORD = 4_000;

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

/** The accept/decline/form links for the person who wrote, when the cycle still has them. */
async function linksFor(deps: Deps, a: Assignments.Assignment, person: People.Person | undefined) {
  if (!person) return undefined;
  try {
    const cycle = await Cycle.get(deps, a.cycleId);
    const { token, formHref } = await Review.reviewerContact(deps, cycle, a, person);
    return {
      acceptLink: `${deps.config.baseUrl}/r/${token}/accept`,
      declineLink: `${deps.config.baseUrl}/r/${token}/decline`,
      formLink: formHref,
    };
  } catch (err) {
    deps.log.warn({ err, assignment: a.id }, "no links for the reply's answer");
    return undefined;
  }
}

async function hold(deps: Deps, record: InboundMessage, a: Assignments.Assignment, reply: Assignments.Reply) {
  await Assignments.recordReply(deps, { id: a.id, reply: { ...reply, held: "waiting" }, by: record.from });
  const [reviewer, reviewee] = await Promise.all([
    Region.authority(deps, a.reviewer),
    Region.authority(deps, a.reviewee),
  ]);
  const n = messageNumber(record.messageId);
  await sendNow(deps, {
    key: { cycleId: a.cycleId, step: a.step, recipient: record.from, purpose: "reply-held", n },
    to: record.from,
    regionId: a.regionId,
    message: Emails.render("replyHeld", { reviewee: reviewee.name, authority: reviewer.name }),
  });
  await Answers.tellLeads(deps, a, `reply-held:${record.messageId}`, (lead) =>
    Emails.render("replyHeldForLead", {
      name: lead.name,
      from: record.from,
      reviewer: reviewer.name,
      reviewee: reviewee.name,
      step: Answers.stepWord(a.step),
      link: `${deps.config.baseUrl}/lead/cycles/${a.cycleId}/replies`,
    }),
  );
  return { status: "held" as const, answered: a.id, reason: "sent from an address we do not hold for the reviewer" };
}

/** What the reviewer wrote, as a reply record: own words (whole text in the bucket when long), decision, headings, files. */
async function readReply(
  deps: Deps,
  record: InboundMessage,
  mail: ParsedMail,
  a: Assignments.Assignment,
  text: string,
) {
  const reviewee = await Region.authority(deps, a.reviewee);
  const read = ReplyText.readDecision({
    text,
    subject: record.subject,
    original: `Peer ${Answers.stepWord(a.step)}: please review ${reviewee.name}`,
  });
  const review = reviewFromText(text);
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
  return { reply, reviewee, files };
}

type Read = Awaited<ReturnType<typeof readReply>>;

/** Tell the sender what their reply did: ask back when it decided nothing, else echo what was recorded; and any refused files. */
async function answerSender(
  deps: Deps,
  record: InboundMessage,
  person: People.Person | undefined,
  { reply, reviewee, files }: Read,
  { assignment, outcome }: { assignment: Assignments.Assignment; outcome: Assignments.ReplyOutcome },
) {
  const name = person?.name ?? record.from;
  const links = await linksFor(deps, assignment, person);
  const base = {
    cycleId: assignment.cycleId,
    step: assignment.step,
    recipient: record.from,
    n: messageNumber(record.messageId),
  };
  const to = { to: record.from, regionId: assignment.regionId };
  if (outcome === "undecided" && links) {
    const message = Emails.render("replyAskBack", {
      name,
      reviewee: reviewee.name,
      step: Answers.stepWord(assignment.step),
      ...links,
    });
    await sendNow(deps, { key: { ...base, purpose: "reply-ask-back" }, ...to, message });
  } else {
    const message = Emails.render("replyRecorded", {
      name,
      reviewee: reviewee.name,
      outcome: Answers.recordedAs(outcome, assignment.status),
      recorded: Object.entries(reply.review ?? {})
        .filter(([k]) => k in REVIEW_FIELDS)
        .map(([k, value]) => ({ label: REVIEW_FIELDS[k as ReviewField], value })),
      kept: files.kept.map((f) => f.name),
      ...(links ? { formLink: links.formLink } : {}),
    });
    await sendNow(deps, { key: { ...base, purpose: "reply-ack" }, ...to, message });
  }
  if (files.refused.length) {
    const message = Emails.render("attachmentRefused", {
      name,
      reviewee: reviewee.name,
      refused: files.refused,
      limit: files.limit,
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
  },
): Promise<Outcome> {
  const { record, handle } = input;
  const sender = await senderOf(deps, handle, record.from);
  if (sender.kind === "stranger")
    return input.quarantine("sender is neither the person asked nor a contact of their local authority");
  const own = ReplyText.ownWords(input.mail);
  if (isAbsenceNotice(own.text)) return { status: "auto-reply", reason: "out-of-office or leaver notice" };

  const a = await Assignments.get(deps, handle.subject);
  const read = await readReply(deps, record, input.mail, a, own.text);
  if (sender.kind === "held") return hold(deps, record, a, read.reply);

  const author = sender.person && { id: sender.person.id, name: sender.person.name };
  const applied = await Answers.applyReply(deps, { id: a.id, reply: read.reply, by: record.from, author });
  if (applied.outcome !== "duplicate") await answerSender(deps, record, sender.person, read, applied);
  return { status: "recorded", answered: a.id, decision: read.reply.decision };
}
