/**
 * Reviews as people read them: every answer of each reviewer's response (the lead also sees the answers marked for
 * the lead only; the reviewed LA never does), who sent it and when, its rating and files, and the reviewed LA's
 * reply. Used by the lead's step and LA pages (reviews-received.njk) and by the reviewed LA's own page.
 */
import { Recommendations, Region, ReviewsRead, Work, type Deps, type Submission } from "@riia/core";
import { displayAnswer, FormService, isShown, type Answers, type Template } from "@riia/forms";
import { govukDate } from "./dates";
import { escapeHtml } from "./labels";

export interface ReviewRows {
  title: string;
  rows: { key: { text: string }; value: { text: string } }[];
}

/** Every answer of a response, section by section, labelled as on the form (lead-only answers for the lead only). */
export function reviewSections(
  template: Template,
  answers: Answers,
  ctx: { themes: { id: string; label: string }[] },
  forLead: boolean,
): ReviewRows[] {
  const row = (label: string, value: string) => ({ key: { text: label }, value: { text: value || "Not answered" } });
  return template.sections.map((s) => {
    const rows: ReviewRows["rows"] = [];
    for (const q of s.questions) {
      if (!isShown(q, answers) || (!forLead && q.visibility === "lead")) continue;
      if (q.type !== "group") {
        rows.push(row(q.label, displayAnswer(q, answers[q.id], ctx)));
        continue;
      }
      const items = Array.isArray(answers[q.id]) ? (answers[q.id] as Answers[]) : [];
      const name = q.itemName.charAt(0).toUpperCase() + q.itemName.slice(1);
      items.forEach((item, i) => {
        for (const sq of q.questions)
          if (isShown(sq, item) && (forLead || sq.visibility !== "lead"))
            rows.push(row(`${name} ${i + 1} – ${sq.label}`, displayAnswer(sq, item[sq.id], ctx)));
      });
    }
    return { title: s.title, rows };
  });
}

/** The template's first rating question (whatever the region called it), as the review's overall rating. */
function ratingOf(template: Template, answers: Answers, ctx: { themes: { id: string; label: string }[] }) {
  for (const s of template.sections)
    for (const q of s.questions) if (q.type === "rag") return displayAnswer(q, answers[q.id], ctx) || undefined;
  return undefined;
}

async function filesOf(deps: Deps, s: Submission.Submission) {
  return Promise.all(
    Object.values(s.attachments ?? {}).map(async (f) => ({
      name: f.name,
      href: await deps.blobs.presignGet(f.key, { expiresInSeconds: Work.FILE_LINK_SECONDS, filename: f.name }),
    })),
  );
}

export type ReviewView = Awaited<ReturnType<typeof reviewView>>;

/** One review as a reader sees it. */
export async function reviewView(
  deps: Deps,
  review: ReviewsRead.ReceivedReview,
  names: Map<string, string>,
  themes: { id: string; label: string }[],
  forLead: boolean,
) {
  const a = review.assignment;
  const s = review.response;
  const base = {
    reviewer: a.reviewer,
    reviewerName: names.get(a.reviewer) ?? a.reviewer,
    state: review.submitted ? "Submitted" : s ? "In progress" : a.status === "accepted" ? "Accepted" : "Requested",
    submitted: review.submitted,
    reply: review.reply
      ? { text: review.reply.text, byName: review.reply.byName, at: govukDate(review.reply.at) }
      : undefined,
  };
  // Only a submitted response is shown: a draft is the reviewer's to change.
  if (!review.submitted || !s)
    return {
      ...base,
      by: undefined as string | undefined,
      submittedAt: undefined as string | undefined,
      reference: undefined as string | undefined,
      rating: undefined as string | undefined,
      sections: [] as ReviewRows[],
      files: [] as { name: string; href: string }[],
    };
  const template = await FormService.templateFor(deps, s.regionId, s.form, s.templateVersion);
  const ctx = { themes };
  return {
    ...base,
    by: s.signOff?.declaredByName ?? (s.submittedBy ? s.contributors?.[s.submittedBy] : undefined),
    submittedAt: govukDate(s.submittedAt),
    reference: s.reference,
    rating: ratingOf(template, s.answers, ctx),
    sections: reviewSections(template, s.answers, ctx, forLead),
    files: await filesOf(deps, s),
  };
}

/** An LA's reviews of a step, as counts and in full. */
export async function reviewedView(
  deps: Deps,
  regionId: string,
  reviewed: ReviewsRead.Reviewed,
  forLead: boolean,
  names?: Map<string, string>,
) {
  const [region, known] = await Promise.all([
    Region.get(deps, regionId),
    names ?? Region.authorities(deps, regionId).then((las) => new Map(las.map((l) => [l.code, l.name]))),
  ]);
  return {
    code: reviewed.reviewee,
    name: known.get(reviewed.reviewee) ?? reviewed.reviewee,
    requested: reviewed.requested,
    accepted: reviewed.accepted,
    submitted: reviewed.submitted,
    counts: countsText(reviewed),
    reviews: await Promise.all(
      reviewed.reviews.map((r) => reviewView(deps, r, known, region.settings.themes, forLead)),
    ),
  };
}

export const countsText = (r: Pick<ReviewsRead.Reviewed, "requested" | "accepted" | "submitted">) =>
  `${r.requested} requested, ${r.accepted} accepted, ${r.submitted} submitted`;

/** What the lead's pages show of a review step (the step page: every reviewed LA; an LA's page: that LA). */
export async function leadReviewsModel(
  deps: Deps,
  cycle: { id: string; regionId: string },
  step: Region.Step,
  base: string,
  only?: string,
) {
  const unanswered = await unansweredModel(deps, cycle, step, base, only);
  if (step !== "peer-scrutiny" && step !== "peer-challenge") return unanswered ? { unanswered } : undefined;
  const [las, all] = await Promise.all([
    Region.authorities(deps, cycle.regionId),
    ReviewsRead.reviewsOfStep(deps, cycle.id, step),
  ]);
  const names = new Map(las.map((l) => [l.code, l.name]));
  // In name order; an LA's own page shows its reviews even when none were requested yet.
  const wanted = only ? [only] : las.map((l) => l.code).filter((c) => all.has(c));
  const list = await ReviewsRead.withReplies(
    deps,
    cycle.id,
    step,
    wanted.map((code) => all.get(code) ?? ReviewsRead.emptyReviewed(code, step)),
  );
  const reviewed = await Promise.all(list.map((r) => reviewedView(deps, cycle.regionId, r, true, names)));
  return {
    single: Boolean(only),
    csvHref: `${base}/reviews/${step}.csv`,
    reviewed: reviewed.map((r) => ({ ...r, docxHref: `${base}/reviews/${step}/${r.code}.docx` })),
    head: [
      { text: "Reviewed local authority" },
      { text: "Requested", format: "numeric" },
      { text: "Accepted", format: "numeric" },
      { text: "Submitted", format: "numeric" },
    ],
    rows: reviewed.map((r) => [
      { html: `<a class="govuk-link" href="${base}/steps/${step}/las/${r.code}#reviews">${escapeHtml(r.name)}</a>` },
      { text: String(r.requested), format: "numeric" },
      { text: String(r.accepted), format: "numeric" },
      { text: String(r.submitted), format: "numeric" },
    ]),
    unanswered,
  };
}

/** For the development plan and peer challenge: the recommendations each plan has not answered yet. */
async function unansweredModel(
  deps: Deps,
  cycle: { id: string; regionId: string },
  step: Region.Step,
  base: string,
  only?: string,
) {
  if (step !== "development-plan" && step !== "peer-challenge") return undefined;
  const [las, open] = await Promise.all([
    Region.authorities(deps, cycle.regionId),
    Recommendations.unanswered(deps, cycle.id),
  ]);
  const names = new Map(las.map((l) => [l.code, l.name]));
  const rows = open.filter((o) => !only || o.reviewee === only);
  return {
    rows: rows.map((o) => [
      {
        html: `<a class="govuk-link" href="${base}/steps/development-plan/las/${o.reviewee}">${escapeHtml(names.get(o.reviewee) ?? o.reviewee)}</a>`,
      },
      { text: `${o.open.length} of ${o.total}`, format: "numeric" },
      { text: o.open.map((r) => `${names.get(r.reviewer) ?? r.reviewer}: ${r.text}`).join(" · ") },
    ]),
    // On one LA's page, also every recommendation with the plan's answer (or none yet).
    answered: only ? await answeredRows(deps, cycle.id, only, names) : undefined,
  };
}

async function answeredRows(deps: Deps, cycleId: string, reviewee: string, names: Map<string, string>) {
  const { recommendations, answers } = await Recommendations.forReviewee(deps, cycleId, reviewee);
  return recommendations.map((r) => {
    const a = answers[r.id];
    return [
      { text: `${names.get(r.reviewer) ?? r.reviewer}: ${r.text}` },
      { text: a ? Recommendations.RESPONSE_LABELS[a.response] : "Not answered yet" },
      { text: a ? `${a.detail} (${a.byName}, ${govukDate(a.at)})` : "–" },
    ];
  });
}
