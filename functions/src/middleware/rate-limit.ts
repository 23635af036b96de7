/**
 * API requests per client: at most `limits.apiPerIpPerMinute` from one IP address and `limits.apiPerTokenPerMinute`
 * with one bearer token or session, in fixed one-minute windows counted in the table (so the limits hold across
 * Lambda instances). Over either, 429 problem details with Retry-After. Tokens are counted under a hash, never
 * stored or logged. Runs before `identify`, so a flood of wrong tokens is limited too.
 */
import { Allowance, Keys } from "@riia/core";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { problem } from "../problem";
import { respondProblem } from "./respond";
import { SESSION_COOKIE } from "./auth";

const WINDOW_SECONDS = 60;

interface ConnectionEnv {
  /** API Gateway's event context (hono/aws-lambda): HTTP API v2, or REST v1. */
  requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
  /** @hono/node-server's request (the local stack). */
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The caller's address as the platform saw it. X-Forwarded-For is never read: anyone can write it, and API Gateway
 * gives the source address itself.
 */
export function clientIp(c: Context<AppEnv>): string {
  const env = (c.env ?? {}) as ConnectionEnv;
  return (
    env.requestContext?.http?.sourceIp ??
    env.requestContext?.identity?.sourceIp ??
    env.incoming?.socket?.remoteAddress ??
    "unknown"
  );
}

/** The bearer token or session cookie the request carries, if any. */
function credential(c: Context<AppEnv>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  return bearer ?? getCookie(c, SESSION_COOKIE);
}

export const apiRateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.get("deps");
  const { apiPerIpPerMinute, apiPerTokenPerMinute } = deps.config.limits;
  const take = (scope: string, value: string, limit: number) =>
    Allowance.take(deps, Keys.allowance(scope, Allowance.subjectHash(scope, value)), {
      kind: "api-limit",
      limit,
      windowSeconds: WINDOW_SECONDS,
    });
  const byIp = await take("api-ip", clientIp(c), apiPerIpPerMinute);
  const token = credential(c);
  const byToken = byIp.allowed && token ? await take("api-token", token, apiPerTokenPerMinute) : undefined;
  const refused = !byIp.allowed ? byIp : byToken && !byToken.allowed ? byToken : undefined;
  if (refused) {
    const which = byIp.allowed ? "token" : "ip";
    c.get("log").warn({ limit: which, retryAfter: refused.retryAfterSeconds }, "API request over its limit");
    c.header("Retry-After", String(refused.retryAfterSeconds));
    return respondProblem(
      c,
      problem(429, {
        detail: `Too many requests from this ${which === "ip" ? "address" : "client"}. Try again in ${refused.retryAfterSeconds} seconds.`,
        requestId: c.get("requestId"),
      }),
    );
  }
  await next();
});
