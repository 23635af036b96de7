import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { assetManifest } from "./asset-manifest";
import type { AppEnv } from "./context";
import { lambdaDeps } from "./deps";
import { CONSOLE_MOUNTS } from "./console-routes";
import { pagesOf } from "./page-renderer";
import { precompiledViews } from "./views-precompiled";

/**
 * Lambda entry point for the lead console (API Gateway's CONSOLE_PATHS: sign-in and everything under /lead): the
 * cycle board, steps, tasks, assignments, replies, the template and catalogue editors, exports, privacy pages.
 * Its pages' static files are served by the pages function, on their own paths.
 */
export const handler = handle(
  buildApp(new Hono<AppEnv>(), await lambdaDeps(), {
    mounts: CONSOLE_MOUNTS,
    pages: pagesOf({ precompiled: precompiledViews, assetManifest, warm: true }),
  }),
);
