/**
 * The submissions of one form as a spreadsheet: one row per local authority, one column per
 * question, repeating groups flattened into numbered columns ("Priority 2: Owner").
 */
import { Access, Cycle, NotFoundError, Region, Submission, UnauthorizedError } from "@riia/core";
import { answersTable, FormService } from "@riia/forms";
import { Hono } from "hono";
import { identify } from "../middleware/auth";
import type { AppEnv } from "../context";

export function submissionExportRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/lead/cycles/:cycleId/submissions/*", identify);
  app.get("/lead/cycles/:cycleId/submissions/:file", async (c) => {
    const deps = c.get("deps");
    const who = c.get("principal");
    if (!who) throw new UnauthorizedError("Sign in, or send the app secret as a bearer token.");
    const form = Submission.FormKind.safeParse(/^([a-z-]+)\.csv$/.exec(c.req.param("file"))?.[1]);
    if (!form.success) throw new NotFoundError("Ask for <form>.csv, e.g. development-plan.csv.");
    const cycle = await Cycle.get(deps, c.req.param("cycleId"));
    Access.require(who, "read-region", { regionId: cycle.regionId });
    const [region, authorities, subs] = await Promise.all([
      Region.get(deps, cycle.regionId),
      Region.authorities(deps, cycle.regionId),
      Submission.listForCycle(deps, cycle.id, form.data),
    ]);
    // Columns follow the newest template version any of these forms uses; answers are matched by question id.
    const newest = Math.max(1, ...subs.map((s) => s.templateVersion));
    const template = await FormService.templateFor(deps, cycle.regionId, form.data, newest);
    const name = (code: string) => authorities.find((a) => a.code === code)?.name ?? code;
    const table = answersTable(
      template,
      subs.map((s) => ({
        answers: s.answers,
        fixed: {
          authority: s.authority.split("~")[0]!,
          "authority name": name(s.authority.split("~")[0]!),
          about: s.authority.split("~")[1] ? name(s.authority.split("~")[1]!) : "",
          status: s.status,
          reference: s.reference ?? "",
          "submitted at": s.submittedAt ?? "",
          "template version": String(s.templateVersion),
        },
      })),
      { themes: region.settings.themes },
    );
    const { toCsv } = await import("@riia/core/plan-document");
    const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((k, i) => [table.headings[i]!, r[k]])));
    return c.body(toCsv(rows, table.headings), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${cycle.id}-${form.data}.csv"`,
    });
  });
  return app;
}
