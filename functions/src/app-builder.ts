/**
 * How a riia Hono app is put together: the middleware every request passes, the route modules it serves, and how
 * faults become problem details or GOV.UK pages. The whole app (`app.ts`, served locally) and each Lambda's part
 * (`pages.ts`, `console.ts`, `api.ts`) are built here from the same route modules; a part imports only the modules
 * it serves, so its bundle carries only them.
 */
import { redactPath, RiiaError, type Deps } from "@riia/core";
import type { Render } from "@riia/forms";
import type { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { identify } from "./middleware/auth";
import { consoleRegion } from "./middleware/region";
import { bodyGuard, pathGuard } from "./middleware/body";
import { apiCsrf, originCheck } from "./middleware/csrf";
import { apiRateLimit } from "./middleware/rate-limit";
import { respondProblem } from "./middleware/respond";
import { stagePath } from "./middleware/stage-path";
import { assetHandler, type Assets, type AssetUrls } from "./assets";
import { problem, problemFor, statusFor } from "./problem";
import type { App, AppEnv } from "./context";
import type { PageRenderer } from "./page-renderer";

/**
 * One route module mounted at "/". `at` is its place in the whole app: Hono runs matching handlers and middleware
 * in the order they were added, so every part mounts its modules in the whole app's order.
 */
export interface Mount {
  at: number;
  routes: (assets: { urls?: AssetUrls }) => Hono<AppEnv>;
}

/** What a part serves, and (for a part that renders pages) its renderer and static files (`page-renderer.ts`). */
export interface AppParts {
  mounts: Mount[];
  pages?: PageRenderer;
}

/** Request id, the request's deps, logger and renderer, and one log line per request. */
function useRequestContext(app: App, deps: Deps, render: Render | undefined) {
  app.use(requestId({ headerName: "X-Request-Id" }));
  app.use(async (c, next) => {
    const log = deps.log.child({ requestId: c.get("requestId") });
    c.set("deps", deps);
    c.set("log", log);
    if (render) c.set("render", render);
    const started = performance.now();
    await next();
    const ms = Math.round(performance.now() - started);
    log.info({ method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms }, "request");
  });
}

/** The Content Security Policy and the other security headers, with a page's own adjustment last. */
function useSecurityHeaders(app: App) {
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
}

/** Before any route reads a body or acts: malformed bodies are 400, cross-site form posts 403; who is calling. */
function useGuards(app: App) {
  app.use(pathGuard);
  app.use(bodyGuard);
  app.use(originCheck());
  app.use("/api/*", apiRateLimit);
  app.use("/api/*", identify);
  app.use("/api/*", apiCsrf);
  app.use("/lead/*", identify);
  app.use("/lead", identify);
  app.use("/lead/*", consoleRegion);
  app.use("/lead", consoleRegion);
}

function serveAssets(app: App, assets: Assets) {
  const handler = assetHandler(assets);
  app.get("/assets/*", handler);
  app.get("/stylesheets/*", handler);
  app.get("/javascripts/*", handler);
}

/** Unknown addresses are 404; refusals are logged as warnings and faults as errors, never with their detail shown. */
function handleFaults(app: App, deps: Deps) {
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
}

/**
 * Build `app` to serve `parts.mounts`, with every request passing the same middleware. The caller makes the root:
 * a plain Hono app for the pages, an OpenAPI one (`openapi-app.ts`) where the JSON API is served, so the pages
 * function carries neither the OpenAPI machinery nor classic zod.
 */
export function buildApp<A extends App>(app: A, deps: Deps, parts: AppParts): A {
  const pages = parts.pages;
  useRequestContext(app, deps, pages?.render);
  app.use(stagePath);
  useSecurityHeaders(app);
  useGuards(app);
  if (pages) serveAssets(app, pages.assets);
  for (const mount of [...parts.mounts].sort((a, b) => a.at - b.at))
    app.route("/", mount.routes({ urls: pages?.assets.urls }));
  handleFaults(app, deps);
  return app;
}
