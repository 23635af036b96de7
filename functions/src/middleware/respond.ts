/** How a refusal or a fault reaches the caller: problem details for API clients, a GOV.UK page for people. */
import type { Context } from "hono";
import { escapeHtml } from "../html";
import { page, wantsJson, type AppEnv } from "../context";
import type { Problem } from "../problem";
import { onwardFor } from "./onward";
import { visitorCsrf } from "./csrf-visitor";

/** Page titles for error pages, in GOV.UK's words. */
const PAGE_TITLES: Record<number, string> = {
  400: "There is a problem",
  401: "You need to sign in",
  403: "You cannot use this link",
  404: "Page not found",
  409: "This form has changed",
  410: "This link is no longer valid",
  500: "Sorry, there is a problem with the service",
};

export function respondProblem(c: Context<AppEnv>, body: Problem) {
  if (wantsJson(c) || !c.get("render")) {
    return c.body(JSON.stringify(body), body.status as 400, { "content-type": "application/problem+json" });
  }
  try {
    const onward = onwardFor(c.req.path, body.status);
    return page(
      c,
      "problem.njk",
      {
        title: body.type.endsWith("/state") ? body.title : (PAGE_TITLES[body.status] ?? body.title),
        paragraphs: [body.detail ?? "", ...(body.errors ?? []).map((e) => e.message)].filter(Boolean),
        requestId: body.status >= 500 ? body.requestId : undefined,
        onward: onward.links,
        newLink: onward.newLink,
        ...(onward.newLink ? { csrf: visitorCsrf(c) } : {}),
      },
      body.status,
    );
  } catch {
    return c.html(
      `<!DOCTYPE html><html lang="en"><title>${escapeHtml(body.title)}</title><main><h1>${escapeHtml(body.title)}</h1><p><a href="/">Go to the start page</a></p></main>`,
      body.status as 400,
    );
  }
}
