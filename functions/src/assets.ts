import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync, readFileSync } from "node:fs";
import type { RendererPaths } from "@riia/forms";
import type { Context } from "hono";

/**
 * Where the views and GOV.UK Frontend live. On Lambda the stack copies both next to the bundle
 * (`copyFiles`); elsewhere they are resolved from the installed packages.
 */
export function defaultViewPaths(): RendererPaths {
  const root = process.env.LAMBDA_TASK_ROOT;
  if (root && existsSync(join(root, "views")))
    return { viewsDirs: [join(root, "pages"), join(root, "views")], govukDir: join(root, "govuk") };
  const require = createRequire(import.meta.url);
  return {
    viewsDirs: [
      fileURLToPath(new URL("../views", import.meta.url)),
      join(dirname(require.resolve("@riia/forms/package.json")), "views"),
    ],
    govukDir: join(dirname(require.resolve("govuk-frontend/package.json")), "dist", "govuk"),
  };
}

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/**
 * Serve GOV.UK Frontend's stylesheet, script and assets (fonts, images) from its package folder.
 * Only files under the three known roots, with known types, are served.
 */
export function assetHandler(govukDir: string) {
  const cache = new Map<string, Buffer>();
  return (c: Context) => {
    const path = c.req.path;
    let file: string | undefined;
    if (path === "/stylesheets/govuk-frontend.min.css") file = join(govukDir, "govuk-frontend.min.css");
    else if (path === "/javascripts/govuk-frontend.min.js") file = join(govukDir, "govuk-frontend.min.js");
    else if (/^\/assets\/(fonts|images)\/[A-Za-z0-9._-]+$/.test(path) || path === "/assets/manifest.json")
      file = join(govukDir, path);
    const type = file && TYPES[file.slice(file.lastIndexOf("."))];
    if (!file || !type || !existsSync(file)) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = readFileSync(file);
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  };
}
