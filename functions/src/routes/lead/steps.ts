/** A step's page: its LAs, its guard, and open / close / advance / remind in context. */
import type { Hono } from "hono";
import { Region } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { stepModel } from "../../view-models/step";
import { stepAction } from "./controls";
import { checkCsrf, doneRedirect, form, managed, person, signedIn, type C } from "./http";
import { errorFor, pageErrors, type PageError } from "./page-errors";

async function renderStep(c: C, step: Region.Step, extra: { errors?: PageError[]; reason?: string } = {}) {
  const model = await stepModel(c.get("deps"), person(c), c.req.param("cycleId")!, step, c.get("session")!);
  const errors = extra.errors?.length ? extra.errors : undefined;
  return page(
    c,
    "lead-step.njk",
    {
      ...model,
      done: c.req.query("done"),
      errors,
      reason: extra.reason,
      reasonError: errorFor(errors ?? [], "reason"),
    },
    errors ? 400 : 200,
  );
}

export function registerSteps(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/steps/:step", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    return renderStep(c, Region.Step.parse(c.req.param("step")));
  });
  app.post("/lead/cycles/:cycleId/steps/:step", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const cycleId = c.req.param("cycleId");
    const step = Region.Step.parse(c.req.param("step"));
    const { actor } = await managed(c, cycleId);
    try {
      const reason = body.reason?.trim() || undefined;
      const done = await stepAction(c.get("deps"), cycleId, step, body.action ?? "", reason, actor);
      return doneRedirect(c, `/lead/cycles/${cycleId}/steps/${step}`, done);
    } catch (err) {
      const id = body.action === "advance" ? "advance-reason" : "reason";
      return renderStep(c, step, { errors: pageErrors(err, { reason: id, action: id }), reason: body.reason });
    }
  });
}
