import { createHash, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "@riia/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Until sign-in arrives (the cycle issue), API reads and writes other than public reference data
 * need the app secret as a bearer token. Compared in constant time.
 */
export const requireAppSecret = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? "";
  const expected = c.get("deps").config.appSecret;
  if (!token || !timingSafeEqual(digest(token), digest(expected))) {
    c.header("WWW-Authenticate", 'Bearer realm="riia"');
    throw new UnauthorizedError("Send the app secret as a bearer token (Authorization: Bearer …).");
  }
  await next();
});

/** The actor recorded in the audit for API calls made with the app secret. */
export const apiActor = { kind: "api" as const, id: "api", name: "API (app secret)" };
