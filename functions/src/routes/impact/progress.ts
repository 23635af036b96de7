/**
 * The plan through the year: the lead records each collective response's dates, participating LAs and progress,
 * and publishes progress reports (a confirmation page first; audited), each a snapshot of the working plan.
 */
import { Hono } from "hono";
import { Access, Cycle, Impact, NotFoundError, Region } from "@riia/core";
import { planDocument } from "@riia/core/plan-document";
import { csrfToken } from "../../middleware/csrf";
import { page, type AppEnv } from "../../context";
import type { ConfirmModel } from "../../view-models/confirm";
import { progressModel } from "../../view-models/impact-progress";
import { confirmed, renderConfirm } from "../lead/confirm";
import { checkCsrf, doneRedirect, managed, signedIn, type C } from "../lead/http";
import { pageErrors, type PageError } from "../lead/page-errors";
import { dateOf, posted } from "./forms";

const base = (cycleId: string) => `/lead/cycles/${cycleId}/plan/progress`;

async function render(c: C, errors: PageError[] = [], body: Record<string, string> = {}) {
  const deps = c.get("deps");
  const cycle = await Cycle.get(deps, c.req.param("cycleId")!);
  Access.require(c.get("principal"), "read-region", { regionId: cycle.regionId });
  const model = await progressModel(deps, cycle, body, errors);
  return page(
    c,
    "impact-progress.njk",
    {
      ...model,
      canManage: Access.can(c.get("principal"), "manage-region", { regionId: cycle.regionId }),
      action: base(cycle.id),
      csrf: csrfToken(deps, "session", c.get("session")!),
      errors: errors.length ? errors : undefined,
      done: c.req.query("done"),
    },
    errors.length ? 400 : 200,
  );
}

async function reportConfirm(c: C, cycle: Cycle.Cycle): Promise<ConfirmModel> {
  const deps = c.get("deps");
  const [region, reports, plan] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Impact.progressReports(deps, cycle.id),
    Impact.workingPlan(deps, cycle.id, deps.clock.now()),
  ]);
  const w = plan.working!;
  return {
    title: `Publish progress report ${reports.length + 1}?`,
    caption: `${region.name} regional development plan`,
    what: [
      "The plan as it stands now — its actions and their progress, the data context, and uptake and impact — is kept as a numbered progress report that cannot be changed afterwards. Nobody is emailed; the report is on this page for the DCS meeting.",
    ],
    lists: [
      {
        heading: "Actions and their progress",
        items: w.actions.map((a) => `${a.priority}: ${a.status}`),
        empty: "No actions.",
      },
      { heading: "Uptake and impact", items: planDocument(plan).working!.uptake.summary, empty: "" },
    ],
    action: base(cycle.id),
    csrf: csrfToken(deps, "session", c.get("session")!),
    hidden: [{ name: "action", value: "report" }],
    note: { label: "Note for the report (optional)", hint: "For example, which meeting it is for" },
    confirmText: "Publish the progress report",
    warning: false,
    cancelHref: base(cycle.id),
  };
}

export function impactProgressRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/lead/cycles/:cycleId/plan/progress", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return render(c);
  });
  app.post("/lead/cycles/:cycleId/plan/progress", async (c) => {
    const deps = c.get("deps");
    const p = await posted(c);
    checkCsrf(c, p.one);
    const { cycle, actor } = await managed(c, c.req.param("cycleId"));
    if (p.one.action === "report") {
      if (!confirmed(p.one)) return renderConfirm(c, await reportConfirm(c, cycle), { values: p.one });
      const plan = await Impact.workingPlan(deps, cycle.id, deps.clock.now());
      const r = await Impact.publishProgressReport(deps, { cycleId: cycle.id, plan, note: p.one.note, actor });
      return doneRedirect(c, base(cycle.id), `Progress report ${r.version} has been published.`);
    }
    const theme = p.one.theme ?? "";
    try {
      await Impact.updateProgress(deps, {
        cycleId: cycle.id,
        theme,
        startsOn: dateOf(p.one, "startsOn"),
        endsOn: dateOf(p.one, "endsOn"),
        participants: p.many.participants ?? [],
        status: p.one.status ?? "",
        note: p.one.note ?? "",
        expectedVersion: Number(p.one.version ?? 0) || 0,
        actor,
      });
      return doneRedirect(c, base(cycle.id), "Progress has been saved.");
    } catch (err) {
      const ids = Object.fromEntries(
        ["status", "startsOn", "endsOn", "participants", "note"].map((f) => [`${f}-${theme}`, `${f}-${theme}`]),
      );
      return render(c, pageErrors(err, { "": `status-${theme}`, ...ids }), {
        ...p.one,
        participants: (p.many.participants ?? []).join(","),
      });
    }
  });
  app.get("/lead/cycles/:cycleId/plan/progress/reports/:version", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const cycle = await Cycle.get(deps, c.req.param("cycleId"));
    Access.require(c.get("principal"), "read-region", { regionId: cycle.regionId });
    const report = (await Impact.progressReports(deps, cycle.id)).find(
      (r) => String(r.version) === c.req.param("version"),
    );
    if (!report) throw new NotFoundError("There is no such progress report.");
    const doc = planDocument(report.plan);
    return page(c, "plan.njk", {
      title: "Progress report",
      backHref: base(cycle.id),
      doc: {
        ...doc,
        subtitle: `Progress report ${report.version}, ${report.publishedAt.slice(0, 10)}${report.note ? ` · ${report.note}` : ""}`,
      },
    });
  });
  return app;
}
