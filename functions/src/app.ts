import { OpenAPIHono } from "@hono/zod-openapi";
import { redactPath, RiiaError, type Deps } from "@riia/core";
import { identify } from "./middleware/auth";
import { bodyGuard, pathGuard } from "./middleware/body";
import { apiCsrf, originCheck } from "./middleware/csrf";
import { leadRoutes } from "./routes/lead/index";
import { supportRoutes } from "./routes/support/index";
import { reviewViewRoutes } from "./routes/review-view";
import { datasetRoutes } from "./routes/dataset";
import { concernRoutes } from "./routes/concerns";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { createRenderer, type RendererPaths } from "@riia/forms";
import type { PrecompiledTemplates } from "@riia/forms/render";
import { assetHandler, buildAssets, defaultViewPaths, withAssetUrls } from "./assets";
import { publicRoutes } from "./routes/public";
import { formRoutes } from "./routes/forms";
import { historyRoutes } from "./routes/history";
import { signOffRoutes } from "./routes/sign-off";
import { templateEditorRoutes } from "./routes/template-editor";
import { apiTemplateRoutes } from "./routes/api-templates";
import { submissionExportRoutes } from "./routes/submission-exports";
import { problem, problemFor, statusFor } from "./problem";
import { respondProblem } from "./middleware/respond";
import type { App, AppEnv } from "./context";

export type { App } from "./context";
import { apiRoutes } from "./routes/api/index";
import { healthRoutes } from "./routes/health";
import { privacyAdminRoutes } from "./routes/privacy-admin";

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
  const staticFiles = buildAssets(views.govukDir);
  const render = withAssetUrls(createRenderer(views, options.precompiled), staticFiles.urls);
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

  // Before any route reads a body or acts: malformed bodies are 400, cross-site form posts 403.
  app.use(pathGuard);
  app.use(bodyGuard);
  app.use(originCheck());
  app.use("/api/*", identify);
  app.use("/api/*", apiCsrf);
  app.use("/lead/*", identify);
  app.use("/lead", identify);
  const assets = assetHandler(staticFiles);
  app.get("/assets/*", assets);
  app.get("/stylesheets/*", assets);
  app.get("/javascripts/*", assets);

  app.route("/", healthRoutes());
  app.route("/", apiRoutes());
  app.route("/", historyRoutes());
  app.route("/", formRoutes());
  app.route("/", signOffRoutes());
  app.route("/", templateEditorRoutes());
  app.route("/", apiTemplateRoutes());
  app.route("/", submissionExportRoutes());
  app.route("/", leadRoutes());
  app.route("/", supportRoutes());
  app.route("/", privacyAdminRoutes());
  app.route("/", reviewViewRoutes());
  app.route("/", datasetRoutes());
  app.route("/", concernRoutes());

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
  // The start page, privacy notice, accessibility statement and the API reference (Swagger UI from the
  // installed package, served as static files: no CDN, no inline script, the ordinary CSP).
  app.route("/", publicRoutes(staticFiles.urls));

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
