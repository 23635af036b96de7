import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { API_MOUNTS } from "./api-routes";
import { lambdaDeps } from "./deps";
import { newApiApp, serveApiDocument } from "./openapi-app";

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details. Bundled, its routes validate with zod mini
 * (stacks/esbuild/api-zod-mini.ts) and the document is a file: it never generates one.
 */
const app = buildApp(newApiApp(), await lambdaDeps(), { mounts: API_MOUNTS });
serveApiDocument(app);
export const handler = handle(app);
