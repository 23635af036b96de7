/** What every domain shares: errors, ports, configuration, logging, the clock, table keys and small store helpers. */
export * from "./errors";
export * from "./ports";
export { loadConfig, ENV, type Config } from "./config";
export { createLogger, redactPath, isTokenLike, type Logger } from "./logger";
export { systemClock, fixedClock, offsetClock } from "./clock";
export { checkHealth, type HealthReport, type DependencyHealth } from "./health";
export { Keys, normaliseEmail, heldHash } from "./keys";
export { queryAll } from "./query-all";
export { namingEntries, NAMING_KIND, type NamingEntry } from "./held-names";
export { dateWords, dateSpanWords } from "./date-words";
export { escapeRegExp } from "./text";
export { parseCsv, formatCsv, csvCell, type CsvRow } from "./csv";
export * as Versioned from "./versioned";
/** Allowances counted in the table (sign-in emails per address, API requests per token and per IP). */
export * as Allowance from "./allowance";
/** How long each kind of record is kept: read by every domain that writes a TTL, by the sweep and the privacy notice. */
export * as RetentionSchedule from "./retention-schedule";
