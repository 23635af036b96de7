/** What every domain shares: errors, ports, configuration, logging, the clock, table keys and small store helpers. */
// zod, with its English messages, loads at a function's start: nearly every first request validates, and loading it
// with the route groups instead cut the console's init by 15 ms of CPU but made its first sign-in page 23–30 ms slower.
import "../zod";
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
