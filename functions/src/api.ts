import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { API_MOUNTS } from "./api-routes";
import { lambdaDeps } from "./deps";
import { newApiApp, serveApiDocument } from "./openapi-root";

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details. Bundled, its routes validate with zod mini
 * (stacks/esbuild/api-zod-mini.ts) and the document is a file: it never generates one. Its routes load at start, not
 * in groups on first use as the page functions' do: a first read (`GET /api/regions`) already needs most of the
 * domain through the routes' shared schemas, so loading it later only moved the time into the first request and
 * added the chunks' own loading (init + first request 1.51 → 1.57 × the floor's, measured in one run).
 */
const app = buildApp(newApiApp(), await lambdaDeps(), { mounts: API_MOUNTS });
serveApiDocument(app);
export const handler = handle(app);
