/**
 * The one CSRF defence, for every state-changing request a browser could be tricked into sending:
 * 1. Origin: Hono's `csrf()` refuses cross-site form posts (Origin or Sec-Fetch-Site must be ours);
 * 2. a token bound to what authenticates the request (session, form link or menu link), compared in
 *    constant time, in the form's hidden `csrf` field or, for the JSON API, the `X-CSRF-Token` header.
 * Requests authenticated by a bearer header carry no ambient credential and need neither.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ForbiddenError, type Deps } from "@riia/core";
import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";

/** What the token is bound to: a session id, a form link id, a menu link id, a reviewer's reply handle id, or a visitor cookie (csrf-visitor.ts). */
export type CsrfBinding = "session" | "form-link" | "menu-link" | "reply-handle" | "visitor";

export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;
/** A content type no HTML form or simple cross-site request can send. */
const JSON_ONLY = /^application\/json\s*(;|$)/i;

export function csrfToken(deps: Pick<Deps, "config">, binding: CsrfBinding, id: string): string {
  return createHmac("sha256", deps.config.appSecret).update(`csrf|${binding}|${id}`).digest("base64url").slice(0, 32);
}

/** Refuse unless `given` is the token for this binding (constant time; any type accepted, so callers pass raw input). */
export function checkCsrf(deps: Pick<Deps, "config">, binding: CsrfBinding, id: string, given: unknown): void {
  const expected = Buffer.from(csrfToken(deps, binding, id));
  const actual = Buffer.from(typeof given === "string" ? given : "");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new ForbiddenError("This page has expired. Go back, refresh the page and try again.");
  }
}

/** A signed-in page's form post: its token must be the one made for this session. */
export function checkSessionCsrf(c: Context<AppEnv>, given: unknown): void {
  const session = c.get("session");
  if (!session) throw new ForbiddenError("This page has expired. Go back, refresh the page and try again.");
  checkCsrf(c.get("deps"), "session", session, given);
}

/** Our own origins: the address the request came to and the configured public base URL. */
function isOurOrigin(origin: string | undefined, c: Context<AppEnv>): boolean {
  if (!origin) return false;
  if (origin === new URL(c.req.url).origin) return true;
  try {
    return origin === new URL(c.get("deps").config.baseUrl).origin;
  } catch {
    return false;
  }
}

const hasBearer = (c: Context) => /^Bearer\s/i.test(c.req.header("authorization") ?? "");

/** Origin check on every unsafe form-like request (Hono's `csrf()`); bearer calls carry no cookie to abuse. */
export function originCheck(): MiddlewareHandler<AppEnv> {
  const check = csrf({ origin: (origin, c) => isOurOrigin(origin, c as Context<AppEnv>) });
  return async (c, next) => (hasBearer(c) ? next() : check(c, next));
}

/**
 * The JSON API authenticated by the session cookie. Hono's `csrf()` only looks at form content
 * types, and JSON from another site is exactly what the probe sent, so here, whatever the content
 * type, Origin (or Sec-Fetch-Site) must be ours — a missing Origin is refused too. Beyond that the
 * request must be one a page on another site cannot make without a CORS preflight (which we never
 * grant): either it carries the session's token in `X-CSRF-Token` (handed back on every read), or it
 * is `application/json`. A token that is sent must be right.
 */
export const apiCsrf = createMiddleware<AppEnv>(async (c, next) => {
  const session = c.get("session");
  if (session && !hasBearer(c) && UNSAFE.test(c.req.method)) {
    const site = c.req.header("sec-fetch-site");
    if (!(site === "same-origin" || (site !== "cross-site" && isOurOrigin(c.req.header("origin"), c)))) {
      throw new ForbiddenError("Requests signed in by cookie must come from this site.");
    }
    const token = c.req.header(CSRF_HEADER);
    if (token !== undefined || !JSON_ONLY.test(c.req.header("content-type") ?? "")) {
      checkCsrf(c.get("deps"), "session", session, token);
    }
  }
  await next();
  if (session) c.header(CSRF_HEADER, csrfToken(c.get("deps"), "session", session));
});
