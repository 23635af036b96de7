import { API_GROUPS, apiAppFor } from "./api-groups";
import { lambdaDeps } from "./deps";
import { handleLazily } from "./lazy-app";

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details. Bundled, its routes validate with zod mini
 * (stacks/esbuild/api-zod-mini.ts) and the document is a file: it never generates one. Its route modules
 * (api-routes.ts) load in groups by resource on the first request for their paths (api-groups.ts), each with its own
 * resource's schemas and domain, so a first read of the regions loads the directory and not the rest of the domain.
 */
export const handler = handleLazily(API_GROUPS, apiAppFor(await lambdaDeps()));
