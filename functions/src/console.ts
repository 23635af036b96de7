import { CONSOLE_MOUNTS } from "./console-routes";
import { pageFunction } from "./page-function";

/**
 * Lambda entry point for the lead console (API Gateway's CONSOLE_PATHS: sign-in and everything under /lead): the
 * cycle board, steps, tasks, assignments, replies, the template and catalogue editors, exports, privacy pages.
 * Its pages' static files are served by the pages function, on their own paths.
 */
export const handler = await pageFunction(CONSOLE_MOUNTS);
