/**
 * The reviewed LA's pages: its reviews of one step (never the answers meant for the lead only) with a short
 * response per review, and its development plan's answers to the peer-scrutiny recommendations.
 */
import { Recommendations, Region, ReviewNotice, ReviewsRead, type Deps, type People } from "@riia/core";
import { reviewedView } from "./reviews";
import { govukDate } from "./dates";

export interface PageError {
  text: string;
  href: string;
}

export async function revieweeReviewsModel(
  deps: Deps,
  s: ReviewNotice.ReaderSession,
  extra: { csrf: string; action: string; errors?: PageError[]; posted?: { reviewer: string; text: string } },
) {
  const reviewed = await ReviewsRead.reviewsOf(deps, { cycleId: s.cycle.id, step: s.step, reviewee: s.reviewee.code });
  const view = await reviewedView(deps, s.cycle.regionId, reviewed, false);
  const words = ReviewNotice.stepWords(s.step);
  const error = extra.errors?.[0]?.text;
  return {
    title: `${words.charAt(0).toUpperCase()}${words.slice(1)} of ${s.reviewee.name}`,
    reviewee: s.reviewee.name,
    words,
    counts: `${reviewed.submitted} of the ${reviewed.requested} reviewers asked have sent their review.`,
    reviews: view.reviews
      .filter((r) => r.submitted)
      .map((r) => ({
        ...r,
        posted: extra.posted?.reviewer === r.reviewer ? extra.posted.text : (r.reply?.text ?? ""),
        error: extra.posted?.reviewer === r.reviewer ? error : undefined,
      })),
    waiting: view.reviews.filter((r) => !r.submitted).map((r) => r.reviewerName),
    replyMax: ReviewsRead.REPLY_MAX,
    recommendationsHref: s.step === "peer-scrutiny" ? `/r/${s.token}/recommendations` : undefined,
    csrf: extra.csrf,
    action: extra.action,
    errors: extra.errors,
  };
}

/** The recommendations page: each recommendation, who made it, and the plan's answer so far (or as posted). */
export async function recommendationsModel(
  deps: Deps,
  input: { cycleId: string; regionId: string; reviewee: string; person: People.Person },
  extra: {
    csrf: string;
    action: string;
    backHref: string;
    errors?: PageError[];
    posted?: Record<string, { response?: string; detail?: string }>;
  },
) {
  const [{ recommendations, answers }, las, region] = await Promise.all([
    Recommendations.forReviewee(deps, input.cycleId, input.reviewee),
    Region.authorities(deps, input.regionId),
    Region.get(deps, input.regionId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const theme = (id: string) => region.settings.themes.find((t) => t.id === id)?.label ?? id;
  const errorFor = (id: string) => extra.errors?.find((e) => e.href === `#${id}`)?.text;
  return {
    title: `How ${name(input.reviewee)}'s development plan answers its peer-scrutiny recommendations`,
    reviewee: name(input.reviewee),
    recommendations: recommendations.map((r) => {
      const given = extra.posted?.[r.id];
      const saved = answers[r.id];
      const response = given ? (given.response ?? "") : (saved?.response ?? "");
      return {
        id: r.id,
        from: name(r.reviewer),
        area: theme(r.area),
        text: r.text,
        saved: saved
          ? { label: Recommendations.RESPONSE_LABELS[saved.response], byName: saved.byName, at: govukDate(saved.at) }
          : undefined,
        items: Recommendations.Response.options.map((value) => ({
          value,
          text: Recommendations.RESPONSE_LABELS[value],
          checked: response === value,
        })),
        detail: given ? (given.detail ?? "") : (saved?.detail ?? ""),
        responseError: errorFor(`response-${r.id}`),
        detailError: errorFor(`detail-${r.id}`),
      };
    }),
    detailMax: Recommendations.DETAIL_MAX,
    ...extra,
  };
}

/** Recommendations with their answers as summary rows, beside the plan for its peer-challenge reviewers. */
export async function recommendationRows(deps: Deps, cycleId: string, regionId: string, reviewee: string) {
  const [{ recommendations, answers }, las] = await Promise.all([
    Recommendations.forReviewee(deps, cycleId, reviewee),
    Region.authorities(deps, regionId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  return recommendations.map((r) => {
    const a = answers[r.id];
    return {
      key: { text: `${name(r.reviewer)}: ${r.text}` },
      value: {
        text: a ? `${Recommendations.RESPONSE_LABELS[a.response]}. ${a.detail}` : "Not answered in the plan yet",
      },
    };
  });
}
