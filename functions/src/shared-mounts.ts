/**
 * Route modules that serve both page functions: each has pages reached from emailed links and pages under /lead.
 * One object per module, so the whole app (page-routes.ts) mounts each once.
 */
import type { Mount } from "./app-builder";
import { concernRoutes } from "./routes/concerns";
import { datasetRoutes } from "./routes/dataset";
import { historyRoutes } from "./routes/history";

/** `at` numbers are shared with api-routes.ts: together they are the whole app's order. */
export const HISTORY: Mount = { at: 2, routes: historyRoutes };
export const DATASETS: Mount = { at: 12, routes: datasetRoutes };
export const CONCERNS: Mount = { at: 13, routes: concernRoutes };
