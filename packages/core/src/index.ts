/**
 * @riia/core — the domain of riia. Domain modules export functions and schemas under a namespace;
 * ports describe what the domain needs; `adapters` implement them on AWS.
 */
export * from "./errors";
export * from "./ports";
export { loadConfig, ConfigSchema, ENV, type Config } from "./config";
export { createLogger, redactPath, type Logger } from "./logger";
export { systemClock, fixedClock, offsetClock } from "./clock";
export { checkHealth, type HealthReport, type DependencyHealth } from "./health";
export * as Tick from "./tick";
// Heavy modules (mail parsing; later, document export and the solver) are imported by subpath,
// e.g. `@riia/core/inbound`, so entry points that do not use them do not bundle them.
export * as Suppression from "./suppression";
export { Keys } from "./keys";
export * as Audit from "./audit";
export * as Versioned from "./versioned";
export * as Region from "./region";
export * as People from "./people";
export * as Cycle from "./cycle";
export * as Submission from "./submission";
export { parseCsv } from "./csv";
export * as Tokens from "./tokens";
export * as Links from "./links";
export * as Templates from "./templates";
export * as Mail from "./mail";
export { compose as composeEmail, type Block as EmailBlock, type RenderedEmail } from "./mail-templates";
export * as Emails from "./emails";
export * as Replies from "./replies";
export * as Assignments from "./assignments";
export * as Matching from "./matching";
export * as Workflow from "./workflow";
export * as Review from "./review";
export * as Access from "./access";
export * as Support from "./support";
