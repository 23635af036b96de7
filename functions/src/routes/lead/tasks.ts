/** One LA's task: extend its deadline, waive it, or reopen its submitted form. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Region, Submission, ValidationError } from "@riia/core";
import type { AppEnv } from "../../context";
import { taskAction } from "./controls";
import { checkCsrf, doneRedirect, form, managed } from "./http";

export function registerTasks(app: OpenAPIHono<AppEnv>) {
  app.post("/lead/cycles/:cycleId/tasks", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const cycleId = c.req.param("cycleId");
    const { actor } = await managed(c, cycleId);
    const step = Region.Step.parse(body.step);
    const done = await taskAction(c.get("deps"), cycleId, step, body.authority ?? "", body, actor);
    return doneRedirect(c, `/lead/cycles/${cycleId}`, done);
  });
  app.post("/lead/cycles/:cycleId/reopen", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycle, actor } = await managed(c, c.req.param("cycleId"));
    const kind = Submission.FormKind.safeParse(body.form);
    if (!kind.success)
      throw new ValidationError("Choose a form.", [{ path: "form", message: "Choose the form to reopen" }]);
    await Submission.reopen(c.get("deps"), {
      id: Submission.submissionId(cycle.id, kind.data, body.authority ?? ""),
      reason: body.reason ?? "",
      actor,
    });
    return doneRedirect(c, `/lead/cycles/${cycle.id}`, "The form has been reopened.");
  });
}
