/** One LA's task: its page (state, submission, history) and remind / extend / waive / reopen, in context. */
import type { Hono } from "hono";
import { Cycle, Region, Submission, Tasks, ValidationError, Workflow, type Access, type Deps } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { readDateInput } from "../../view-models/dates";
import { taskConfirm } from "../../view-models/confirm";
import { taskModel } from "../../view-models/step";
import { confirmed, renderConfirm } from "./confirm";
import { taskAction } from "./controls";
import { checkCsrf, doneRedirect, form, managed, person, signedIn, type C } from "./http";
import { errorFor, pageErrors, type PageError } from "./page-errors";

const FIELD_IDS: Record<string, Record<string, string>> = {
  extend: { deadline: "deadline" },
  waive: { reason: "waive-reason" },
  reopen: { reason: "reopen-reason", deadline: "deadline" },
  remind: { action: "main-content" },
};

async function renderTask(c: C, step: Region.Step, errors: PageError[] = [], values: Record<string, string> = {}) {
  const { cycleId, code } = c.req.param() as { cycleId: string; code: string };
  const model = await taskModel(c.get("deps"), person(c), cycleId, step, code, c.get("session")!);
  const action = values.action ?? "";
  const fieldError = (a: string, f: string) => (action === a ? errorFor(errors, f) : undefined);
  return page(
    c,
    "lead-task.njk",
    {
      ...model,
      done: c.req.query("done"),
      errors: errors.length ? errors : undefined,
      values: {
        ...values,
        waiveReason: action === "waive" ? values.reason : "",
        reopenReason: action === "reopen" ? values.reason : "",
      },
      deadlineError: fieldError("extend", "deadline"),
      waiveError: fieldError("waive", "reason"),
      reopenError: fieldError("reopen", "reason"),
    },
    errors.length ? 400 : 200,
  );
}

/** A new deadline from the posted date, which must be in the future. */
function futureDeadline(deps: Deps, body: Record<string, string>) {
  const date = readDateInput(body, "deadline");
  if (!date.ok) throw new ValidationError(date.message, [{ path: "deadline", message: date.message }]);
  const iso = `${date.iso.slice(0, 10)}T23:59:59.000Z`;
  if (Date.parse(iso) <= deps.clock.now().getTime())
    throw new ValidationError("The new deadline must be in the future.", [
      { path: "deadline", message: `Enter a date after today, ${deps.clock.now().toISOString().slice(0, 10)}` },
    ]);
  return iso;
}

async function act(c: C, step: Region.Step, body: Record<string, string>, actor: ReturnType<typeof Access.actorOf>) {
  const deps = c.get("deps");
  const { cycleId, code } = c.req.param() as { cycleId: string; code: string };
  if (body.action === "remind") {
    const n = await Workflow.remindNow(deps, { cycleId, step, authority: code, actor });
    return n ? `Sent ${n} reminder${n === 1 ? "" : "s"}.` : "A reminder already went today; nothing more was sent.";
  }
  if (body.action === "extend") {
    const date = readDateInput(body, "deadline");
    if (!date.ok) throw new ValidationError(date.message, [{ path: "deadline", message: date.message }]);
    return taskAction(deps, cycleId, step, code, { action: "extend", deadline: date.iso }, actor);
  }
  if (body.action === "waive")
    return taskAction(deps, cycleId, step, code, { action: "waive", reason: body.reason }, actor);
  if (body.action === "reopen") {
    const form = Tasks.FORM_OF_STEP[step];
    if (!form) throw new ValidationError("This step has no form to reopen.");
    if (!body.reason?.trim())
      throw new ValidationError("Give a reason for reopening.", [
        { path: "reason", message: "Give a reason for reopening the form" },
      ]);
    const cycle = await Cycle.get(deps, cycleId);
    const closed = Cycle.phase(cycle, step).state === "closed";
    // After the step has closed, the form takes changes only until a new deadline, checked before anything changes.
    const until = closed ? futureDeadline(deps, body) : undefined;
    await Submission.reopen(deps, { id: Submission.submissionId(cycleId, form, code), reason: body.reason, actor });
    if (until)
      await Workflow.reopenTasks(deps, {
        cycle,
        step,
        authorities: [code],
        deadline: until,
        reason: `Submitted form reopened: ${body.reason.trim()}`,
        actor,
        reopenedForm: true,
      });
    return until ? `The form has been reopened until ${until.slice(0, 10)}.` : "The form has been reopened.";
  }
  throw new ValidationError("Choose an action.", [{ path: "action", message: "Choose an action" }]);
}

/** Waive and reopen change the task only after their confirmation page. */
const CONFIRMED = ["waive", "reopen"];

async function confirmPage(c: C, step: Region.Step, body: Record<string, string>, errors: PageError[] = []) {
  const { cycleId, code } = c.req.param() as { cycleId: string; code: string };
  const model = await taskConfirm(c.get("deps"), cycleId, step, code, body.action ?? "", c.get("session")!);
  return model && renderConfirm(c, model, { values: body, errors });
}

export function registerTasks(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/steps/:step/las/:code", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const step = Region.Step.parse(c.req.param("step"));
    const action = c.req.query("confirm");
    if (action && CONFIRMED.includes(action)) {
      await managed(c, c.req.param("cycleId"));
      const shown = await confirmPage(c, step, { action });
      if (shown) return shown;
    }
    return renderTask(c, step);
  });
  app.post("/lead/cycles/:cycleId/steps/:step/las/:code", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycleId, code } = c.req.param();
    const step = Region.Step.parse(c.req.param("step"));
    const { actor } = await managed(c, cycleId);
    const needsConfirm = CONFIRMED.includes(body.action ?? "");
    if (needsConfirm && !confirmed(body)) return (await confirmPage(c, step, body))!;
    try {
      const done = await act(c, step, body, actor);
      return doneRedirect(c, `/lead/cycles/${cycleId}/steps/${step}/las/${code}`, done);
    } catch (err) {
      const errors = pageErrors(err, FIELD_IDS[body.action ?? ""] ?? { action: "main-content" });
      if (needsConfirm)
        return (await confirmPage(
          c,
          step,
          body,
          errors.map((e) => ({ ...e, field: e.field === "deadline" ? "deadline" : "reason" })),
        ))!;
      return renderTask(c, step, errors, body);
    }
  });
}
