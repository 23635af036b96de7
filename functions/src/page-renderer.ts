/**
 * The renderer and static files of a part that serves pages. Kept apart from the app builder so that a part that
 * renders nothing (the API function) does not bundle nunjucks. The renderer comes from its own module, not the forms
 * engine's index: a page function's start then loads none of the engine, whose modules wait for the route groups
 * that use them (the index's namespaces would bring them all into the start's chunks).
 */
import { rendererOf, type Render, type RendererPaths, type TreeSource } from "@riia/forms/render";
import { buildAssets, defaultViewPaths, withAssetUrls, type AssetManifest, type Assets } from "./assets";

export interface PageOptions {
  /** Where GOV.UK Frontend's assets are (and the views, which `trees` serves). */
  views?: RendererPaths;
  /** The views by name: parsed at build time in a Lambda bundle, read from `views` locally (render-files.ts). */
  trees: TreeSource;
  assetManifest?: AssetManifest;
  /** Render one page now, so the first request after a cold start finds the renderer warm. */
  warm?: boolean;
}

export interface PageRenderer {
  assets: Assets;
  render: Render;
}

/**
 * The layout, header and footer every page shares, rendered once at start, while V8 compiles the view engine and the
 * layout's templates become closures. Measured with the view engine (CPU, medians of 12 fresh processes each): init
 * +5.0 ms (pages) and +7.8 ms (console), the first page after a start −4.1 and −6.8 ms. Where a start is on a person's
 * request the sum is about even; where Lambda starts the environment ahead of requests, their first page is faster.
 */
function warmUp(render: Render) {
  render("message.njk", { title: "Warming up", paragraphs: ["The renderer is warm."], cspNonce: "warm" });
}

export function pagesOf(options: PageOptions): PageRenderer {
  const views = options.views ?? defaultViewPaths();
  const assets = buildAssets(views.govukDir, options.assetManifest);
  const render = withAssetUrls(rendererOf(options.trees), assets.urls);
  if (options.warm) warmUp(render);
  return { assets, render };
}
