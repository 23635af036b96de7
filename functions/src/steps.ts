import type { Tick } from "@riia/core";

/**
 * The steps the scheduled tick runs, in order. Each is level-triggered and idempotent.
 * Later issues register phase opening, reminders, escalation and the mail dispatcher here.
 */
export const scheduledSteps: Record<string, Tick.ScheduledStep> = {};
