/**
 * Reviews in the lead's exports: a step's reviews as CSV, one row per review and question (every answer, the
 * lead-only ones included), and one LA's reviews as a Word document to share with it (lead-only answers left out).
 */
import { Hono } from "hono";
import {
  Access,
  Assignments,
  Cycle,
  NotFoundError,
  Region,
  ReviewsRead,
  UnauthorizedError,
  type Deps,
} from "@riia/core";
import { flatten, FormService } from "@riia/forms";
import type { AppEnv } from "../../context";
import { identify } from "../../middleware/auth";
import { reviewedView } from "../../view-models/reviews";

const COLUMNS = [
  "reviewed authority",
  "reviewed authority name",
  "reviewing authority",
  "reviewing authority name",
  "step",
  "status",
  "submitted at",
  "reference",
  "section",
  "question",
  "answer",
  "reviewed authority's response",
];

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

/** One row per submitted review and question, reviewed LAs in name order. */
async function csvRows(deps: Deps, cycle: Cycle.Cycle, step: Assignments.ReviewStep) {
  const [region, las, all] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    ReviewsRead.reviewsOfStep(deps, cycle.id, step),
  ]);
  const rows: Record<string, string>[] = [];
  for (const la of las) {
    if (!all.has(la.code)) continue;
    const reviewed = await ReviewsRead.reviewsOf(deps, { cycleId: cycle.id, step, reviewee: la.code });
    for (const r of reviewed.reviews) {
      if (!r.submitted || !r.response) continue;
      const s = r.response;
      const template = await FormService.templateFor(deps, s.regionId, s.form, s.templateVersion);
      const fixed = {
        "reviewed authority": la.code,
        "reviewed authority name": la.name,
        "reviewing authority": r.assignment.reviewer,
        "reviewing authority name": las.find((l) => l.code === r.assignment.reviewer)?.name ?? r.assignment.reviewer,
        step,
        status: s.status,
        "submitted at": s.submittedAt ?? "",
        reference: s.reference ?? "",
        "reviewed authority's response": r.reply?.text ?? "",
      };
      for (const a of flatten(template, s.answers, { themes: region.settings.themes }))
        rows.push({ ...fixed, section: a.section, question: a.label, answer: a.value });
    }
  }
  return rows;
}

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
    const code = c.req.param("file").replace(/\.docx$/, "");
    const la = await Region.authority(deps, code);
    if (la.regionId !== cycle.regionId) throw new NotFoundError("That local authority is not in this region.");
    const reviewed = await ReviewsRead.reviewsOf(deps, { cycleId: cycle.id, step, reviewee: code });
    const view = await reviewedView(deps, cycle.regionId, reviewed, false);
    const words = step === "peer-scrutiny" ? "Peer scrutiny" : "Peer challenge";
    const { reviewsDocx } = await import("@riia/core/plan-document");
    const doc = await reviewsDocx({
      title: `${words} of ${la.name}`,
      subtitle: `Cycle ${cycle.year} to ${cycle.year + 1}`,
      introduction: [`${view.counts}.`, "Comments the reviewers marked for the regional lead only are not included."],
      reviews: view.reviews
        .filter((r) => r.submitted)
        .map((r) => ({
          heading: `Review by ${r.reviewerName}`,
          meta: [
            ["Reviewing local authority", r.reviewerName],
            ["Date", r.submittedAt ?? ""],
            ["Reference", r.reference ?? ""],
            ["Rating", r.rating ?? "Not given"],
            ...(r.files.length ? [["Files", r.files.map((f) => f.name).join(", ")] as [string, string]] : []),
          ],
          sections: r.sections.map((s) => ({
            title: s.title,
            rows: s.rows.map((x) => [x.key.text, x.value.text] as [string, string]),
          })),
          ...(r.reply ? { reply: `${r.reply.text} (${r.reply.byName}, ${r.reply.at})` } : {}),
        })),
    });
    return c.body(new Uint8Array(doc), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "content-disposition": `attachment; filename="${cycle.id}-${step}-${code}.docx"`,
    });
  });
  return app;
}
