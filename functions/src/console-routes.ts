/**
 * The route modules of the console function (API Gateway's CONSOLE_PATHS): sign-in, the cycle board and everything
 * under /lead.
 */
import type { Mount } from "./app-builder";
import { CONCERNS, DATASETS, HISTORY } from "./shared-mounts";
import { leadRoutes } from "./routes/lead/index";
import { signInRoutes } from "./routes/lead/sign-in";
import { impactLeadRoutes } from "./routes/impact/lead";
import { impactProgressRoutes } from "./routes/impact/progress";
import { reviewExportRoutes } from "./routes/reviews/exports";
import { submissionExportRoutes } from "./routes/submission-exports";
import { templateEditorRoutes } from "./routes/template-editor";

/** `at` numbers are shared with api-routes.ts: together they are the whole app's order. */
export const CONSOLE_MOUNTS: Mount[] = [
  HISTORY,
  { at: 5, routes: templateEditorRoutes },
  { at: 7, routes: submissionExportRoutes },
  { at: 7.5, routes: reviewExportRoutes },
  { at: 8, routes: leadRoutes },
  { at: 8.1, routes: signInRoutes },
  { at: 8.25, routes: impactLeadRoutes },
  { at: 8.3, routes: impactProgressRoutes },
  DATASETS,
  CONCERNS,
];
