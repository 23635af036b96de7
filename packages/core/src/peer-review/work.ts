/**
 * The work a reviewer reviews: the reviewee's submitted self-evaluation (peer scrutiny) or
 * development plan (peer challenge), read through the reviewer's own reply token while the
 * assignment is live. Every view is audited; files open through short-lived presigned links. A
 * reviewer who comes too early is told, and emailed when the work is submitted.
 */
import * as Assignments from "./assignments";
import { reviewerContact, reviewersOf, stepReviewing, WORK_OF_STEP } from "./review";
import { sendWaiting } from "./send-waiting";
import { afterReviewSubmitted } from "./review-notice";
import { RESPONSE_FORM } from "./reviews-read";
import { Audit } from "../audit";
import { People, Region } from "../directory";
import { Emails, Replies, sendNow, type EmailBlock } from "../mail";
import { Submission } from "../submissions";
import { Cycle } from "../cycle";
import { ForbiddenError, Keys, type Deps } from "../shared";

export const FORM_FOR: Record<Assignments.ReviewStep, Submission.FormKind> = WORK_OF_STEP;
export const FORM_NAME: Record<Assignments.ReviewStep, string> = {
  "peer-scrutiny": "self-evaluation",
  "peer-challenge": "development plan",
};
/** How long a file link from the view works. */
export const FILE_LINK_SECONDS = 300;

/** Answer blocks (as in the confirmation email) as summary-list sections for the read-only page. */
export function sectionsOf(blocks: EmailBlock[]) {
  const sections: { title: string; rows: { key: { text: string }; value: { text: string } }[] }[] = [];
  for (const b of blocks) {
    if ("h" in b) sections.push({ title: b.h, rows: [] });
    else if ("pre" in b) {
      if (!sections.length) sections.push({ title: "", rows: [] });
      sections[sections.length - 1]!.rows.push(
        ...b.pre.map((r) => ({ key: { text: r.label }, value: { text: r.value || "Not answered" } })),
      );
    }
  }
  return sections;
}

/** The link to the work, for one reviewer's reply handle. */
export const workLink = (deps: Pick<Deps, "config">, handleId: string) =>
  `${deps.config.baseUrl}/r/${Replies.tokenOf(deps, handleId)}/work`;

const LIVE = new Set<Assignments.Assignment["status"]>(["sent", "accepted"]);

export interface ReviewerWork {
  assignment: Assignments.Assignment;
  person: People.Person;
  reviewee: Region.Authority;
  reviewer: Region.Authority;
  formName: string;
  /** Absent until the reviewee submits. */
  submission?: Submission.Submission;
  files: { name: string; size: number; href: string }[];
}

/** Open the work for the holder of `token`; refused unless it is a live assignment's reviewer link. */
export async function openWork(deps: Deps, token: string): Promise<ReviewerWork> {
  const resolved = await Replies.resolveToken(deps, token);
  if (!resolved.ok || resolved.handle.purpose !== "assignment")
    throw new ForbiddenError("This link is not valid or has expired. Contact your regional lead.");
  const { handle } = resolved;
  const assignment = await Assignments.get(deps, handle.subject);
  if (!LIVE.has(assignment.status))
    throw new ForbiddenError("This review is no longer assigned to your local authority, so its work is not shown.");
  const person = await People.get(deps, handle.personId).catch(() => undefined);
  if (!person) throw new ForbiddenError("This link is for someone no longer listed. Contact your regional lead.");
  const work = await readWork(deps, assignment, person);
  if (!work.submission && assignment.waiting?.[person.id] !== handle.id) {
    // Remember who to tell when it arrives (person → their handle, so the email carries their own link).
    // (The whole map: a nested path cannot be set before the map exists.)
    await deps.store.update(Assignments.assignmentKey(assignment.id), {
      set: { waiting: { ...assignment.waiting, [person.id]: handle.id } },
    });
  }
  return work;
}

/**
 * The work beside a reviewer's response form, opened through their own form link (whose LA, reviewee
 * and step name the assignment). Nothing while the assignment is not live for their LA.
 */
export async function forResponse(
  deps: Deps,
  input: { cycleId: string; responseAuthority: string; person: People.Person },
): Promise<ReviewerWork | undefined> {
  const [reviewer, reviewee, step] = input.responseAuthority.split("~");
  const parsed = Assignments.ReviewStep.safeParse(step);
  if (!reviewer || !reviewee || !parsed.success || input.person.authority !== reviewer) return undefined;
  const assignment = await Assignments.get(
    deps,
    Assignments.assignmentId(input.cycleId, parsed.data, reviewee, reviewer),
  ).catch(() => undefined);
  if (!assignment || !LIVE.has(assignment.status)) return undefined;
  return readWork(deps, assignment, input.person);
}

/** The reviewee's submitted form for a live assignment, its files by short-lived links; each read audited. */
async function readWork(deps: Deps, assignment: Assignments.Assignment, person: People.Person): Promise<ReviewerWork> {
  const [reviewee, reviewer] = await Promise.all([
    Region.authority(deps, assignment.reviewee),
    Region.authority(deps, assignment.reviewer),
  ]);
  const found = await deps.store.get<Submission.Submission>(
    Keys.submission(assignment.cycleId, FORM_FOR[assignment.step], assignment.reviewee),
  );
  const base = { assignment, person, reviewee, reviewer, formName: FORM_NAME[assignment.step] };
  if (found?.status !== "submitted") return { ...base, files: [] };
  await Audit.record(deps, {
    scope: Audit.cycleScope(assignment.cycleId),
    actor: { kind: "person", id: person.id, name: person.name },
    action: "submission.viewed-for-review",
    // Keyed by time and reader, so each view is its own entry (not one per submission version).
    entity: { type: "submission-view", id: `${found.id}/${person.id}` },
    authority: assignment.reviewee,
    summary: `${person.name} (${reviewer.name}) read ${reviewee.name}'s ${FORM_NAME[assignment.step]} for peer review`,
  });
  const files = await Promise.all(
    Object.values(found.attachments ?? {}).map(async (f) => ({
      name: f.name,
      size: f.size,
      href: await deps.blobs.presignGet(f.key, { expiresInSeconds: FILE_LINK_SECONDS, filename: f.name }),
    })),
  );
  return { ...base, submission: found, files };
}

/** A reviewed form's step and the live assignments reviewing `authority` on it (undefined for other forms). */
interface LiveReviews {
  step: Assignments.ReviewStep;
  live: Assignments.Assignment[];
}

async function liveReviewsOf(
  deps: Pick<Deps, "store">,
  input: { cycleId: string; form: Submission.FormKind; authority: string },
): Promise<LiveReviews | undefined> {
  const step = stepReviewing(input.form);
  if (!step) return undefined;
  const live = (await Assignments.listForStep(deps, input.cycleId, step)).filter(
    (a) => a.reviewee === input.authority && LIVE.has(a.status),
  );
  return { step, live };
}

/**
 * After `authority` submits `form`: email each reviewer who came to read it too early, with their own
 * link. Safe to repeat (one email per reviewer and reviewee); returns how many were newly told.
 */
export async function tellWaitingReviewers(
  deps: Deps,
  input: { cycleId: string; form: Submission.FormKind; authority: string },
) {
  const reviews = await liveReviewsOf(deps, input);
  return reviews ? tellWaiting(deps, input.authority, reviews) : 0;
}

async function tellWaiting(deps: Deps, authority: string, { step, live }: LiveReviews) {
  if (!live.some((a) => Object.keys(a.waiting ?? {}).length)) return 0;
  const reviewee = await Region.authority(deps, authority);
  let told = 0;
  for (const a of live) {
    for (const [personId, handleId] of Object.entries(a.waiting ?? {})) {
      const person = await People.get(deps, personId).catch(() => undefined);
      if (!person) continue;
      const { created } = await sendNow(deps, {
        key: { cycleId: a.cycleId, step: a.step, recipient: person.email, purpose: `work-arrived:${a.reviewee}` },
        to: person.email,
        regionId: a.regionId,
        message: Emails.render("reviewArrived", {
          name: person.name,
          reviewee: reviewee.name,
          form: FORM_NAME[step],
          link: workLink(deps, handleId),
        }),
      });
      if (created) told++;
    }
  }
  return told;
}

type Resubmitted = Pick<Submission.Submission, "id" | "cycleId" | "form" | "authority" | "reference">;

/**
 * After a form the lead reopened is submitted again: email every reviewer of its live assignments that
 * the work they may have read has changed, with the lead's reason and their own link. Once per reviewer
 * and submitted version (the reference names the version); returns how many were newly told.
 */
export async function tellReviewersOfUpdate(deps: Deps, sub: Resubmitted) {
  const reviews = await liveReviewsOf(deps, sub);
  return reviews ? tellUpdate(deps, sub, reviews) : 0;
}

async function tellUpdate(deps: Deps, sub: Resubmitted, { step, live }: LiveReviews) {
  if (!live.length) return 0;
  const reopenings = (await Submission.history(deps, sub.id)).filter((v) => v.status === "reopened");
  if (!reopenings.length) return 0;
  const reason = reopenings.at(-1)!.note ?? "";
  const [cycle, reviewee] = await Promise.all([Cycle.get(deps, sub.cycleId), Region.authority(deps, sub.authority)]);
  let told = 0;
  for (const a of live)
    for (const person of await reviewersOf(deps, a.reviewer)) {
      const { address, workHref } = await reviewerContact(deps, cycle, a, person);
      const { created } = await sendNow(deps, {
        key: { cycleId: a.cycleId, step: a.step, recipient: person.email, purpose: `work-updated:${sub.reference}` },
        to: person.email,
        replyTo: address,
        regionId: a.regionId,
        message: Emails.render("reviewUpdated", {
          name: person.name,
          reviewee: reviewee.name,
          form: FORM_NAME[step],
          reason,
          link: workHref,
        }),
      });
      if (created) told++;
    }
  return told;
}

/**
 * Called wherever a form's status changes on the way to submitted (the officers' submit, the DCS's
 * approval by page or by reply). The work "arrives" when it counts as submitted — for forms the DCS
 * signs off, at the approval, since until then it can be returned and changed and the reviewer's
 * view does not show it. Reviewers who were waiting are told it has arrived; after a reopening, every
 * reviewer is told it has changed (one read of the assignments serves both). The form is already saved,
 * so a failure here is logged, not thrown.
 */
export async function whenSubmitted(deps: Deps, sub: Resubmitted & Pick<Submission.Submission, "status">) {
  if (sub.status !== "submitted") return 0;
  // A reviewer's response: its reviewee is told when it was the last review missing (review-notice.ts).
  if (sub.form === RESPONSE_FORM) return afterReviewSubmitted(deps, sub);
  // A submission that arrives after the lead sent the step's assignments gets its reviewers now.
  const step = stepReviewing(sub.form);
  if (step)
    await sendWaiting(deps, { cycleId: sub.cycleId, step, reviewee: sub.authority }).catch((err: unknown) =>
      deps.log.error({ err, form: sub.form, authority: sub.authority }, "waiting reviewers not sent"),
    );
  try {
    const reviews = await liveReviewsOf(deps, sub);
    if (!reviews?.live.length) return 0;
    return (await tellWaiting(deps, sub.authority, reviews)) + (await tellUpdate(deps, sub, reviews));
  } catch (err) {
    deps.log.error({ err, form: sub.form, authority: sub.authority }, "reviewers not told");
    return 0;
  }
}
