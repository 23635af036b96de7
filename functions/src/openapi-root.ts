/**
 * The root app where the JSON API is served (the API function and the whole local app): an OpenAPI app, whose
 * routes' validation failures become problem details, and the document made at build time. Apart from
 * openapi-app.ts's generator, so the API function's start loads none of the domain schemas the document needs.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { HTTPException } from "hono/http-exception";
import { apiDocumentText } from "./openapi-file";
import { problem } from "./problem";

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

/** Serve the document generated at build time (openapi-file.ts), read on the first request for it. */
export function serveApiDocument(app: ApiApp) {
  app.get("/openapi.json", (c) => {
    const document = apiDocumentText();
    if (document === null) throw new HTTPException(404, { message: "The API document was not built." });
    return c.body(document, 200, { "content-type": "application/json" });
  });
}
