import { Mail, type Tick } from "@riia/core";

/**
 * The steps the scheduled tick runs, in order. Each is level-triggered and idempotent: it
 * derives what is due from stored state. Later steps (phases, reminders, escalation) are added
 * before `mail`, so the mail they queue goes out in the same run.
 */
export const scheduledSteps: Record<string, Tick.ScheduledStep> = {
  mail: (deps) => Mail.dispatchDue(deps, { budgetMs: 240_000 }),
};
