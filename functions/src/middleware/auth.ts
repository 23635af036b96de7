import { createHash, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "@riia/core";
import { Principals } from "@riia/core/request";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";

const digest = (s: string) => createHash("sha256").update(s).digest();
export const SESSION_COOKIE = "riia_session";

/**
 * Who is calling: the app secret as a bearer token (automation, operators), or a signed-in
 * person's session cookie. Resolved once per request; routes then check what that principal may do.
 */
export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  const deps = c.get("deps");
  if (token) {
    if (!timingSafeEqual(digest(token), digest(deps.config.appSecret))) {
      c.header("WWW-Authenticate", 'Bearer realm="riia"');
      throw new UnauthorizedError("That bearer token is not valid.");
    }
    c.set("principal", { kind: "api" });
  } else {
    const session = getCookie(c, SESSION_COOKIE);
    const principal = await Principals.fromSession(deps, session);
    if (principal) {
      c.set("principal", principal);
      c.set("session", session);
    }
  }
  await next();
});

/** API routes need someone: a bearer app secret or a session. */
export const requirePrincipal = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("principal")) {
    c.header("WWW-Authenticate", 'Bearer realm="riia"');
    throw new UnauthorizedError("Sign in, or send the app secret as a bearer token (Authorization: Bearer …).");
  }
  await next();
});

export const principalOf = (c: Context<AppEnv>) => c.get("principal");
