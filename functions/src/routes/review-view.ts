/**
 * The reviewer's read-only view of the work under review, reached through their own link from the
 * assignment email, its reminders and the response form.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { Region, Work } from "@riia/core";
import { answerBlocks, FormService } from "@riia/forms";
import { page, type AppEnv } from "../context";

export function reviewViewRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.get("/r/:token{[a-z2-7]{28}}/work", async (c) => {
    const deps = c.get("deps");
    const work = await Work.openWork(deps, c.req.param("token"));
    const title = `${work.reviewee.name}'s ${work.formName}`;
    if (!work.submission) {
      return page(c, "review-work.njk", {
        title,
        waiting: true,
        reviewee: work.reviewee.name,
        formName: work.formName,
      });
    }
    const s = work.submission;
    const template = await FormService.templateFor(deps, s.regionId, s.form, s.templateVersion);
    const region = await Region.get(deps, s.regionId);
    return page(c, "review-work.njk", {
      title,
      reviewee: work.reviewee.name,
      formName: work.formName,
      reference: s.reference,
      submittedAt: s.submittedAt,
      sections: Work.sectionsOf(answerBlocks({ template, ctx: { themes: region.settings.themes } }, s.answers)),
      files: work.files,
    });
  });
  return app;
}
