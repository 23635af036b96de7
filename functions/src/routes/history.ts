/**
 * A form's kept versions (every submit, approval, return and reopening) and what changed between
 * any two, question by question: for the LA from its form link, for the lead when signed in.
 */
import { Access, Region, Submission, UnauthorizedError } from "@riia/core";
import { FormService, historyView } from "@riia/forms";
import { Hono } from "hono";
import { identify } from "../middleware/auth";
import { page, type AppEnv } from "../context";
import { openForm } from "./form-session";

export function historyRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/f/:token/history", async (c) => {
    const deps = c.get("deps");
    const session = await openForm(c, c.req.param("token"));
    const versions = await Submission.history(deps, session.submission.id);
    const base = `/f/${session.token}`;
    c.header("Cache-Control", "no-store");
    return page(c, "history.njk", {
      ...historyView(session.template, session.submission, versions, session.ctx, c.req.query(), `${base}/history`),
      authorityName: session.authority.name,
      backLink: base,
    });
  });

  app.use("/lead/submissions/*", identify);
  app.get("/lead/submissions/:id/history", async (c) => {
    const deps = c.get("deps");
    const who = c.get("principal");
    if (who?.kind !== "person") throw new UnauthorizedError("Sign in to continue.");
    const sub = await Submission.get(deps, c.req.param("id"));
    Access.require(who, "read-region", { regionId: sub.regionId });
    const [region, versions, authority] = await Promise.all([
      Region.get(deps, sub.regionId),
      Submission.history(deps, sub.id),
      Region.authority(deps, sub.authority.split("~")[0]!),
    ]);
    const template = FormService.titledForStep(
      await FormService.templateFor(deps, sub.regionId, sub.form, sub.templateVersion),
      FormService.stepOf(sub),
    );
    const ctx = { themes: region.settings.themes };
    return page(c, "history.njk", {
      ...historyView(template, sub, versions, ctx, c.req.query(), `/lead/submissions/${sub.id}/history`),
      authorityName: authority.name,
      backLink: `/lead/cycles/${sub.cycleId}`,
    });
  });
  return app;
}
