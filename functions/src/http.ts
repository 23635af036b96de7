import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { handle } from "hono/aws-lambda";
import { createApp } from "./app";
import { lambdaDeps } from "./deps";
import { precompiledViews } from "./views-precompiled";

/** The OpenAPI document the bundler wrote beside this bundle (absent when run from source). */
const openapiFile = fileURLToPath(new URL("./openapi.json", import.meta.url));
const openapi = existsSync(openapiFile) ? readFileSync(openapiFile, "utf8") : undefined;

/** Lambda entry point for every HTTP route (API Gateway HTTP API `$default`). */
export const handler = handle(createApp(await lambdaDeps(), { precompiled: precompiledViews, openapi }));
