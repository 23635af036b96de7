import { buildApp } from "./app-builder";
import { lambdaDeps } from "./deps";
import { handleLazily } from "./lazy-app";
import { newApiApp, serveApiDocument } from "./openapi-root";
import { API_GROUPS } from "./api-groups";

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details. Bundled, its routes validate with zod mini
 * (stacks/esbuild/api-zod-mini.ts) and the document is a file: it never generates one. Its route modules
 * (api-routes.ts) load in groups on the first request for their paths (api-groups.ts).
 */
const deps = await lambdaDeps();
export const handler = handleLazily(API_GROUPS, (mounts) => {
  const app = buildApp(newApiApp(), deps, { mounts });
  serveApiDocument(app);
  return app;
});
