/**
 * The service's public face: the start page, the privacy notice, the accessibility statement, and the
 * API reference (Swagger UI from the installed package, its script and styles served as static files so
 * the page runs offline under the ordinary Content Security Policy).
 */
import { Hono } from "hono";
import { page, type AppEnv } from "../context";
import type { AssetUrls } from "../assets";
import { accessibilityPage, privacyPage, startPage } from "../public-pages";

export function publicRoutes(urls: AssetUrls) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => page(c, "start.njk", startPage()));
  app.get("/privacy", (c) => page(c, "privacy.njk", privacyPage()));
  app.get("/accessibility", (c) => page(c, "accessibility.njk", accessibilityPage()));
  app.get("/docs", (c) => {
    if (!urls.docsJs || !urls.docsCss || !urls.docsInit)
      return c.text("The API reference is not installed here. The OpenAPI document is at /openapi.json.", 503);
    return c.html(docsPage(urls.docsCss, urls.docsJs, urls.docsInit));
  });
  return app;
}

function docsPage(css: string, js: string, init: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference – Sector-led improvement</title>
<link rel="stylesheet" href="${css}">
</head>
<body>
<main id="swagger-ui"><p>The API reference needs JavaScript. The OpenAPI document is at <a href="/openapi.json">/openapi.json</a>.</p></main>
<script src="${js}"></script>
<script src="${init}"></script>
</body>
</html>
`;
}
