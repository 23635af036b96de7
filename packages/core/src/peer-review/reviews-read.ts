/**
 * The reviews an LA received: for each reviewed LA of a review step, the reviewers asked (requested), those who
 * accepted and the responses submitted, with each response form and the reviewed LA's own short reply to it. The
 * lead's pages, the reviewed LA's page and the exports all read reviews through here.
 */
import * as Assignments from "./assignments";
import { Audit } from "../audit";
import { Region, type People } from "../directory";
import { Submission } from "../submissions";
import { Keys, NotFoundError, queryAll, StateError, ValidationError, type Deps, type Item } from "../shared";

export const RESPONSE_FORM: Submission.FormKind = "peer-challenge-response";
/** How long a reviewed LA's reply to one review may be. */
export const REPLY_MAX = 2000;

const LIVE = new Set<Assignments.Assignment["status"]>(["sent", "accepted"]);

/** The reviewed LA's short reply to one review (factual accuracy, thanks). */
export interface ReviewReply extends Item {
  kind: "review-reply";
  cycleId: string;
  step: Assignments.ReviewStep;
  reviewee: string;
  reviewer: string;
  text: string;
  by: string;
  byName: string;
  at: string;
}

export interface ReceivedReview {
  assignment: Assignments.Assignment;
  /** The reviewer's response form, in whatever state it is. */
  response?: Submission.Submission;
  submitted: boolean;
  reply?: ReviewReply;
}

export interface Reviewed {
  reviewee: string;
  step: Assignments.ReviewStep;
  /** Reviewers asked (sent or accepted). */
  requested: number;
  /** Reviewers who accepted, or submitted without saying so. */
  accepted: number;
  submitted: number;
  /** Every reviewer asked has submitted. */
  complete: boolean;
  reviews: ReceivedReview[];
}

export const emptyReviewed = (reviewee: string, step: Assignments.ReviewStep): Reviewed => ({
  reviewee,
  step,
  requested: 0,
  accepted: 0,
  submitted: 0,
  complete: false,
  reviews: [],
});

/** Every reviewed LA of a step, by code (two queries: the step's assignments and the cycle's response forms). */
export async function reviewsOfStep(
  deps: Pick<Deps, "store">,
  cycleId: string,
  step: Assignments.ReviewStep,
): Promise<Map<string, Reviewed>> {
  const [assignments, responses] = await Promise.all([
    Assignments.listForStep(deps, cycleId, step),
    Submission.listForCycle(deps, cycleId, RESPONSE_FORM),
  ]);
  const byKey = new Map(responses.map((s) => [s.authority, s]));
  const out = new Map<string, Reviewed>();
  for (const a of assignments) {
    if (a.rank !== 0 || !LIVE.has(a.status)) continue;
    const r = out.get(a.reviewee) ?? emptyReviewed(a.reviewee, step);
    const response = byKey.get(Assignments.responseAuthority(a));
    const submitted = response?.status === "submitted";
    r.requested++;
    if (a.status === "accepted" || submitted) r.accepted++;
    if (submitted) r.submitted++;
    r.reviews.push({ assignment: a, ...(response ? { response } : {}), submitted });
    out.set(a.reviewee, r);
  }
  for (const r of out.values()) {
    r.complete = r.requested > 0 && r.submitted === r.requested;
    r.reviews.sort((x, y) => x.assignment.reviewer.localeCompare(y.assignment.reviewer));
  }
  return out;
}

/** One reviewed LA's reviews, with its replies to them. */
export async function reviewsOf(
  deps: Pick<Deps, "store">,
  input: { cycleId: string; step: Assignments.ReviewStep; reviewee: string },
): Promise<Reviewed> {
  const r = (await reviewsOfStep(deps, input.cycleId, input.step)).get(input.reviewee);
  if (!r) return emptyReviewed(input.reviewee, input.step);
  await withReplies(deps, input.cycleId, input.step, [r]);
  return r;
}

/** Put each reviewed LA's replies on its reviews (one query for the step, or for the one LA given). */
export async function withReplies(
  deps: Pick<Deps, "store">,
  cycleId: string,
  step: Assignments.ReviewStep,
  list: Reviewed[],
): Promise<Reviewed[]> {
  if (!list.length) return list;
  const prefix = list.length === 1 ? `REPLY#${step}#${list[0]!.reviewee}#` : `REPLY#${step}#`;
  const replies = await queryAll<ReviewReply>(deps.store, {
    pk: Keys.reviewsOfCycle(cycleId),
    sk: { beginsWith: prefix },
  });
  for (const r of list)
    for (const review of r.reviews) {
      const reply = replies.find((x) => x.reviewee === r.reviewee && x.reviewer === review.assignment.reviewer);
      if (reply) review.reply = reply;
    }
  return list;
}

/**
 * The reviewed LA's reply to one submitted review: kept (replacing an earlier reply of its own) and audited.
 * Refused for a review that is not submitted or not about the person's own LA.
 */
export async function saveReply(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; step: Assignments.ReviewStep; reviewee: string; reviewer: string; text: string },
  person: People.Person,
): Promise<ReviewReply> {
  if (person.authority !== input.reviewee) throw new NotFoundError("There is no such review.");
  const text = input.text.trim();
  if (!text)
    throw new ValidationError("Write your response.", [{ path: "text", message: "Write your response to the review" }]);
  if (text.length > REPLY_MAX)
    throw new ValidationError("Your response is too long.", [
      { path: "text", message: `Your response must be ${REPLY_MAX} characters or fewer` },
    ]);
  const r = await reviewsOf(deps, input);
  const review = r.reviews.find((x) => x.assignment.reviewer === input.reviewer);
  if (!review) throw new NotFoundError("There is no such review.");
  if (!review.submitted) throw new StateError("This review has not been submitted yet.");
  const at = deps.clock.now().toISOString();
  const reply: ReviewReply = {
    ...Keys.reviewReply(input.cycleId, input.step, input.reviewee, input.reviewer),
    kind: "review-reply",
    cycleId: input.cycleId,
    step: input.step,
    reviewee: input.reviewee,
    reviewer: input.reviewer,
    text,
    by: person.id,
    byName: person.name,
    at,
  };
  await deps.store.put(reply);
  const [reviewer, reviewee] = await Promise.all([
    Region.authority(deps, input.reviewer),
    Region.authority(deps, input.reviewee),
  ]);
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: { kind: "person", id: person.id, name: person.name },
    action: "review.replied",
    entity: { type: "review-reply", id: `${input.cycleId}/${input.step}/${input.reviewee}/${input.reviewer}` },
    authority: input.reviewee,
    summary: `${person.name} (${reviewee.name}) responded to ${reviewer.name}'s peer ${input.step === "peer-scrutiny" ? "scrutiny" : "challenge"} review`,
  });
  return reply;
}
