/**
 * What an answer to an assignment does beyond recording it: a decline sends the review to a
 * reserve, and a change of mind is applied and the regional leads told — or refused, and the caller
 * says so. Both the email path and the accept/decline pages can use this.
 */
import * as Assignments from "./assignments";
import { replaceDeclined, reviewerContact } from "./review";
import { whenSubmitted } from "./work";
import { Submission } from "../submissions";
import { Cycle } from "../cycle";
import { copyReviewToDraft, fillFromEmail, type EmailedReview } from "./review-draft";
import type { ReviewForms } from "./review-labels";
import { Emails, sendNow } from "../mail";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { NotFoundError, StateError, type Deps } from "../shared";

/** The region whose directory lists the reviewer: their own, for one a lead asked from another region. */
const reviewerRegion = (a: Assignments.Assignment) => a.crossRegion?.regionId ?? a.regionId;

export const stepWord = (step: Assignments.ReviewStep) => (step === "peer-scrutiny" ? "scrutiny" : "challenge");

/** Email every regional lead of a region (once per purpose), now. */
export async function tellLeads(
  deps: Deps,
  a: Assignments.Assignment,
  purpose: string,
  message: (lead: People.Person) => ReturnType<typeof Emails.render>,
) {
  const leads = (await People.listRegional(deps, a.regionId)).filter((p) => p.roles.includes("regional-lead"));
  // Sent at once when possible; the scheduled step sends whatever this could not.
  for (const lead of leads)
    await sendNow(deps, {
      key: { cycleId: a.cycleId, step: a.step, recipient: lead.email, purpose },
      to: lead.email,
      regionId: a.regionId,
      message: message(lead),
    });
}

/**
 * Record an answer and carry out what it means. Findings under the review headings go into the
 * response form's draft, written as `author` (the reviewer, or the lead who released the reply).
 */
export async function applyReply(
  deps: Deps,
  input: { id: string; reply: Assignments.Reply; by: string; author?: { id: string; name?: string } },
) {
  const { assignment, outcome } = await Assignments.recordReply(deps, input);
  const live = assignment.status === "sent" || assignment.status === "accepted";
  if (input.reply.review && input.author && live && outcome !== "duplicate" && outcome !== "held")
    await copyReviewToDraft(deps, assignment, input.reply, input.author);
  let reserve: Assignments.Assignment | undefined;
  if (outcome === "decided" && assignment.status === "declined") reserve = await replaceDeclined(deps, assignment.id);
  if (outcome === "changed-to-decline" || outcome === "changed-to-accept") {
    if (outcome === "changed-to-decline") reserve = await replaceDeclined(deps, assignment.id);
    const [reviewer, reviewee] = await Promise.all([
      Region.authority(deps, assignment.reviewer),
      Region.authority(deps, assignment.reviewee),
    ]);
    const next =
      outcome === "changed-to-accept"
        ? "The review stays with them; no reserve had been asked yet."
        : reserve
          ? `We have sent the review to the next reserve, ${(await Region.authority(deps, reserve.reviewer)).name}.`
          : "No reserve reviewer is left: please choose one in the console.";
    await tellLeads(deps, assignment, `changed:${assignment.id}:${input.reply.messageId}`, (lead) =>
      Emails.render("decisionChanged", {
        name: lead.name,
        reviewer: reviewer.name,
        reviewee: reviewee.name,
        step: stepWord(assignment.step),
        change: outcome === "changed-to-accept" ? "has accepted, after declining," : "has declined, after accepting,",
        next,
      }),
    );
  }
  return { assignment, outcome, reserve };
}

/**
 * Read a reply's whole text (from the bucket when it was long) into the response form by the form's
 * own labels, filling and — when complete and the review is accepted — submitting it as `author`.
 * Its files go on the form's file question. Undefined when the reply is neither a review nor files.
 */
export async function fillReviewFromReply(
  deps: Deps,
  input: {
    assignment: Assignments.Assignment;
    reply: Assignments.Reply;
    author: { id: string; name?: string };
    forms: ReviewForms;
    /** The whole text when the caller has it already. */
    text?: string;
  },
): Promise<EmailedReview | undefined> {
  const { assignment: a, reply } = input;
  const stored = input.text === undefined && reply.textKey ? await deps.blobs.get(reply.textKey) : undefined;
  const text = input.text ?? (stored ? Buffer.from(stored).toString("utf8") : reply.text);
  const [region, authority, writer, cycle] = await Promise.all([
    Region.get(deps, a.regionId),
    Region.authority(deps, a.reviewer),
    People.findByEmail(deps, reviewerRegion(a), reply.from).catch(() => undefined),
    Cycle.get(deps, a.cycleId).catch(() => undefined),
  ]);
  const phase = cycle?.phases.find((p) => p.step === a.step);
  const name = writer?.name ?? input.author.name ?? "";
  const result = await fillFromEmail(deps, {
    assignment: a,
    text,
    forms: input.forms,
    who: input.author,
    names: [name, name.split(" ")[0] ?? "", authority.name].filter(Boolean),
    themes: region.settings.themes,
    ...(phase?.deadline ? { changeBy: phase.deadline } : {}),
    attachments: reply.attachments.map((f, i) => ({
      id: `email-${reply.messageId.replace(/[^A-Za-z0-9]/g, "").slice(-24)}-${i + 1}`,
      name: f.name,
      size: f.size,
      type: f.type ?? "application/octet-stream",
      key: f.key,
      by: input.author.id,
      at: reply.at,
    })),
  });
  // Whatever follows a submitted form on the page path follows one submitted by email too.
  if (result?.kind === "submitted")
    await whenSubmitted(
      deps,
      await Submission.get(
        deps,
        Submission.submissionId(a.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)),
      ),
    );
  return result;
}

/**
 * Tell the person whose reply the lead acted on what the lead decided for them, with their form link
 * and reply address when they are a contact we hold. Once per reply and decision.
 */
async function tellReviewer(
  deps: Deps,
  a: Assignments.Assignment,
  input: { to: string; messageId: string; what: string },
) {
  if (!input.to) return;
  const [reviewee, person, cycle] = await Promise.all([
    Region.authority(deps, a.reviewee),
    People.findByEmail(deps, reviewerRegion(a), input.to).catch(() => undefined),
    Cycle.get(deps, a.cycleId).catch(() => undefined),
  ]);
  const contact = person && cycle ? await reviewerContact(deps, cycle, a, person).catch(() => undefined) : undefined;
  await sendNow(deps, {
    key: { cycleId: a.cycleId, step: a.step, recipient: input.to, purpose: `lead-decided:${a.id}:${input.messageId}` },
    to: input.to,
    regionId: a.regionId,
    ...(contact ? { replyTo: contact.address } : {}),
    message: Emails.render("decidedForReviewer", {
      name: person?.name ?? input.to,
      reviewee: reviewee.name,
      step: stepWord(a.step),
      what: input.what,
      ...(contact ? { formLink: contact.formHref } : {}),
    }),
  });
}

/** How an outcome is told to the person who answered (the key of `Emails.recordedText`). */
export function recordedAs(outcome: Assignments.ReplyOutcome, status: Assignments.Assignment["status"]) {
  switch (outcome) {
    case "comment":
    case "undecided":
      return "comment" as const;
    case "changed-to-decline":
    case "changed-to-accept":
    case "refused":
      return outcome;
    default:
      return status === "declined" ? ("declined" as const) : ("accepted" as const);
  }
}

/** A reply the lead may act on: it must exist on the assignment, and still be in the state the page showed. */
async function replyForLead(deps: Deps, id: string, messageId: string, cycleId: string) {
  const assignment = await Assignments.get(deps, id);
  const reply = assignment.replies[messageId];
  if (!reply || assignment.cycleId !== cycleId) throw new NotFoundError("There is no such reply in this cycle.");
  return { assignment, reply };
}

async function auditLead(
  deps: Deps,
  a: Assignments.Assignment,
  messageId: string,
  input: { actor: Audit.Actor; action: string; summary: string },
) {
  const [reviewer, reviewee] = await Promise.all([
    Region.authority(deps, a.reviewer),
    Region.authority(deps, a.reviewee),
  ]);
  await Audit.record(deps, {
    scope: Audit.cycleScope(a.cycleId),
    actor: input.actor,
    action: input.action,
    entity: { type: "assignment-reply", id: `${a.id}/${messageId}` },
    authority: a.reviewee,
    summary: `${input.summary} (${reviewer.name} reviewing ${reviewee.name}, peer ${stepWord(a.step)})`,
  });
}

/**
 * The lead answers for a reviewer whose reply decided nothing: accept or decline on their behalf,
 * through the same path as a reviewer's own answer. Refused once the assignment has its answer.
 */
export async function decideForReviewer(
  deps: Deps,
  input: { cycleId: string; id: string; messageId: string; decision: "accept" | "decline"; actor: Audit.Actor },
) {
  const { assignment, reply } = await replyForLead(deps, input.id, input.messageId, input.cycleId);
  if (!reply.undecided) throw new NotFoundError("There is no undecided reply to answer.");
  if (assignment.status !== "sent" && assignment.status !== "proposed")
    throw new StateError(
      `The reviewer's answer is already recorded (${assignment.status}): this reply no longer needs you.`,
    );
  const result = await applyReply(deps, {
    id: input.id,
    by: input.actor.id,
    reply: {
      messageId: `lead-${input.messageId}`,
      from: reply.from,
      at: deps.clock.now().toISOString(),
      decision: input.decision,
      text: `${input.decision === "accept" ? "Accepted" : "Declined"} by ${input.actor.name ?? "the regional lead"} on the reviewer's behalf, after their email of ${reply.at.slice(0, 10)}`,
      attachments: [],
    },
  });
  await tellReviewer(deps, result.assignment, {
    to: reply.from,
    messageId: input.messageId,
    what:
      input.decision === "accept"
        ? "your regional lead has recorded that your local authority accepts the review, after your email. Please record your response on the form by the deadline."
        : "your regional lead has recorded that your local authority declines the review, after your email. We are asking another local authority.",
  });
  await auditLead(deps, assignment, input.messageId, {
    actor: input.actor,
    action: input.decision === "accept" ? "assignment.accepted-for-reviewer" : "assignment.declined-for-reviewer",
    summary: `${input.decision === "accept" ? "Accepted" : "Recorded a decline"} on the reviewer's behalf after an undecided reply from ${reply.from}`,
  });
  return result;
}

/** The lead's verdict on a reply held because it came from an unexpected address; released, it counts as the reviewer's. */
export async function releaseHeld(
  deps: Deps,
  input: { cycleId: string; id: string; messageId: string; accept: boolean; actor: Audit.Actor },
  forms?: ReviewForms,
) {
  const { reply } = await replyForLead(deps, input.id, input.messageId, input.cycleId);
  if (reply.held !== "waiting") throw new StateError("This reply has already been released or rejected.");
  const result = await Assignments.releaseHeld(deps, { ...input, by: input.actor.id }, (i) =>
    applyReply(deps, { ...i, author: input.actor }),
  );
  // Released, a review in it reaches the response form like any reviewer's own.
  if (input.accept && forms && result.assignment.status === "accepted")
    await fillReviewFromReply(deps, {
      assignment: result.assignment,
      reply,
      author: { id: input.actor.id, name: input.actor.name ?? "Regional lead" },
      forms,
    });
  const change = reply.decision === "decline" && /change of mind/.test(reply.why ?? "");
  await tellReviewer(deps, result.assignment, {
    to: reply.from,
    messageId: input.messageId,
    what: change
      ? input.accept
        ? "your regional lead has agreed that your local authority can no longer do the review. We are asking another local authority."
        : "your regional lead has kept the review with your local authority, as you had accepted it. Please contact them if you cannot do it."
      : input.accept
        ? "your regional lead has checked your email and it now counts as your local authority's answer."
        : "your regional lead has checked your email and has not applied it. Please answer from the address the request was sent to, or contact your regional lead.",
  });
  await auditLead(deps, result.assignment, input.messageId, {
    actor: input.actor,
    action: input.accept ? "reply.released" : "reply.rejected",
    summary: `${input.accept ? "Released" : "Rejected"} a reply held from ${reply.from}`,
  });
  return result;
}
