/**
 * A deployed stage without a custom domain is reached on its REST API's invoke URL, whose path starts with the
 * stage: `https://<id>.execute-api.<region>.amazonaws.com/<stage>/…` (BASE_URL says so). API Gateway takes the
 * stage off before the app sees the path, but the pages link root-relative (`/lead`, `/assets/…`), which the
 * browser would send to no stage at all. So when BASE_URL has a path, it is put back in front of every root-relative
 * link, form action and source in a page, every `url()` in a stylesheet and every redirect. On a custom domain, and
 * locally, BASE_URL has no path and nothing is touched.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";

/** BASE_URL's path without its trailing slash: `/<stage>` on an invoke URL, "" on a domain. */
export const basePathOf = (baseUrl: string) => new URL(baseUrl).pathname.replace(/\/+$/, "");

const HTML_ROOT_RELATIVE = /\b(href|src|action|formaction|poster)=(["'])\/(?!\/)/g;
const CSS_ROOT_RELATIVE = /url\((["']?)\/(?!\/)/g;

/** A page's or stylesheet's root-relative URLs with `prefix` in front. */
export function withBasePath(body: string, contentType: string, prefix: string): string {
  if (/^text\/html/i.test(contentType)) return body.replace(HTML_ROOT_RELATIVE, `$1=$2${prefix}/`);
  if (/^text\/css/i.test(contentType)) return body.replace(CSS_ROOT_RELATIVE, `url($1${prefix}/`);
  return body;
}

async function rewrite(c: Context<AppEnv>, prefix: string) {
  const location = c.res.headers.get("location");
  if (location?.startsWith("/") && !location.startsWith("//") && !location.startsWith(`${prefix}/`))
    c.res.headers.set("location", `${prefix}${location}`);
  const type = c.res.headers.get("content-type") ?? "";
  if (!c.res.body || !/^text\/(html|css)/i.test(type)) return;
  const body = withBasePath(await c.res.text(), type, prefix);
  c.res = new Response(body, { status: c.res.status, statusText: c.res.statusText, headers: c.res.headers });
  // Hono carries the old response's headers over: its length no longer holds.
  c.res.headers.delete("content-length");
}

/** The stage's path put back on this site's URLs when BASE_URL has one; none on a domain or locally (or no config). */
export const stagePath = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const baseUrl = c.get("deps").config?.baseUrl;
  const prefix = baseUrl ? basePathOf(baseUrl) : "";
  if (prefix) await rewrite(c, prefix);
});
