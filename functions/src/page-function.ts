import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { buildApp, type Mount } from "./app-builder";
import { assetManifest } from "./asset-manifest";
import type { AppEnv } from "./context";
import { lambdaDeps } from "./deps";
import { pagesOf } from "./page-renderer";
import { precompiledViews } from "./views-precompiled";

/**
 * A Lambda handler serving `mounts` as pages (`pages.ts`, `console.ts`): a plain Hono root, views precompiled in the
 * bundle, one page rendered during init. Each entry imports only its own route modules, so its bundle carries only
 * them.
 */
export async function pageFunction(mounts: Mount[]) {
  return handle(
    buildApp(new Hono<AppEnv>(), await lambdaDeps(), {
      mounts,
      pages: pagesOf({ precompiled: precompiledViews, assetManifest, warm: true }),
    }),
  );
}
