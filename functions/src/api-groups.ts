/**
 * The API function's route modules in groups by resource, each group imported on the first request for its paths
 * (lazy-app.ts), so a start loads the middleware alone and a first request the domain of its own resource: a read of
 * the regions loads the directory, not the mail catalogue, the solver or the dataset. The `at` numbers are those of
 * api-routes.ts (the whole app's order): test/unit/lazy-groups.test.ts fails if a group's modules or numbers drift
 * from that list, or if a module serves a path outside its groups'. A file of its own, so the function's bundle
 * carries no other function's groups.
 */
import type { Deps } from "@riia/core";
import { buildApp } from "./app-builder";
import type { AppFor, RouteGroup } from "./lazy-app";
import { newApiApp, serveApiDocument } from "./openapi-root";
import { apiGuards } from "./routes/api/index";

const REGION = "/api/regions/:regionId";
const CYCLE = "/api/cycles/:cycleId";

/** The API function: the JSON API and the health check (API_MOUNTS). */
export const API_GROUPS: RouteGroup[] = [
  {
    name: "health",
    paths: ["/health"],
    load: async () => [{ at: 0, routes: (await import("./routes/health")).healthRoutes }],
  },
  // Who may reach the API's resources: a few lines, loaded at start with the middleware.
  { name: "guards", paths: ["/api/*"], load: async () => [{ at: 1.05, routes: apiGuards }] },
  {
    name: "reference",
    paths: ["/api/regions", REGION, `${REGION}/authorities`, "/api/authorities/:code"],
    load: async () => [{ at: 1, routes: (await import("./routes/api/reference")).referenceApi }],
  },
  {
    name: "directory",
    paths: [`${REGION}/people`, `${REGION}/contacts`, `${REGION}/settings`, "/api/authorities/:code/people"],
    load: async () => [{ at: 1.1, routes: (await import("./routes/api/directory")).directoryApi }],
  },
  {
    name: "cycles",
    paths: [`${REGION}/cycles`, CYCLE, `${CYCLE}/submissions`, "/api/submissions/*"],
    load: async () => [{ at: 1.2, routes: (await import("./routes/api/cycles")).cyclesApi }],
  },
  {
    name: "templates",
    paths: [`${REGION}/templates/*`],
    load: async () => [
      { at: 1.3, routes: (await import("./routes/api/templates")).templatesApi },
      { at: 6, routes: (await import("./routes/api-templates")).apiTemplateRoutes },
    ],
  },
  {
    name: "emails",
    paths: ["/api/emails", "/api/emails/*"],
    load: async () => [{ at: 1.4, routes: (await import("./routes/api/emails")).emailsApi }],
  },
  {
    name: "audit",
    paths: [`${CYCLE}/audit`, `${REGION}/audit`, "/api/authorities/:code/audit"],
    load: async () => [{ at: 1.5, routes: (await import("./routes/api/audit")).auditApi }],
  },
  {
    name: "lead-controls",
    paths: [`${CYCLE}/board`, `${CYCLE}/steps/*`, `${CYCLE}/tasks/*`, `${CYCLE}/assignments/*`],
    load: async () => [{ at: 1.6, routes: (await import("./routes/api/lead-controls")).leadControlsApi }],
  },
  {
    name: "support",
    paths: [`${CYCLE}/support/*`, `${CYCLE}/plan`, `${CYCLE}/plan/*`, `${CYCLE}/exports/*`],
    load: async () => [{ at: 1.7, routes: (await import("./routes/api/support")).supportApi }],
  },
  {
    name: "privacy",
    paths: ["/api/privacy/*"],
    load: async () => [{ at: 10, routes: (await import("./routes/privacy-admin")).privacyAdminRoutes }],
  },
  {
    name: "dataset",
    paths: [`${REGION}/dataset/*`, `${REGION}/early-warning`],
    load: async () => [{ at: 15, routes: (await import("./routes/api/dataset")).datasetApiRoutes }],
  },
  {
    name: "concerns",
    paths: [`${REGION}/concerns`],
    load: async () => [{ at: 16, routes: (await import("./routes/api/concerns")).concernApiRoutes }],
  },
];

/** The API function's app around the groups loaded so far: an OpenAPI root serving the document made at build time. */
export function apiAppFor(deps: Deps): AppFor {
  return (mounts) => {
    const app = buildApp(newApiApp(), deps, { mounts });
    serveApiDocument(app);
    return app;
  };
}
