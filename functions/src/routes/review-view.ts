/**
 * The reviewer's pages: the accept and decline buttons from the assignment email (routes/lead/replies.ts, which
 * also answers the same decisions by reply), and the read-only view of the work under review, reached through their
 * own link from the assignment email, its reminders and the response form.
 */
import { Hono } from "hono";
import { Work } from "@riia/core";
import { page, type AppEnv } from "../context";
import { showRegion } from "../middleware/region";
import { revieweeWorkModel } from "../view-models/reviewee-work";
import { registerReplies } from "./lead/replies";

export function reviewViewRoutes() {
  const app = new Hono<AppEnv>();
  registerReplies(app);
  app.get("/r/:token{[a-z2-7]{28}}/work", async (c) => {
    const deps = c.get("deps");
    const work = await Work.openWork(deps, c.req.param("token"));
    showRegion(c, work.assignment.regionId);
    return page(c, "review-work.njk", await revieweeWorkModel(deps, work));
  });
  return app;
}
