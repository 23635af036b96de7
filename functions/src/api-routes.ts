/** The route modules of the API function: the JSON API under /api and the health check. */
import type { Mount } from "./app-builder";
import { apiGuards } from "./routes/api/index";
import { apiTemplateRoutes } from "./routes/api-templates";
import { auditApi } from "./routes/api/audit";
import { concernApiRoutes } from "./routes/api/concerns";
import { cyclesApi } from "./routes/api/cycles";
import { datasetApiRoutes } from "./routes/api/dataset";
import { directoryApi } from "./routes/api/directory";
import { emailsApi } from "./routes/api/emails";
import { leadControlsApi } from "./routes/api/lead-controls";
import { referenceApi } from "./routes/api/reference";
import { supportApi } from "./routes/api/support";
import { templatesApi } from "./routes/api/templates";
import { healthRoutes } from "./routes/health";
import { privacyAdminRoutes } from "./routes/privacy-admin";

/**
 * `at` numbers are shared with page-routes.ts: together they are the whole app's order. The JSON API's resources
 * take 1–1.7, in the order the document lists them; the public reference routes come before the guards.
 */
export const API_MOUNTS: Mount[] = [
  { at: 0, routes: healthRoutes },
  { at: 1, routes: referenceApi },
  { at: 1.05, routes: apiGuards },
  { at: 1.1, routes: directoryApi },
  { at: 1.2, routes: cyclesApi },
  { at: 1.3, routes: templatesApi },
  { at: 1.4, routes: emailsApi },
  { at: 1.5, routes: auditApi },
  { at: 1.6, routes: leadControlsApi },
  { at: 1.7, routes: supportApi },
  { at: 6, routes: apiTemplateRoutes },
  { at: 10, routes: privacyAdminRoutes },
  { at: 15, routes: datasetApiRoutes },
  { at: 16, routes: concernApiRoutes },
];
