/** The reviewee's submitted work as the reviewer reads it: on its own page and beside the response form. */
import { Region, Work, type Deps } from "@riia/core";
import { answerBlocks, FormService } from "@riia/forms";
import { recommendationRows } from "./reviews-received";

/** Peer challenge reads the plan beside the peer-scrutiny recommendations and how the plan answers each. */
async function answeredRecommendations(deps: Deps, work: Work.ReviewerWork) {
  if (work.assignment.step !== "peer-challenge") return [];
  const rows = await recommendationRows(deps, work.assignment.cycleId, work.assignment.regionId, work.reviewee.code);
  return rows.length ? [{ title: "Peer-scrutiny recommendations and how the plan answers them", rows }] : [];
}

export async function revieweeWorkModel(deps: Deps, work: Work.ReviewerWork) {
  const base = {
    title: `${work.reviewee.name}'s ${work.formName}`,
    reviewee: work.reviewee.name,
    formName: work.formName,
  };
  const s = work.submission;
  if (!s) return { ...base, waiting: true };
  const template = await FormService.templateFor(deps, s.regionId, s.form, s.templateVersion);
  const region = await Region.get(deps, s.regionId);
  return {
    ...base,
    waiting: false,
    reference: s.reference,
    submittedAt: s.submittedAt,
    sections: [
      ...Work.sectionsOf(answerBlocks({ template, ctx: { themes: region.settings.themes } }, s.answers)),
      ...(await answeredRecommendations(deps, work)),
    ],
    files: work.files,
  };
}

/** For a reviewer's response form: the work it responds to (nothing for other forms, or a review no longer theirs). */
export async function workBesideResponse(deps: Deps, session: FormService.FormSession) {
  if (session.submission.form !== "peer-challenge-response") return undefined;
  const work = await Work.forResponse(deps, {
    cycleId: session.submission.cycleId,
    responseAuthority: session.submission.authority,
    person: session.person,
  });
  return work && revieweeWorkModel(deps, work);
}
