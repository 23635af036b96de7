/**
 * The plan answers the review: the recommendations an LA received in its submitted peer-scrutiny reviews, and how
 * its development plan responds to each (accepted with an action, partly or not, with why) — one item per LA per
 * cycle. The LA answers from its development plan's link; peer-challenge reviewers and the lead read both.
 */
import * as z from "../zod";
import { reviewsOf, reviewsOfStep, type ReceivedReview } from "./reviews-read";
import { Audit } from "../audit";
import { Region, type People } from "../directory";
import { Keys, NotFoundError, queryAll, ValidationError, type Deps, type Item } from "../shared";

export const Response = z.enum(["accepted", "partly", "not"]);
export type Response = z.infer<typeof Response>;
export const RESPONSE_LABELS: Record<Response, string> = {
  accepted: "Accepted – the plan has an action",
  partly: "Partly accepted",
  not: "Not accepted",
};
export const DETAIL_MAX = 2000;

export interface Recommendation {
  /** `<reviewer code>-<area number>`: stable while the submitted review is. */
  id: string;
  reviewer: string;
  /** The review's area (a theme id) the recommendation was made under. */
  area: string;
  text: string;
}

export interface Answer {
  response: Response;
  detail: string;
  by: string;
  byName: string;
  at: string;
}

export interface PlanAnswers extends Item {
  kind: "plan-answers";
  cycleId: string;
  reviewee: string;
  answers: Record<string, Answer>;
}

/** The recommendations in one submitted review (one per reviewed area that made any). */
export function recommendationsIn(review: ReceivedReview): Recommendation[] {
  if (!review.submitted || !review.response) return [];
  const areas = Array.isArray(review.response.answers.areas)
    ? (review.response.answers.areas as Record<string, unknown>[])
    : [];
  return areas.flatMap((a, i) => {
    const text = typeof a.recommendations === "string" ? a.recommendations.trim() : "";
    return text
      ? [
          {
            id: `${review.assignment.reviewer}-${i + 1}`,
            reviewer: review.assignment.reviewer,
            area: String(a.area ?? ""),
            text,
          },
        ]
      : [];
  });
}

/** An LA's peer-scrutiny recommendations with its plan's answers so far. */
export async function forReviewee(deps: Pick<Deps, "store">, cycleId: string, reviewee: string) {
  const [reviewed, stored] = await Promise.all([
    reviewsOf(deps, { cycleId, step: "peer-scrutiny", reviewee }),
    deps.store.get<PlanAnswers>(Keys.planAnswers(cycleId, reviewee)),
  ]);
  const recommendations = reviewed.reviews.flatMap(recommendationsIn);
  return { recommendations, answers: stored?.answers ?? {} };
}

/**
 * Save the plan's answers to some of its recommendations. Each answered one needs a response and, with it, the
 * action (accepted) or why (partly, not). Nothing is saved when any answer is wrong.
 */
export async function saveAnswers(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; reviewee: string; answers: Record<string, { response?: string; detail?: string }> },
  person: People.Person,
) {
  if (person.authority !== input.reviewee) throw new NotFoundError("There are no such recommendations.");
  const { recommendations, answers } = await forReviewee(deps, input.cycleId, input.reviewee);
  const known = new Set(recommendations.map((r) => r.id));
  const issues: { path: string; message: string }[] = [];
  const at = deps.clock.now().toISOString();
  const next: Record<string, Answer> = { ...answers };
  let changed = 0;
  for (const [id, given] of Object.entries(input.answers)) {
    if (!known.has(id)) continue;
    const detail = (given.detail ?? "").trim();
    if (!given.response && !detail) continue;
    const response = Response.safeParse(given.response);
    if (!response.success) {
      issues.push({ path: `response-${id}`, message: "Select how the plan responds to this recommendation" });
      continue;
    }
    if (!detail)
      issues.push({
        path: `detail-${id}`,
        message:
          response.data === "accepted" ? "Say what the plan will do" : "Say why the plan does not take it up in full",
      });
    else if (detail.length > DETAIL_MAX)
      issues.push({ path: `detail-${id}`, message: `Your answer must be ${DETAIL_MAX} characters or fewer` });
    else {
      next[id] = { response: response.data, detail, by: person.id, byName: person.name, at };
      changed++;
    }
  }
  if (issues.length) throw new ValidationError("Some answers need correcting.", issues);
  if (!changed)
    throw new ValidationError("Answer at least one recommendation.", [
      {
        path: `response-${recommendations[0]?.id ?? "none"}`,
        message: "Select how the plan responds to a recommendation",
      },
    ]);
  await deps.store.put({
    ...Keys.planAnswers(input.cycleId, input.reviewee),
    kind: "plan-answers",
    cycleId: input.cycleId,
    reviewee: input.reviewee,
    answers: next,
  } satisfies PlanAnswers);
  const la = await Region.authority(deps, input.reviewee);
  await Audit.record(deps, {
    scope: Audit.cycleScope(input.cycleId),
    actor: { kind: "person", id: person.id, name: person.name },
    action: "plan.answered-recommendations",
    entity: { type: "plan-answers", id: `${input.cycleId}/${input.reviewee}` },
    authority: input.reviewee,
    summary: `${person.name} (${la.name}) answered ${changed} peer-scrutiny ${changed === 1 ? "recommendation" : "recommendations"} in the development plan`,
  });
  return changed;
}

/** For the lead: every LA of a cycle with recommendations its plan has not answered yet. */
export async function unanswered(deps: Pick<Deps, "store">, cycleId: string) {
  const [reviewed, stored] = await Promise.all([
    reviewsOfStep(deps, cycleId, "peer-scrutiny"),
    queryAll<PlanAnswers>(deps.store, { pk: Keys.reviewsOfCycle(cycleId), sk: { beginsWith: "PLAN#" } }),
  ]);
  const out: { reviewee: string; total: number; open: Recommendation[] }[] = [];
  for (const r of reviewed.values()) {
    const recs = r.reviews.flatMap(recommendationsIn);
    const answered = stored.find((s) => s.reviewee === r.reviewee)?.answers ?? {};
    const open = recs.filter((x) => !answered[x.id]);
    if (open.length) out.push({ reviewee: r.reviewee, total: recs.length, open });
  }
  return out.sort((a, b) => a.reviewee.localeCompare(b.reviewee));
}

/** Every reviewed LA of a cycle: the recommendations its submitted peer-scrutiny reviews made, with its plan's answers. */
export async function ofCycle(deps: Pick<Deps, "store">, cycleId: string) {
  const [reviewed, stored] = await Promise.all([
    reviewsOfStep(deps, cycleId, "peer-scrutiny"),
    queryAll<PlanAnswers>(deps.store, { pk: Keys.reviewsOfCycle(cycleId), sk: { beginsWith: "PLAN#" } }),
  ]);
  const out = new Map<string, { recommendations: Recommendation[]; answers: Record<string, Answer> }>();
  for (const r of reviewed.values()) {
    const recommendations = r.reviews.flatMap(recommendationsIn);
    if (recommendations.length)
      out.set(r.reviewee, {
        recommendations,
        answers: stored.find((s) => s.reviewee === r.reviewee)?.answers ?? {},
      });
  }
  return out;
}

/** How the plan answered a recommendation, in words ("Partly accepted: why"), or that it has not yet. */
export const answerInWords = (a: Answer | undefined) =>
  a ? `${RESPONSE_LABELS[a.response]}: ${a.detail}` : "Not answered in the development plan yet";
