/** The route modules of the API function: the JSON API under /api and the health check. */
import type { Mount } from "./app-builder";
import { apiRoutes } from "./routes/api/index";
import { apiTemplateRoutes } from "./routes/api-templates";
import { concernApiRoutes } from "./routes/api/concerns";
import { datasetApiRoutes } from "./routes/api/dataset";
import { healthRoutes } from "./routes/health";
import { privacyAdminRoutes } from "./routes/privacy-admin";

/** `at` numbers are shared with page-routes.ts: together they are the whole app's order. */
export const API_MOUNTS: Mount[] = [
  { at: 0, routes: healthRoutes },
  { at: 1, routes: apiRoutes },
  { at: 6, routes: apiTemplateRoutes },
  { at: 10, routes: privacyAdminRoutes },
  { at: 15, routes: datasetApiRoutes },
  { at: 16, routes: concernApiRoutes },
];
