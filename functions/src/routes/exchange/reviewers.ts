/** A lead asks a reviewer from another region for one of their LAs: a choosing page first, then the reviewer asked. */
import type { Hono } from "hono";
import { Access, Assignments, Exchange, ForbiddenError, NotFoundError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { otherRegionModel, otherRegionPath } from "../../view-models/exchange-reviewers";
import { confirmed } from "../lead/confirm";
import { checkCsrf, doneRedirect, form, managed, person, type C } from "../lead/http";
import { pageErrors, type PageError } from "../lead/page-errors";

function stepOf(c: C) {
  const step = Assignments.ReviewStep.safeParse(c.req.param("step"));
  if (!step.success) throw new NotFoundError("There is no such review step.");
  return step.data;
}

async function renderChoice(c: C, values: Record<string, string>, errors: PageError[] = []) {
  const model = await otherRegionModel(c.get("deps"), {
    cycleId: c.req.param("cycleId")!,
    step: stepOf(c),
    reviewee: values.reviewee ?? "",
    session: c.get("session")!,
  });
  const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.text]));
  return page(
    c,
    "lead-other-region-reviewer.njk",
    { ...model, values, errors: errors.length ? errors : undefined, fieldErrors },
    errors.length ? 400 : 200,
  );
}

async function post(c: C) {
  const body = await form(c);
  checkCsrf(c, body);
  const cycleId = c.req.param("cycleId")!;
  const step = stepOf(c);
  // Only a lead of the reviewed LA's region may ask (a lead of another region is refused here).
  const { actor } = await managed(c, cycleId);
  if (Access.isNational(person(c)))
    throw new ForbiddenError("National people read the exchange; regional leads act in it.");
  if (!confirmed(body)) return renderChoice(c, body);
  try {
    const done = await Exchange.assignFromOtherRegion(c.get("deps"), {
      cycleId,
      step,
      reviewee: body.reviewee ?? "",
      personId: body.person ?? "",
      reason: body.reason ?? "",
      actor,
      replyTo: person(c).email,
    });
    return doneRedirect(
      c,
      `/lead/cycles/${cycleId}/assignments/${step}`,
      `${done.chosen.person.name} (${done.chosen.authorityName}, ${done.chosen.regionName}) has been asked to review; ${done.chosen.regionName}'s lead is told.`,
    );
  } catch (err) {
    return renderChoice(c, body, pageErrors(err, { person: "person", reason: "reason" }));
  }
}

export function registerOtherRegionReviewers(app: Hono<AppEnv>) {
  app.post(otherRegionPath(":cycleId", ":step"), post);
}
