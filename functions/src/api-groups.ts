/**
 * The API function's route modules in groups by the paths they serve, each group imported on first use (lazy-app.ts). The `at`
 * numbers are those of api-routes.ts (the whole app's order); test/unit/lazy-groups.test.ts fails if a group's modules or
 * numbers drift from that list or if a module serves a path outside its group's. A file of its own, so the
 * function's bundle carries no other function's groups.
 */
import type { RouteGroup } from "./lazy-app";

/** The API function: the JSON API and the health check (API_MOUNTS). */
export const API_GROUPS: RouteGroup[] = [
  {
    name: "health",
    paths: ["/health"],
    load: async () => [{ at: 0, routes: (await import("./routes/health")).healthRoutes }],
  },
  {
    name: "api",
    paths: ["/api/regions", "/api/regions/*", "/api/authorities/*", "/api/cycles/*", "/api/submissions/*"].concat([
      "/api/emails",
      "/api/emails/*",
    ]),
    load: async () => [{ at: 1, routes: (await import("./routes/api/index")).apiRoutes }],
  },
  {
    name: "region-api",
    paths: ["/api/regions/*"],
    load: async () => [
      { at: 6, routes: (await import("./routes/api-templates")).apiTemplateRoutes },
      { at: 15, routes: (await import("./routes/api/dataset")).datasetApiRoutes },
      { at: 16, routes: (await import("./routes/api/concerns")).concernApiRoutes },
    ],
  },
  {
    name: "privacy",
    paths: ["/api/privacy/*"],
    load: async () => [{ at: 10, routes: (await import("./routes/privacy-admin")).privacyAdminRoutes }],
  },
];
