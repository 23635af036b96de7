import { pageFunction } from "./page-function";
import { CONSOLE_GROUPS } from "./console-groups";

/**
 * Lambda entry point for the lead console (API Gateway's CONSOLE_PATHS: sign-in and everything under /lead): the
 * cycle board, steps, tasks, assignments, replies, the template and catalogue editors, exports, privacy pages.
 * Its pages' static files are served by the pages function, on their own paths. Its route modules
 * (console-routes.ts) load in groups on the first request for their paths (console-groups.ts).
 */
export const handler = await pageFunction(CONSOLE_GROUPS);
