/** The route modules of the pages function: forms, sign-off, the lead console, support, datasets, public pages. */
import type { Mount } from "./app-builder";
import { concernRoutes } from "./routes/concerns";
import { datasetRoutes } from "./routes/dataset";
import { formRoutes } from "./routes/forms";
import { historyRoutes } from "./routes/history";
import { leadRoutes } from "./routes/lead/index";
import { publicRoutes } from "./routes/public";
import { reviewViewRoutes } from "./routes/review-view";
import { signOffRoutes } from "./routes/sign-off";
import { submissionExportRoutes } from "./routes/submission-exports";
import { supportRoutes } from "./routes/support/index";
import { templateEditorRoutes } from "./routes/template-editor";

/** `at` numbers are shared with api-routes.ts: together they are the whole app's order. */
export const PAGE_MOUNTS: Mount[] = [
  { at: 2, routes: historyRoutes },
  { at: 3, routes: formRoutes },
  { at: 4, routes: signOffRoutes },
  { at: 5, routes: templateEditorRoutes },
  { at: 7, routes: submissionExportRoutes },
  { at: 8, routes: leadRoutes },
  { at: 9, routes: supportRoutes },
  { at: 11, routes: reviewViewRoutes },
  { at: 12, routes: datasetRoutes },
  { at: 13, routes: concernRoutes },
  { at: 14, routes: ({ urls }) => publicRoutes(urls!) },
];
