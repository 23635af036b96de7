/** What every route and middleware shares: the context's variables and how a page is rendered. */
import type { Access, Deps } from "@riia/core";
import type { Render } from "@riia/forms";
import type { Context, Hono } from "hono";

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
    /** The region this page belongs to, named in its header and footer (see middleware/region.ts). */
    regionName?: string;
  };
}

/** A riia app's root: the pages function's is plain Hono, the API's an OpenAPI app (`openapi-app.ts`). */
export type App = Hono<AppEnv>;

/** Does this request want JSON (API clients) rather than a page? */
export function wantsJson(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/health" || path.endsWith(".json")) return true;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("json") && !accept.includes("text/html");
}

/** Render a GOV.UK page with the request's CSP nonce, naming the page's region unless the view model already does. */
export function page(c: Context<AppEnv>, view: string, context: Record<string, unknown>, status = 200) {
  const regionName = context.regionName ?? c.get("regionName");
  return c.html(
    c.get("render")(view, { ...context, regionName, cspNonce: c.get("secureHeadersNonce") }),
    status as 200,
  );
}
