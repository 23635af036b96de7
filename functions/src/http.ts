import { handle } from "hono/aws-lambda";
import { createApp } from "./app";
import { lambdaDeps } from "./deps";
import { precompiledViews } from "./views-precompiled";

/** Lambda entry point for every HTTP route (API Gateway HTTP API `$default`). */
export const handler = handle(createApp(await lambdaDeps(), { precompiled: precompiledViews }));
