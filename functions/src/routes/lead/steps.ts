/** A step's page: its LAs, its guard, and open / close / advance / remind in context. */
import type { Hono } from "hono";
import { Cycle, Region, ValidationError, Workflow, type Access } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { stepConfirm } from "../../view-models/confirm";
import { govukDate, readDateInput } from "../../view-models/dates";
import { STEP_LABELS } from "../../view-models/labels";
import { stepModel } from "../../view-models/step";
import { allOf, confirmed, missingReason, renderConfirm } from "./confirm";
import { stepAction } from "./controls";
import { checkCsrf, doneRedirect, form, managed, person, signedIn, type C } from "./http";
import { errorFor, pageErrors, type PageError } from "./page-errors";

type Actor = ReturnType<typeof Access.actorOf>;

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

/** Actions that act only after their confirmation page, which says what happens and who is emailed. */
const CONFIRMED = ["open", "close", "advance", "reopen", "remind"];

async function confirmPage(
  c: C,
  step: Region.Step,
  action: string,
  body: Record<string, string>,
  errors: PageError[] = [],
) {
  const model = await stepConfirm(c.get("deps"), c.req.param("cycleId")!, step, action, c.get("session")!);
  if (!model) return undefined;
  return renderConfirm(c, model, { values: body, chosen: await allOf(c, "authorities"), errors });
}

async function act(c: C, step: Region.Step, body: Record<string, string>, actor: Actor) {
  const deps = c.get("deps");
  const cycleId = c.req.param("cycleId")!;
  const reason = body.reason?.trim() || undefined;
  if (body.action !== "reopen") return stepAction(deps, cycleId, step, body.action ?? "", reason, actor);
  const date = readDateInput(body, "deadline");
  if (!date.ok) throw new ValidationError(date.message, [{ path: "deadline", message: date.message }]);
  const chosen = await allOf(c, "authorities");
  const r = await Workflow.reopenStep(deps, {
    cycleId,
    step,
    deadline: `${date.iso.slice(0, 10)}T23:59:59Z`,
    reason: reason ?? "",
    actor,
    ...(chosen.length ? { authorities: chosen } : {}),
  });
  const n = r.reopened.length;
  return `${STEP_LABELS[step]} is reopened for ${n} local authorit${n === 1 ? "y" : "ies"} until ${govukDate(date.iso)}; ${r.emailed} email${r.emailed === 1 ? "" : "s"} with a fresh link on their way.`;
}

export function registerSteps(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/steps/:step", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const step = Region.Step.parse(c.req.param("step"));
    const action = c.req.query("confirm");
    if (action && CONFIRMED.includes(action)) {
      await managed(c, c.req.param("cycleId"));
      const shown = await confirmPage(c, step, action, {});
      if (shown) return shown;
    }
    return renderStep(c, step);
  });
  app.post("/lead/cycles/:cycleId/steps/:step", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const cycleId = c.req.param("cycleId");
    const step = Region.Step.parse(c.req.param("step"));
    const { actor } = await managed(c, cycleId);
    const action = body.action ?? "";
    if (CONFIRMED.includes(action)) {
      if (!confirmed(body)) {
        // A page loaded before the step closed still offers reminders: say why not, rather than ask to confirm.
        if (action === "remind") {
          try {
            Workflow.assertRemindable(await Cycle.get(c.get("deps"), cycleId), step);
          } catch (err) {
            return renderStep(c, step, { errors: pageErrors(err, { action: "reason" }) });
          }
        }
        const shown = await confirmPage(c, step, action, body);
        if (shown) return shown;
      } else {
        const model = await stepConfirm(c.get("deps"), cycleId, step, action, c.get("session")!);
        const missing = model ? missingReason(model, body) : [];
        if (missing.length) return (await confirmPage(c, step, action, body, missing))!;
        try {
          return doneRedirect(c, `/lead/cycles/${cycleId}/steps/${step}`, await act(c, step, body, actor));
        } catch (err) {
          const errors = pageErrors(err, { reason: "reason", deadline: "deadline-day", authorities: "authorities" });
          const shown = await confirmPage(c, step, action, body, errors);
          if (shown) return shown;
          return renderStep(c, step, { errors, reason: body.reason });
        }
      }
    }
    try {
      const done = await stepAction(c.get("deps"), cycleId, step, action, body.reason?.trim() || undefined, actor);
      return doneRedirect(c, `/lead/cycles/${cycleId}/steps/${step}`, done);
    } catch (err) {
      const id = action === "advance" ? "advance-reason" : "reason";
      return renderStep(c, step, { errors: pageErrors(err, { reason: id, action: id }), reason: body.reason });
    }
  });
}
