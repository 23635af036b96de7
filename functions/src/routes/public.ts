/**
 * The service's public face: the start page, the privacy notice, the accessibility statement, and the API
 * reference: a GOV.UK page rendered here from the OpenAPI document generated at build time, with no script, so it
 * works offline and with JavaScript off.
 */
import { Hono } from "hono";
import { page, type AppEnv } from "../context";
import type { AssetUrls } from "../assets";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import { accessibilityPage, privacyPage, startPage } from "../public-pages";
import { apiDocumentText } from "../openapi-file";
import { apiReferenceModel, type ApiReference } from "../view-models/api-reference";

/** The API reference's model, made once from the document on the first request for /docs. */
let reference: ApiReference | undefined;

export function publicRoutes(_urls: AssetUrls) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => page(c, "start.njk", startPage()));
  app.get("/privacy", (c) => page(c, "privacy.njk", privacyPage()));
  app.get("/accessibility", (c) => page(c, "accessibility.njk", accessibilityPage()));
  // The reference is a long page of tables (≈170 KB of HTML): sent compressed it is ≈10 KB.
  app.get("/docs", compress(), (c) => {
    const document = apiDocumentText();
    if (document === null) throw new HTTPException(503, { message: "The API reference was not built here." });
    reference ??= apiReferenceModel(document);
    return page(c, "api-reference.njk", reference);
  });
  return app;
}
