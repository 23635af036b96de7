/** The footer's statements: every page links to them, so they must exist. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { page, type AppEnv } from "../../context";

export function registerStatements(app: OpenAPIHono<AppEnv>) {
  app.get("/accessibility", (c) =>
    page(c, "confirm.njk", {
      title: "Accessibility statement",
      paragraphs: [
        "This service is built to meet the Web Content Accessibility Guidelines version 2.2 at level AA.",
        "Every page works without JavaScript and with a keyboard alone, and is checked with automated accessibility tests. Charts come with a table that holds the same figures.",
        "If you find a problem, tell your regional lead and we will put it right.",
      ],
    }),
  );
  app.get("/privacy", (c) =>
    page(c, "confirm.njk", {
      title: "Privacy",
      paragraphs: [
        "The region keeps the names, work email addresses and roles of the people who take part in its sector-led improvement cycle, and what they submit, to run the cycle.",
        "Sign-in uses a cookie that lasts one working day. No tracking cookies are used.",
      ],
    }),
  );
}
