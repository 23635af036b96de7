/**
 * "Email me a new link", the button on every refused link's page (views/problem.njk). The page answers the same
 * whatever happened — sent, rate-limited, withdrawn or unknown — so it tells nobody whether a link exists.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { NewLinks, ValidationError } from "@riia/core";
import { Hono } from "hono";
import { page, type AppEnv } from "../context";
import { checkVisitorCsrf } from "../middleware/csrf-visitor";

/**
 * Every answer takes at least this long, so that sending an email (tens of milliseconds to SES) does not show in
 * how long the page took: the timing says no more than the words do.
 */
const ANSWER_AFTER_MS = 300;

const ANSWER = {
  title: "Check your email",
  paragraphs: [
    "If we have this link on file, we have emailed a new one to the address it was sent to. It can take a few minutes to arrive.",
    "If nothing arrives, check your junk folder, or contact your regional lead.",
  ],
  onward: [{ href: "/", text: "Go to the start page" }],
};

export function newLinkRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/new-link", async (c) => {
    const body = await c.req.parseBody();
    checkVisitorCsrf(c, body.csrf);
    const token = typeof body.token === "string" ? body.token : "";
    const parsed = NewLinks.Page.safeParse(body.page);
    if (!token || token.length > 2048 || !parsed.success)
      throw new ValidationError("We could not tell which link you need. Go back to the email and open its link again.");
    const started = performance.now();
    const outcome = await NewLinks.requestNewLink(c.get("deps"), { token, page: parsed.data });
    c.get("log").info({ outcome }, "new link asked for");
    await sleep(Math.max(0, ANSWER_AFTER_MS - (performance.now() - started)));
    c.header("Cache-Control", "no-store");
    return page(c, "problem.njk", ANSWER);
  });
  return app;
}
