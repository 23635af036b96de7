import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { API_MOUNTS } from "./api-routes";
import { lambdaDeps } from "./deps";
import { describeApi, newApiApp, serveApiDocument } from "./openapi-app";

/** The OpenAPI document the bundler wrote beside this bundle (absent when run from source). */
const openapiFile = fileURLToPath(new URL("./openapi.json", import.meta.url));
const openapi = existsSync(openapiFile) ? readFileSync(openapiFile, "utf8") : null;

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details.
 */
const app = buildApp(newApiApp(), await lambdaDeps(), { mounts: API_MOUNTS });
if (openapi) serveApiDocument(app, openapi);
else describeApi(app);
export const handler = handle(app);
