/**
 * Reviews in the lead's exports: a step's reviews as CSV, one row per review and question (every answer, the
 * lead-only ones included), and one LA's reviews as a Word document to share with it (lead-only answers left out).
 */
import { Hono } from "hono";
import { Access, Assignments, Cycle, NotFoundError, Region, UnauthorizedError, type Deps } from "@riia/core";
import type { AppEnv } from "../../context";
import { identify } from "../../middleware/auth";
import { COLUMNS, csvRows, reviewsDocumentModel } from "../../view-models/review-exports";

async function readable(deps: Deps, who: AppEnv["Variables"]["principal"], cycleId: string) {
  if (!who) throw new UnauthorizedError("Sign in, or send the app secret as a bearer token.");
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  return cycle;
}

const stepOf = (s: string | undefined) => {
  const parsed = Assignments.ReviewStep.safeParse(s);
  if (!parsed.success) throw new NotFoundError("Ask for peer-scrutiny or peer-challenge.");
  return parsed.data;
};

export function reviewExportRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/lead/cycles/:cycleId/reviews/*", identify);
  app.get("/lead/cycles/:cycleId/reviews/:file{[a-z-]+\\.csv}", async (c) => {
    const deps = c.get("deps");
    const cycle = await readable(deps, c.get("principal"), c.req.param("cycleId"));
    const step = stepOf(c.req.param("file").replace(/\.csv$/, ""));
    const { toCsv } = await import("@riia/core/plan-document");
    return c.body(toCsv(await csvRows(deps, cycle, step), COLUMNS), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${cycle.id}-${step}-reviews.csv"`,
    });
  });
  app.get("/lead/cycles/:cycleId/reviews/:step/:file{[A-Z0-9]+\\.docx}", async (c) => {
    const deps = c.get("deps");
    const cycle = await readable(deps, c.get("principal"), c.req.param("cycleId"));
    const step = stepOf(c.req.param("step"));
    const la = await Region.authority(deps, c.req.param("file").replace(/\.docx$/, ""));
    if (la.regionId !== cycle.regionId) throw new NotFoundError("That local authority is not in this region.");
    const { reviewsDocx } = await import("@riia/core/plan-document");
    const doc = await reviewsDocx(await reviewsDocumentModel(deps, cycle, step, la));
    return c.body(new Uint8Array(doc), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${cycle.id}-${step}-${la.code}.docx"`,
    });
  });
  return app;
}
