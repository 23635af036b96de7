import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { redactPath, RiiaError, type Access, type Deps } from "@riia/core";
import { identify } from "./auth";
import { leadRoutes } from "./routes/lead";
import { supportRoutes } from "./routes/support";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { createRenderer, type Render, type RendererPaths } from "@riia/forms";
import { assetHandler, defaultViewPaths } from "./views";
import { formRoutes } from "./routes/forms";
import { problem, problemFor, statusFor, type Problem } from "./problem";
import { apiRoutes } from "./routes/api";
import { healthRoutes } from "./routes/health";
import { escapeHtml } from "./html";

/** Values handlers read from the context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    deps: Deps;
    log: Deps["log"];
    render: Render;
    secureHeadersNonce?: string;
    /** Who is calling (bearer app secret or a signed-in person), if anyone. */
    principal?: Access.Principal;
    /** The session cookie's value, when signed in (binds page CSRF tokens). */
    session?: string;
    /** A page that needs more than the default Content Security Policy says so here (e.g. posting to S3). */
    cspAdjust?: (csp: string) => string;
  };
}

export type App = OpenAPIHono<AppEnv>;

/** Does this request want JSON (API clients) rather than a page? */
export function wantsJson(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/health" || path.endsWith(".json")) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("json") && !accept.includes("text/html");
}

/** Page titles for error pages, in GOV.UK's words. */
const PAGE_TITLES: Record<number, string> = {
  400: "There is a problem",
  401: "You need to sign in",
  403: "You cannot use this link",
  404: "Page not found",
  409: "This form has changed",
  410: "This link is no longer valid",
  500: "Sorry, there is a problem with the service",
};

/** Render a GOV.UK page with the request's CSP nonce. */
export function page(c: Context<AppEnv>, view: string, context: Record<string, unknown>, status = 200) {
  return c.html(c.get("render")(view, { ...context, cspNonce: c.get("secureHeadersNonce") }), status as 200);
}

function respondProblem(c: Context<AppEnv>, body: Problem) {
  if (wantsJson(c) || !c.get("render")) {
    return c.body(JSON.stringify(body), body.status as 400, { "content-type": "application/problem+json" });
  }
  try {
    return page(
      c,
      "message.njk",
      {
        title: body.type.endsWith("/state") ? body.title : (PAGE_TITLES[body.status] ?? body.title),
        paragraphs: [body.detail ?? "", ...(body.errors ?? []).map((e) => e.message)].filter(Boolean),
        requestId: body.status >= 500 ? body.requestId : undefined,
      },
      body.status,
    );
  } catch {
    return c.html(
      `<!DOCTYPE html><html lang="en"><title>${escapeHtml(body.title)}</title><h1>${escapeHtml(body.title)}</h1>`,
      body.status as 400,
    );
  }
}

/**
 * Build the one Hono app. The same app is served by Lambda (`http.ts`) and locally
 * (`local/start.ts`); everything it touches comes in through `deps`.
 */
export function createApp(deps: Deps, options: { views?: RendererPaths } = {}): App {
  const views = options.views ?? defaultViewPaths();
  const render = createRenderer(views);
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

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "riia API",
      version: "0.1.0",
      description: "Sector-led improvement cycle for the Regional Improvement and Innovation Alliances.",
    },
  });
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
