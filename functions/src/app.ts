import type { Deps } from "@riia/core";
import type { RendererPaths } from "@riia/forms";
import { fileTrees } from "@riia/forms/view-engine/parse";
import { buildApp, type Mount } from "./app-builder";
import { API_MOUNTS } from "./api-routes";
import { PAGE_MOUNTS } from "./page-routes";
import { pagesOf } from "./page-renderer";
import { defaultViewPaths } from "./assets";
import { describeApi, newApiApp, type ApiApp } from "./openapi-app";

export type { App } from "./context";
export { OPENAPI_HEADER } from "./openapi-app";

/** Every route module, in the whole app's order. */
function allMounts(): Mount[] {
  return [...API_MOUNTS, ...PAGE_MOUNTS].sort((a, b) => a.at - b.at);
}

/**
 * The whole app: pages and API together, served locally (`local/start.ts`) and by the tests. On Lambda the same
 * route modules are split between three functions (`pages.ts`, `console.ts`, `api.ts`); everything the app touches
 * comes in through `deps`. The OpenAPI document is generated on request (a bundle serves the one made at build time).
 */
export function createApp(deps: Deps, options: { views?: RendererPaths } = {}): ApiApp {
  const views = options.views ?? defaultViewPaths();
  const app = buildApp(newApiApp(), deps, { mounts: allMounts(), pages: pagesOf({ views, trees: fileTrees(views) }) });
  describeApi(app);
  return app;
}
