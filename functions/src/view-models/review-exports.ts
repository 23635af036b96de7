/**
 * Reviews as the lead exports them: a step's reviews as CSV rows, one per review and question (every answer, the
 * lead-only ones included), and one LA's reviews as the Word document's model (lead-only answers left out).
 */
import { Region, ReviewsRead, type Assignments, type Cycle, type Deps } from "@riia/core";
import type { ReviewsDocument } from "@riia/core/plan-document";
import { flatten, FormService } from "@riia/forms";
import { reviewedView } from "./reviews";

export const COLUMNS = [
  "reviewed authority",
  "reviewed authority name",
  "reviewing authority",
  "reviewing authority name",
  "step",
  "status",
  "submitted at",
  "reference",
  "section",
  "question",
  "answer",
  "reviewed authority's response",
];

export /** One row per submitted review and question, reviewed LAs in name order. */
async function csvRows(deps: Deps, cycle: Cycle.Cycle, step: Assignments.ReviewStep) {
  const [region, las, all] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    ReviewsRead.reviewsOfStep(deps, cycle.id, step),
  ]);
  await ReviewsRead.withReplies(deps, cycle.id, step, [...all.values()]);
  const rows: Record<string, string>[] = [];
  for (const la of las) {
    const reviewed = all.get(la.code);
    if (!reviewed) continue;
    for (const r of reviewed.reviews) {
      if (!r.submitted || !r.response) continue;
      const s = r.response;
      const template = await FormService.templateFor(deps, s.regionId, s.form, s.templateVersion);
      const fixed = {
        "reviewed authority": la.code,
        "reviewed authority name": la.name,
        "reviewing authority": r.assignment.reviewer,
        "reviewing authority name": las.find((l) => l.code === r.assignment.reviewer)?.name ?? r.assignment.reviewer,
        step,
        status: s.status,
        "submitted at": s.submittedAt ?? "",
        reference: s.reference ?? "",
        "reviewed authority's response": r.reply?.text ?? "",
      };
      for (const a of flatten(template, s.answers, { themes: region.settings.themes }))
        rows.push({ ...fixed, section: a.section, question: a.label, answer: a.value });
    }
  }
  return rows;
}

/** One LA's submitted reviews as the Word document says them. */
export async function reviewsDocumentModel(
  deps: Deps,
  cycle: Cycle.Cycle,
  step: Assignments.ReviewStep,
  la: Region.Authority,
): Promise<ReviewsDocument> {
  const reviewed = await ReviewsRead.reviewsOf(deps, { cycleId: cycle.id, step, reviewee: la.code });
  const view = await reviewedView(deps, cycle.regionId, reviewed, false);
  const words = step === "peer-scrutiny" ? "Peer scrutiny" : "Peer challenge";
  return {
    title: `${words} of ${la.name}`,
    subtitle: `Cycle ${cycle.year} to ${cycle.year + 1}`,
    introduction: [`${view.counts}.`, "Comments the reviewers marked for the regional lead only are not included."],
    reviews: view.reviews
      .filter((r) => r.submitted)
      .map((r) => ({
        heading: `Review by ${r.reviewerName}`,
        meta: [
          ["Reviewing local authority", r.reviewerName],
          ["Date", r.submittedAt ?? ""],
          ["Reference", r.reference ?? ""],
          ["Rating", r.rating ?? "Not given"],
          ...(r.files.length ? [["Files", r.files.map((f) => f.name).join(", ")] as [string, string]] : []),
        ],
        sections: r.sections.map((s) => ({
          title: s.title,
          rows: s.rows.map((x) => [x.key.text, x.value.text] as [string, string]),
        })),
        ...(r.reply ? { reply: `${r.reply.text} (${r.reply.byName}, ${r.reply.at})` } : {}),
      })),
  };
}
