/**
 * CSRF tokens for the forms a visitor posts before signing in: "Send me a sign-in link", the emailed
 * sign-in link's button, and "Email me a new link". There is no session to bind a token to, so the
 * page sets a random visitor cookie (HttpOnly, SameSite=Lax) and its form carries a token made from
 * it with the app secret. Another site can make a browser post the form but can neither read the
 * cookie nor make the token, so such a post is refused (403) and changes nothing. This also stops
 * login CSRF: signing a victim's browser in to someone else's account with a link taken from its mail.
 */
import { randomBytes } from "node:crypto";
import { ForbiddenError } from "@riia/core";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../context";
import { checkCsrf, csrfToken } from "./csrf";

export const VISITOR_COOKIE = "riia_visitor";
const VALID = /^[A-Za-z0-9_-]{24,64}$/;

/** The token for this visitor's forms, setting the visitor cookie when the browser has none yet. */
export function visitorCsrf(c: Context<AppEnv>): string {
  const deps = c.get("deps");
  let id = getCookie(c, VISITOR_COOKIE);
  if (!id || !VALID.test(id)) {
    id = randomBytes(24).toString("base64url");
    setCookie(c, VISITOR_COOKIE, id, {
      httpOnly: true,
      sameSite: "Lax",
      secure: deps.config.baseUrl.startsWith("https:"),
      path: "/",
    });
  }
  return csrfToken(deps, "visitor", id);
}

/** Refuse a visitor's form post unless it carries the token made for this browser's visitor cookie. */
export function checkVisitorCsrf(c: Context<AppEnv>, given: unknown): void {
  const id = getCookie(c, VISITOR_COOKIE);
  if (!id || !VALID.test(id)) {
    throw new ForbiddenError("This page has expired. Go back, refresh the page and try again.");
  }
  checkCsrf(c.get("deps"), "visitor", id, given);
}
