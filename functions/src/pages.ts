import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { assetManifest } from "./asset-manifest";
import type { AppEnv } from "./context";
import { lambdaDeps } from "./deps";
import { PAGE_MOUNTS } from "./page-routes";
import { pagesOf } from "./page-renderer";
import { precompiledViews } from "./views-precompiled";

/**
 * Lambda entry point for the pages (API Gateway's `$default` route): forms, sign-off, the lead console, support,
 * datasets and the public pages. Views come precompiled in the bundle and one page is rendered during init.
 */
export const handler = handle(
  buildApp(new Hono<AppEnv>(), await lambdaDeps(), {
    mounts: PAGE_MOUNTS,
    pages: pagesOf({ precompiled: precompiledViews, assetManifest, warm: true }),
  }),
);
