/** The year in motion: opening and closing steps, reminders, MoU escalation, the scheduled tick and the lead's controls. */
export * as Workflow from "./workflow";
export * as Tick from "./tick";
