import { Hono } from "hono";
import { buildApp } from "./app-builder";
import { assetManifest } from "./asset-manifest";
import type { AppEnv } from "./context";
import { lambdaDeps } from "./deps";
import { handleLazily, type RouteGroup } from "./lazy-app";
import { pagesOf } from "./page-renderer";
import { precompiledViews } from "./views-precompiled";

/**
 * A Lambda handler serving pages (`pages.ts`, `console.ts`): a plain Hono root, views parsed into the bundle, one
 * page rendered during init, and the function's route modules in groups loaded on the first request for their paths
 * (lazy-app.ts). Each entry names only its own groups, so its bundle carries only their modules.
 */
export async function pageFunction(groups: RouteGroup[]) {
  const deps = await lambdaDeps();
  const pages = pagesOf({ trees: precompiledViews, assetManifest, warm: true });
  return handleLazily(groups, (mounts) => buildApp(new Hono<AppEnv>(), deps, { mounts, pages }), pages.assets.urls);
}
