import { Collection, ConcernLadder, Concerns, Impact, Retention, ReviewNotice, Workflow, type Tick } from "@riia/core";

/**
 * The steps the scheduled tick runs, in order. Each is level-triggered and idempotent: it reads
 * only what is due and derives what to do from stored state. Phases open (queueing invitations),
 * tasks are reminded, marked overdue and escalated, and then the mail they queued is sent.
 */
export const scheduledSteps: Record<string, Tick.ScheduledStep> = {
  phases: (deps) => Workflow.runPhaseEvents(deps),
  tasks: (deps) => Workflow.runTaskEvents(deps),
  // The quarterly core dataset: rounds open, remind and escalate late returns; checks raise concerns; concerns climb the MoU ladder.
  dataset: (deps, now) => Collection.runDue(deps, now),
  earlyWarning: (deps, now) => Concerns.runChecks(deps, now),
  concerns: (deps, now) => ConcernLadder.runDue(deps, now),
  // Reviewed LAs are told their peer reviews can be read (all in, or the step closed with some missing).
  reviewNotices: (deps) => ReviewNotice.runDue(deps),
  // Brokered solutions that have ended ask the receiving LA for feedback (re-checked as the mail goes).
  impact: (deps, now) => Impact.runDue(deps, now),
  // Queued reminders, notices and invitations are re-checked as they go: a closed step or waived task is never chased.
  mail: (deps) => Workflow.sendDueMail(deps, { budgetMs: 240_000 }),
  retention: (deps) => Retention.sweepDaily(deps),
};
