/** Peer-review assignments of a step: see them, propose, swap one reviewer, send. */
import type { Hono } from "hono";
import { Assignments, Review, ValidationError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { assignmentsModel } from "../../view-models/assignments";
import { checkCsrf, doneRedirect, form, managed, person, signedIn } from "./http";

const sentMessage = (n: number, all: boolean) =>
  all || n
    ? `Sent ${n} assignment${n === 1 ? "" : "s"}.${all ? "" : " Other local authorities' reviewers are sent as their work arrives."}`
    : "No local authority's work is in yet: each one's reviewers are sent when its work arrives.";

export function registerAssignments(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/assignments/:step", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const step = Assignments.ReviewStep.parse(c.req.param("step"));
    const model = await assignmentsModel(c.get("deps"), person(c), c.req.param("cycleId"), step, c.get("session")!);
    return page(c, "lead-assignments.njk", { ...model, done: c.req.query("done") });
  });
  app.post("/lead/cycles/:cycleId/assignments/:step/:action", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycleId } = c.req.param();
    const step = Assignments.ReviewStep.parse(c.req.param("step"));
    const { actor } = await managed(c, cycleId);
    const deps = c.get("deps");
    let done: string;
    switch (c.req.param("action")) {
      case "propose":
        done = `Proposed ${(await Review.proposeAssignments(deps, { cycleId, step, actor })).pairs.length} assignments.`;
        break;
      case "send":
        done = sentMessage(
          await Review.sendAssignments(deps, { cycleId, step, actor, onlyWorkIn: body.all !== "yes" }),
          body.all === "yes",
        );
        break;
      case "swap":
        await Review.swap(deps, {
          cycleId,
          step,
          reviewee: body.reviewee ?? "",
          from: body.from ?? "",
          to: body.to ?? "",
          actor,
        });
        done = "The reviewer has been swapped.";
        break;
      default:
        throw new ValidationError("Unknown action.");
    }
    return doneRedirect(c, `/lead/cycles/${cycleId}/assignments/${step}`, done);
  });
}
