/**
 * The root app where the JSON API is served (openapi-root.ts) and how it describes itself from its routes (the whole
 * local app and the build-time generator). The pages function's root is a plain Hono app, so it carries neither this
 * machinery nor classic zod; the API function imports openapi-root.ts alone.
 */
import type { ApiApp } from "./openapi-root";
import { documentDomainSchemas } from "./routes/api/domain-schemas";

export { newApiApp, serveApiDocument, type ApiApp } from "./openapi-root";

/** The OpenAPI document's header, shared by the served route and the build-time generator. */
export const OPENAPI_HEADER = {
  openapi: "3.1.0",
  info: {
    title: "riia API",
    version: "0.1.0",
    description: "Sector-led improvement cycle for the Regional Improvement and Innovation Alliances.",
  },
};

/** Serve the OpenAPI document generated from the app's routes on request (run from source, no file at hand). */
export function describeApi(app: ApiApp) {
  documentDomainSchemas();
  app.doc31("/openapi.json", OPENAPI_HEADER);
  app.openAPIRegistry.registerComponent("securitySchemes", "appSecret", {
    type: "http",
    scheme: "bearer",
    description: "Until sign-in arrives, API reads are protected by the app secret as a bearer token.",
  });
}
