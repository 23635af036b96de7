/** The lead's pages for the impact of brokered solutions: the cycle's list, and each solution's aims and outcome. */
import { Hono } from "hono";
import { Access, Cycle, Impact, type Deps } from "@riia/core";
import { csrfToken } from "../../middleware/csrf";
import { page, type AppEnv } from "../../context";
import { indicatorNames, solutionsModel } from "../../view-models/impact";
import type { ConfirmModel } from "../../view-models/confirm";
import { confirmed, missingReason, renderConfirm } from "../lead/confirm";
import { checkCsrf, doneRedirect, managed, signedIn, type C } from "../lead/http";
import { pageErrors } from "../lead/page-errors";
import { aimsOf, posted } from "./forms";
import { renderSolution } from "./page";

const base = (cycleId: string) => `/lead/cycles/${cycleId}/impact`;
const solutionPath = (cycleId: string, needId: string) => `${base(cycleId)}/${encodeURIComponent(needId)}`;
const csrfOf = (c: C) => csrfToken(c.get("deps"), "session", c.get("session")!);

async function readable(c: C) {
  const cycle = await Cycle.get(c.get("deps"), c.req.param("cycleId")!);
  Access.require(c.get("principal"), "read-region", { regionId: cycle.regionId });
  return cycle;
}

const leadPage = (c: C, s: Impact.Solution, extra: Partial<Parameters<typeof renderSolution>[2]> = {}) =>
  renderSolution(c, s, {
    action: solutionPath(s.cycleId, s.needId),
    csrf: csrfOf(c),
    canAmend: Access.can(c.get("principal"), "manage-region", { regionId: s.regionId }),
    canGiveFeedback: false,
    lead: { listHref: base(s.cycleId), cancelHref: `${solutionPath(s.cycleId, s.needId)}?confirm=cancel` },
    done: c.req.query("done"),
    ...extra,
  });

function cancelConfirm(c: C, s: Impact.Solution, names: { receiving: string; provider: string }): ConfirmModel {
  return {
    title: "Cancel this solution?",
    caption: `Support from ${names.provider} to ${names.receiving}`,
    what: [
      "The solution is marked cancelled: it keeps its aims and history, but no feedback is asked for when it would have ended, and any request already queued is not sent.",
    ],
    lists: [],
    action: solutionPath(s.cycleId, s.needId),
    csrf: csrfOf(c),
    hidden: [{ name: "action", value: "cancel" }],
    reason: { id: "reason", label: "Why is it cancelled?", hint: "Kept in the audit trail", required: true },
    confirmText: "Cancel the solution",
    warning: true,
    cancelHref: solutionPath(s.cycleId, s.needId),
  };
}

async function cancelPost(c: C, deps: Deps, s: Impact.Solution, body: Record<string, string>) {
  const { actor } = await managed(c, s.cycleId);
  const names = await Impact.names(deps, [s.authority, s.provider]);
  const model = cancelConfirm(c, s, { receiving: names(s.authority), provider: names(s.provider) });
  if (!confirmed(body)) return renderConfirm(c, model, { values: body });
  const missing = missingReason(model, body);
  if (missing.length) return renderConfirm(c, model, { values: body, errors: missing });
  await Impact.cancel(deps, { ...s, reason: body.reason ?? "", actor });
  return doneRedirect(c, solutionPath(s.cycleId, s.needId), "The solution has been cancelled.");
}

export function impactLeadRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/lead/cycles/:cycleId/impact", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const cycle = await readable(c);
    const model = await solutionsModel(deps, cycle.id, cycle.regionId, deps.clock.now());
    return page(c, "impact-list.njk", { title: "Brokered solutions and their impact", cycle, ...model });
  });
  app.get("/lead/cycles/:cycleId/impact/:needId", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const cycle = await readable(c);
    const s = await Impact.draft(c.get("deps"), cycle.id, c.req.param("needId"));
    if (c.req.query("confirm") === "cancel") {
      const names = await Impact.names(c.get("deps"), [s.authority, s.provider]);
      return renderConfirm(c, cancelConfirm(c, s, { receiving: names(s.authority), provider: names(s.provider) }));
    }
    return leadPage(c, s);
  });
  app.post("/lead/cycles/:cycleId/impact/:needId", async (c) => {
    const deps = c.get("deps");
    const p = await posted(c);
    checkCsrf(c, p.one);
    const { cycle, actor } = await managed(c, c.req.param("cycleId"));
    const s = await Impact.draft(deps, cycle.id, c.req.param("needId"));
    if (p.one.action === "cancel") return cancelPost(c, deps, s, p.one);
    const aims = aimsOf(p);
    try {
      const r = await Impact.setAims(deps, {
        cycleId: cycle.id,
        needId: s.needId,
        aims,
        expectedVersion: Number(p.one.version ?? 0) || undefined,
        actor,
      });
      const names = await indicatorNames(deps, cycle.regionId);
      await Impact.notifyAims(
        deps,
        r.solution,
        names,
        r.created ? undefined : `${actor.name ?? "The regional lead"} (regional lead)`,
      );
      return doneRedirect(c, solutionPath(cycle.id, s.needId), "The aims have been saved.");
    } catch (err) {
      const errors = pageErrors(err, {
        indicators: "indicators",
        priorities: "indicators",
        startsOn: "startsOn",
        endsOn: "endsOn",
      });
      return leadPage(c, s, { errors, body: p.one, chosen: aims });
    }
  });
  return app;
}
