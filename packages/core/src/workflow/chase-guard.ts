import type { Tasks } from "../cycle";
import type { Mail } from "../mail";

/**
 * The guard a chasing email carries (see mail/guard.ts, mail-guard.ts): the task it chases and the deadline it
 * quotes, so that a close, a waiver, a submission or a moved deadline before it is sent cancels it.
 */
export const chaseGuard = (
  task: Pick<Tasks.Task, "cycleId" | "step" | "authority" | "deadline">,
  kind: "task-chase" | "review-chase",
  reviewee?: string,
): Mail.MailGuard => ({
  cycleId: task.cycleId,
  step: task.step,
  authority: task.authority,
  kind,
  deadline: task.deadline,
  ...(reviewee ? { reviewee } : {}),
});
