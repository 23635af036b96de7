import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { API_MOUNTS } from "./api-routes";
import { lambdaDeps } from "./deps";

/** The OpenAPI document the bundler wrote beside this bundle (absent when run from source). */
const openapiFile = fileURLToPath(new URL("./openapi.json", import.meta.url));
const openapi = existsSync(openapiFile) ? readFileSync(openapiFile, "utf8") : null;

/**
 * Lambda entry point for the JSON API (API Gateway's `/api/{proxy+}`, `/health` and `/openapi.json` routes).
 * It renders no page: refusals are problem details.
 */
export const handler = handle(buildApp(await lambdaDeps(), { mounts: API_MOUNTS, openapi }));
