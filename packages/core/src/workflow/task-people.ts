/**
 * Who an LA's task is waiting on and who hears about it: the submissions it awaits (its form, or a reviewing LA's
 * responses), its status derived from them, and the people reminded.
 */
import { Assignments, Review } from "../peer-review";
import { Tasks } from "../cycle";
import { Keys, type Deps } from "../shared";
import { Submission } from "../submissions";
import { People } from "../directory";

/** The submissions a task waits for: its form, or the review responses of a reviewing LA. */
async function awaited(deps: Pick<Deps, "store">, task: Tasks.Task): Promise<string[]> {
  const form = Tasks.FORM_OF_STEP[task.step];
  if (form) return [Submission.submissionId(task.cycleId, form, task.authority)];
  if (Tasks.REVIEW_STEPS.includes(task.step)) {
    const mine = (await Assignments.listForStep(deps, task.cycleId, task.step as Assignments.ReviewStep)).filter(
      (a) => a.reviewer === task.authority && (a.status === "sent" || a.status === "accepted"),
    );
    return mine.map((a) =>
      Submission.submissionId(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)),
    );
  }
  return [];
}

export async function refreshStatus(deps: Pick<Deps, "store">, task: Tasks.Task): Promise<Tasks.TaskStatus> {
  if (task.status === "waived" || task.status === "submitted") return task.status;
  const ids = await awaited(deps, task);
  if (Tasks.FORM_OF_STEP[task.step] && ids.length === 1) {
    // A form step: the same rule every page reads (Tasks.liveStatus).
    const r = Submission.parseSubmissionId(ids[0]!);
    return Tasks.liveStatus(task, await deps.store.get<Submission.Submission>(Submission.keyOf(r)));
  }
  if (!ids.length) return task.status;
  const subs = await deps.store.batchGet<Submission.Submission>(
    ids.map((id) => {
      const r = Submission.parseSubmissionId(id);
      return Keys.submission(r.cycleId, r.form, r.authority);
    }),
  );
  if (subs.length === ids.length && subs.every((s) => s.status === "submitted")) return "submitted";
  if (task.status === "not-started" && subs.some((s) => s.version > 1)) return "in-progress";
  return task.status;
}

/** Who hears about an LA's task: its officers and DCS (reviewers, for review steps). */
export async function taskPeople(
  deps: Pick<Deps, "store">,
  task: Pick<Tasks.Task, "authority" | "step">,
): Promise<People.Person[]> {
  // Review steps reach the same people the assignment went to.
  if (Tasks.REVIEW_STEPS.includes(task.step)) return Review.reviewersOf(deps, task.authority);
  return (await People.listByAuthority(deps, task.authority)).filter((p) =>
    p.roles.some((r) => r === "officer" || r === "dcs"),
  );
}
