/** The lead's steps 5 and 6 as pages: the support menu and brokering, and the regional plan (edit, preview, publish). */
import type { Hono } from "hono";
import { csrfToken } from "../../middleware/csrf";
import { Cycle, Impact, Support, ValidationError, type Access } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { planConfirm } from "../../view-models/confirm-publish";
import { planModel, supportModel } from "../../view-models/support";
import { brokeringRows } from "../../view-models/exchange";
import { confirmed, missingReason, renderConfirm } from "../lead/confirm";
import { checkCsrf, doneRedirect, form, managed, signedIn, type C } from "../lead/http";
import { errorFor, pageErrors, type PageError } from "../lead/page-errors";

type Actor = ReturnType<typeof Access.actorOf>;

const FIELDS = [
  "kind",
  "authority",
  "theme",
  "description",
  "source",
  "format",
  "capacity",
  "needId",
  "offerId",
  "reason",
  "status",
];

async function renderSupport(c: C, errors: PageError[] = [], values: Record<string, string> = {}) {
  const deps = c.get("deps");
  const model = await supportModel(deps, c.get("principal")!, c.req.param("cycleId")!, values);
  const fieldErrors = Object.fromEntries(FIELDS.map((f) => [f, errorFor(errors, f)]));
  const { regionId } = await Cycle.get(deps, c.req.param("cycleId")!);
  return page(
    c,
    "lead-support.njk",
    {
      ...model,
      exchangeRows: await brokeringRows(deps, regionId),
      csrf: csrfOf(c),
      errors: errors.length ? errors : undefined,
      fieldErrors,
      done: c.req.query("done"),
    },
    errors.length ? 400 : 200,
  );
}

const csrfOf = (c: C) => csrfToken(c.get("deps"), "session", c.get("session")!);

async function supportAction(c: C, body: Record<string, string>) {
  const deps = c.get("deps");
  const { cycle, actor } = await managed(c, c.req.param("cycleId")!);
  const cycleId = cycle.id;
  switch (body.action) {
    case "derive": {
      const r = await Support.deriveFromSubmissions(deps, cycleId);
      return `Built ${r.needs} needs and ${r.offers} offers from the submitted forms.`;
    }
    case "broker": {
      const r = await Support.broker(deps, { cycleId, actor });
      return `Brokered ${r.matched} of ${r.open} open needs.`;
    }
    case "add":
      if (body.kind === "need") {
        await Support.addNeed(deps, { cycleId, ...pick(body), actor });
        return "The need has been added.";
      }
      if (body.kind !== "offer")
        throw new ValidationError("Choose an offer or a need.", [
          { path: "kind", message: "Choose whether this is an offer or a need" },
        ]);
      await Support.addOffer(deps, {
        cycleId,
        ...pick(body),
        format: body.format ?? "",
        capacity: Number(body.capacity),
        actor,
      });
      return "The offer has been added to the menu.";
    case "override":
      if (!body.needId)
        throw new ValidationError("Choose a need.", [{ path: "needId", message: "Choose the need to match" }]);
      if (!body.reason?.trim())
        throw new ValidationError("Give a reason.", [
          { path: "reason", message: "Give a reason for changing the match" },
        ]);
      await Support.override(deps, {
        cycleId,
        needId: body.needId,
        offerId: body.offerId || undefined,
        reason: body.reason,
        actor,
      });
      return "The match has been changed.";
    case "uptake": {
      if (!body.needId)
        throw new ValidationError("Choose a need.", [{ path: "needId", message: "Choose the brokered need" }]);
      const status = body.status as "agreed" | "taken-up" | "declined";
      await Support.recordUptake(deps, { cycleId, needId: body.needId, status, actor });
      return "Uptake has been recorded.";
    }
  }
  throw new ValidationError("Choose an action.");
}
const pick = (b: Record<string, string>) => ({
  authority: b.authority ?? "",
  theme: b.theme ?? "",
  description: b.description ?? "",
  source: b.source ?? "",
});

async function renderPlan(c: C, errors: PageError[] = [], values: Record<string, string> = {}) {
  const model = await planModel(c.get("deps"), c.get("principal")!, c.req.param("cycleId")!, values);
  return page(
    c,
    "lead-plan.njk",
    { ...model, csrf: csrfOf(c), errors: errors.length ? errors : undefined, done: c.req.query("done") },
    errors.length ? 400 : 200,
  );
}

function planEdits(body: Record<string, string>) {
  const themes = Object.keys(body)
    .filter((k) => k.startsWith("type-"))
    .map((k) => k.slice(5));
  return {
    introduction: body.introduction ?? "",
    responses: Object.fromEntries(
      themes.map((t) => [
        t,
        {
          type: body[`type-${t}`],
          owner: body[`owner-${t}`] ?? "",
          when: body[`when-${t}`] ?? "",
          detail: body[`detail-${t}`] ?? "",
        },
      ]),
    ),
  };
}

/** Publishing takes a confirmation page listing who is emailed; before its step, only with a reason. */
async function publish(c: C, cycleId: string, body: Record<string, string>, actor: Actor) {
  const deps = c.get("deps");
  const model = await planConfirm(deps, cycleId, c.get("session")!);
  if (!confirmed(body)) return renderConfirm(c, model, { values: body });
  const missing = missingReason(model, body);
  if (missing.length) return renderConfirm(c, model, { values: body, errors: missing });
  try {
    const plan = await Impact.workingPlan(deps, cycleId, deps.clock.now());
    const v = await Support.publishPlan(deps, { cycleId, actor, reason: body.reason, note: body.note, plan });
    return doneRedirect(
      c,
      `/lead/cycles/${cycleId}/plan`,
      `Version ${v.version} of the plan is published and on its way to ${model.lists[0]?.items.length ?? 0} people.`,
    );
  } catch (err) {
    return renderConfirm(c, model, { values: body, errors: pageErrors(err, { reason: "reason" }) });
  }
}

export function registerLeadSupport(app: Hono<AppEnv>) {
  app.get("/lead/cycles/:cycleId/support", async (c) => (signedIn(c) ? renderSupport(c) : c.redirect("/sign-in", 303)));
  app.post("/lead/cycles/:cycleId/support", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    try {
      return doneRedirect(c, `/lead/cycles/${c.req.param("cycleId")}/support`, await supportAction(c, body));
    } catch (err) {
      return renderSupport(c, pageErrors(err, Object.fromEntries(FIELDS.map((f) => [f, `${body.action}-${f}`]))), body);
    }
  });
  app.get("/lead/cycles/:cycleId/plan", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    if (c.req.query("confirm") !== "publish") return renderPlan(c);
    const { cycle } = await managed(c, c.req.param("cycleId"));
    return renderConfirm(c, await planConfirm(c.get("deps"), cycle.id, c.get("session")!));
  });
  app.post("/lead/cycles/:cycleId/plan", async (c) => {
    const body = await form(c);
    checkCsrf(c, body);
    const { cycle, actor } = await managed(c, c.req.param("cycleId"));
    const back = `/lead/cycles/${cycle.id}/plan`;
    try {
      if (body.action === "publish") return await publish(c, cycle.id, body, actor);
      await Support.editPlan(c.get("deps"), {
        cycleId: cycle.id,
        edits: planEdits(body),
        expectedVersion: Number(body.version),
        actor,
      });
      return doneRedirect(c, back, "The plan has been saved.");
    } catch (err) {
      return renderPlan(c, pageErrors(err, { "": "introduction", introduction: "introduction" }), body);
    }
  });
}
