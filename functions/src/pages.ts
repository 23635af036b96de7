import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { buildApp } from "./app-builder";
import { assetManifest } from "./asset-manifest";
import type { AppEnv } from "./context";
import { lambdaDeps } from "./deps";
import { LINK_MOUNTS } from "./link-routes";
import { pagesOf } from "./page-renderer";
import { precompiledViews } from "./views-precompiled";

/**
 * Lambda entry point for the pages people reach from emailed links, and the public pages (API Gateway's `$default`
 * route): forms, sign-off, reviewers' pages, dataset returns, concern responses, the support menu and plan. The lead
 * console is its own function (`console.ts`), so this one's cold start carries none of it. Views come precompiled in
 * the bundle and one page is rendered during init.
 */
export const handler = handle(
  buildApp(new Hono<AppEnv>(), await lambdaDeps(), {
    mounts: LINK_MOUNTS,
    pages: pagesOf({ precompiled: precompiledViews, assetManifest, warm: true }),
  }),
);
