import { Mail, Retention, Workflow, type Tick } from "@riia/core";

/**
 * The steps the scheduled tick runs, in order. Each is level-triggered and idempotent: it reads
 * only what is due and derives what to do from stored state. Phases open (queueing invitations),
 * tasks are reminded, marked overdue and escalated, and then the mail they queued is sent.
 */
export const scheduledSteps: Record<string, Tick.ScheduledStep> = {
  phases: (deps) => Workflow.runPhaseEvents(deps),
  tasks: (deps) => Workflow.runTaskEvents(deps),
  mail: (deps) => Mail.dispatchDue(deps, { budgetMs: 240_000 }),
  retention: (deps) => Retention.sweep(deps),
};
