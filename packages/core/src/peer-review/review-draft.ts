/**
 * Findings a reviewer emailed under the review headings, copied into their response form's draft so
 * they can check and correct them in the form. Only empty answers are filled: what the reviewer has
 * already written in the form is never overwritten, and a submitted response is left alone.
 */
import type * as Assignments from "./assignments";
import { responseAuthority } from "./assignments";
import { Submission, Templates } from "../submissions";
import { ConflictError, type Deps } from "../shared";

const RESPONSE = "peer-challenge-response";
const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length);

/** The response form's answers for the headed findings (question ids of the response template). */
export function draftAnswers(review: Record<string, string>): Record<string, unknown> {
  const area = Object.fromEntries(
    [
      ["findings", review.strengths ? `Strengths:\n${review.strengths}` : undefined],
      ["challenge", review.challenges],
      ["recommendations", review.recommendations],
    ].filter(([, v]) => v),
  );
  const summary = review.overall ?? review.comments;
  return {
    ...(Object.keys(area).length ? { areas: [area] } : {}),
    ...(summary ? { summary } : {}),
    ...(review.rating ? { "overall-rag": review.rating } : {}),
  };
}

/** Copy a reply's headed findings into the assignment's response draft; returns the questions filled. */
export async function copyReviewToDraft(
  deps: Pick<Deps, "store" | "clock">,
  a: Assignments.Assignment,
  reply: Pick<Assignments.Reply, "review" | "from">,
  who: { id: string; name?: string },
): Promise<string[]> {
  if (!reply.review) return [];
  const wanted = draftAnswers(reply.review);
  if (!Object.keys(wanted).length) return [];
  const latest = await Templates.latest(deps, a.regionId, RESPONSE);
  const draft = await Submission.open(deps, {
    cycleId: a.cycleId,
    regionId: a.regionId,
    form: RESPONSE,
    authority: responseAuthority(a),
    templateVersion: latest?.version ?? 1,
  });
  if (Submission.LOCKED.includes(draft.status)) return [];
  const patch = Object.fromEntries(Object.entries(wanted).filter(([q]) => empty(draft.answers[q])));
  if (!Object.keys(patch).length) return [];
  try {
    await Submission.saveDraft(deps, {
      id: draft.id,
      expectedVersion: draft.version,
      answers: patch,
      actor: { kind: "person", id: who.id, name: who.name ?? reply.from },
    });
  } catch (err) {
    // The reviewer is writing those answers in the form right now: theirs win.
    if (err instanceof ConflictError) return [];
    throw err;
  }
  return Object.keys(patch);
}
