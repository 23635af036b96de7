/**
 * Bodies are read once, here, before any route: a body that does not match its content type (a
 * `multipart/form-data` header on a body that is not multipart, a broken boundary, bad encoding)
 * is the sender's mistake, so it is a 400 problem document, never a 500 from deep inside a route.
 * Hono caches what was parsed, so routes reading the body afterwards get the same form data.
 */
import { ValidationError } from "@riia/core";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context";

const WITH_BODY = /^(POST|PUT|PATCH|DELETE)$/i;
const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** Largest body any route accepts (uploads go straight to S3, not through here). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * No identifier in an address is this long (the longest, an emailed link's token, is under 300), and a
 * longer one would exceed DynamoDB's key size: a store error, not the "no such page" the sender should see.
 */
export const MAX_SEGMENT_CHARS = 512;

export const pathGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.path.split("/").some((segment) => segment.length > MAX_SEGMENT_CHARS))
    throw new HTTPException(404, { message: "There is no page at this address." });
  await next();
});

export const bodyGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (!WITH_BODY.test(c.req.method)) return next();
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new HTTPException(413, { message: "The request is too large." });
  const type = (c.req.header("content-type") ?? "").trim();
  if (FORM.test(type)) {
    try {
      await c.req.parseBody({ all: true });
    } catch {
      throw new ValidationError("We could not read the form you sent. Go back, refresh the page and try again.");
    }
  } else if (JSON_TYPE.test(type)) {
    const text = await c.req.text();
    if (text.trim()) {
      try {
        JSON.parse(text);
      } catch {
        throw new ValidationError("The request body is not valid JSON.");
      }
    }
  }
  await next();
});
