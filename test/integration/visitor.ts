/**
 * A browser before signing in: opening the sign-in page (or any page with a visitor form) gives it the
 * visitor cookie, and the page's forms carry the CSRF token made from it (functions/src/middleware/csrf-visitor.ts).
 * Tests that post the sign-in, sign-in-link or new-link forms by hand hold both, as the browser does.
 */
import type { App } from "@riia/functions/app";

export interface Visitor {
  /** `riia_visitor=…`, for the cookie header. */
  cookie: string;
  csrf: string;
}

/** Open a page as a new visitor (the sign-in page unless told) and keep its cookie and form token. */
export async function visitor(app: Pick<App, "request">, path = "/sign-in"): Promise<Visitor> {
  const res = await app.request(path, { headers: { accept: "text/html" } });
  const cookie = /riia_visitor=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!cookie || !csrf) throw new Error(`${path} gave no visitor cookie and token`);
  return { cookie, csrf };
}

/** Post a visitor form as the browser does: its fields with the token, the visitor cookie (and any other cookies). */
export function visitorPost(
  app: Pick<App, "request">,
  v: Visitor,
  path: string,
  fields: Record<string, string>,
  options: { cookie?: string; origin?: string } = {},
) {
  return app.request(path, {
    method: "POST",
    body: new URLSearchParams({ csrf: v.csrf, ...fields }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: options.origin ?? "http://localhost",
      cookie: [v.cookie, options.cookie].filter(Boolean).join("; "),
    },
  });
}
