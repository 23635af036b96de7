import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { redactPath, RiiaError, type Deps } from "@riia/core";
import { identify } from "./middleware/auth";
import { leadRoutes } from "./routes/lead";
import { supportRoutes } from "./routes/support";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { createRenderer, type RendererPaths } from "@riia/forms";
import type { PrecompiledTemplates } from "@riia/forms/render";
import { assetHandler, defaultViewPaths } from "./assets";
import { formRoutes } from "./routes/forms";
import { problem, problemFor, statusFor } from "./problem";
import { respondProblem } from "./middleware/respond";
import type { App, AppEnv } from "./context";

export type { App } from "./context";
import { apiRoutes } from "./routes/api";
import { healthRoutes } from "./routes/health";

/**
 * Build the one Hono app. The same app is served by Lambda (`http.ts`) and locally
 * (`local/start.ts`); everything it touches comes in through `deps`.
 */
/** The OpenAPI document's header, shared by the served route and the build-time generator. */
export const OPENAPI_HEADER = {
  openapi: "3.1.0",
  info: {
    title: "riia API",
    version: "0.1.0",
    description: "Sector-led improvement cycle for the Regional Improvement and Innovation Alliances.",
  },
};

export function createApp(
  deps: Deps,
  options: { views?: RendererPaths; precompiled?: PrecompiledTemplates; openapi?: string } = {},
): App {
  const views = options.views ?? defaultViewPaths();
  const render = createRenderer(views, options.precompiled);
  const app = new OpenAPIHono<AppEnv>({
    // Validation failures from zod-openapi routes become 400 problem details naming each field.
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return c.body(
          JSON.stringify(problem(400, { detail: "The request is not valid.", errors, requestId: c.get("requestId") })),
          400,
          { "content-type": "application/problem+json" },
        );
      }
    },
  });

  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(async (c, next) => {
    const log = deps.log.child({ requestId: c.get("requestId") });
    c.set("deps", deps);
    c.set("log", log);
    c.set("render", render);
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  // Runs after secureHeaders has set the policy, so a page's adjustment is the last word.
  app.use(async (c, next) => {
    await next();
    const adjust = c.get("cspAdjust");
    const csp = c.res.headers.get("Content-Security-Policy");
    if (adjust && csp) c.res.headers.set("Content-Security-Policy", adjust(csp));
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: "no-referrer",
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use("/api/*", identify);
  app.use("/lead/*", identify);
  app.use("/lead", identify);
  const assets = assetHandler(views.govukDir);
  app.get("/assets/*", assets);
  app.get("/stylesheets/*", assets);
  app.get("/javascripts/*", assets);

  app.route("/", healthRoutes());
  app.route("/", apiRoutes());
  app.route("/", formRoutes());
  app.route("/", leadRoutes());
  app.route("/", supportRoutes());

  // A bundle carries the document generated at build time (stacks/esbuild/openapi-document.ts);
  // from source it is generated on request.
  if (options.openapi) {
    const served = options.openapi;
    app.get("/openapi.json", (c) => c.body(served, 200, { "content-type": "application/json" }));
  } else app.doc31("/openapi.json", OPENAPI_HEADER);
  app.openAPIRegistry.registerComponent("securitySchemes", "appSecret", {
    type: "http",
    scheme: "bearer",
    description: "Until sign-in arrives, API reads are protected by the app secret as a bearer token.",
  });
  // The reference UI loads its script from a CDN; relax CSP only on this page.
  app.get(
    "/docs",
    async (c, next) => {
      c.set(
        "cspAdjust",
        () =>
          "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; frame-ancestors 'none'",
      );
      await next();
    },
    swaggerUI({ url: "/openapi.json" }),
  );

  app.notFound((c) =>
    respondProblem(c, problem(404, { detail: "There is no page at this address.", requestId: c.get("requestId") })),
  );

  app.onError((err, c) => {
    const rid = c.get("requestId");
    const log = c.get("log") ?? deps.log;
    if (err instanceof RiiaError) {
      const status = statusFor(err) ?? 400;
      log.warn({ code: err.code, status, detail: err.message }, "request refused");
      return respondProblem(c, problemFor(err, status, rid));
    }
    if (err instanceof HTTPException && err.status < 500) {
      log.warn({ status: err.status, detail: err.message }, "request refused");
      return respondProblem(c, problem(err.status, { detail: err.message || undefined, requestId: rid }));
    }
    log.error({ err }, "unhandled error");
    return respondProblem(
      c,
      problem(500, { detail: "Something went wrong on our side. Nothing you sent was lost.", requestId: rid }),
    );
  });

  return app;
}
