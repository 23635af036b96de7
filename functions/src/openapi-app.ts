/**
 * The root app where the JSON API is served (the API function and the whole local app): an OpenAPI app, whose
 * routes' validation failures become problem details and which can describe itself. The pages function's root is a
 * plain Hono app, so it carries neither this machinery nor classic zod.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { HTTPException } from "hono/http-exception";
import { apiDocumentText } from "./openapi-file";
import { problem } from "./problem";
import { documentDomainSchemas } from "./routes/api/domain-schemas";

export type ApiApp = OpenAPIHono<AppEnv>;

/** Validation failures from zod-openapi routes become 400 problem details naming each field. */
export function newApiApp(): ApiApp {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      return c.body(
        JSON.stringify(problem(400, { detail: "The request is not valid.", errors, requestId: c.get("requestId") })),
        400,
        { "content-type": "application/problem+json" },
      );
    },
  });
}

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

/** Serve the document generated at build time (openapi-file.ts), read on the first request for it. */
export function serveApiDocument(app: ApiApp) {
  app.get("/openapi.json", (c) => {
    const document = apiDocumentText();
    if (document === null) throw new HTTPException(404, { message: "The API document was not built." });
    return c.body(document, 200, { "content-type": "application/json" });
  });
}
