/** Step controls from the board: open, advance, close, remind. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Region } from "@riia/core";
import type { AppEnv } from "../../context";
import { stepAction } from "./controls";
import { checkCsrf, doneRedirect, form, managed } from "./http";

export function registerSteps(app: OpenAPIHono<AppEnv>) {
  app.post("/lead/cycles/:cycleId/steps", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const cycleId = c.req.param("cycleId");
    const { actor } = await managed(c, cycleId);
    const step = Region.Step.parse(body.step);
    const done = await stepAction(c.get("deps"), cycleId, step, body.action ?? "", body.reason, actor);
    return doneRedirect(c, `/lead/cycles/${cycleId}`, done);
  });
}
