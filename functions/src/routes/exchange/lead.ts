/** The lead's exchange pages: the national catalogue, asking for another region's offer, and requests in and out. */
import type { Hono } from "hono";
import { Access, Exchange, ForbiddenError } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { csrfToken } from "../../middleware/csrf";
import {
  catalogueModel,
  decisionConfirm,
  requestConfirm,
  requestFormModel,
  libraryModel,
  requestsModel,
} from "../../view-models/exchange";
import { registerExchangeNational } from "./national";
import { registerOtherRegionReviewers } from "./reviewers";
import { confirmed, missingReason, renderConfirm } from "../lead/confirm";
import { checkCsrf, doneRedirect, form, person, signedIn, type C } from "../lead/http";
import { pageErrors, type PageError } from "../lead/page-errors";

const csrfOf = (c: C) => csrfToken(c.get("deps"), "session", c.get("session")!);

/** A regional lead acting for their own region (national people and advisers read only). */
function leadActing(c: C) {
  const who = person(c);
  Access.require(who, "manage-region", { regionId: who.regionId });
  if (Access.isNational(who)) throw new ForbiddenError("National people read the exchange; regional leads act in it.");
  return { who, acting: { actor: Access.actorOf(who), regionId: who.regionId, email: who.email } };
}

/** Regional leads and advisers read their region's view; national people read every region's. */
function reader(c: C) {
  const who = person(c);
  if (!Access.isNational(who)) Access.require(who, "read-region", { regionId: who.regionId });
  return who;
}

async function renderRequestForm(c: C, errors: PageError[] = [], values: Record<string, string> = {}) {
  const who = person(c);
  const model = await requestFormModel(c.get("deps"), who, c.req.param("cycleId")!, c.req.param("offerId")!, values);
  const fieldErrors = Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.text]));
  return page(
    c,
    "lead-exchange-request.njk",
    { ...model, csrf: csrfOf(c), errors: errors.length ? errors : undefined, fieldErrors },
    errors.length ? 400 : 200,
  );
}

async function postRequest(c: C) {
  const body = await form(c);
  checkCsrf(c, body);
  const { who, acting } = leadActing(c);
  const deps = c.get("deps");
  const input = { cycleId: c.req.param("cycleId")!, offerId: c.req.param("offerId")!, authority: body.authority ?? "" };
  if (!input.authority)
    return renderRequestForm(
      c,
      [{ href: "#authority", text: "Choose a local authority in your region", field: "authority" }],
      body,
    );
  if (!confirmed(body))
    return renderConfirm(c, await requestConfirm(deps, who, { ...input, note: body.note ?? "", csrf: csrfOf(c) }));
  try {
    const done = await Exchange.request(deps, {
      acting,
      personName: who.name,
      forAuthority: input.authority,
      cycleId: input.cycleId,
      offerId: input.offerId,
      note: body.note ?? "",
    });
    return doneRedirect(
      c,
      "/lead/exchange/requests",
      `Your request is sent to ${done.request.to.regionName}${done.emailed.length ? ` (${done.emailed.join(", ")})` : ""}.`,
    );
  } catch (err) {
    return renderRequestForm(c, pageErrors(err, { authority: "authority", offer: "authority", note: "note" }), body);
  }
}

async function postDecision(c: C) {
  const body = await form(c);
  checkCsrf(c, body);
  const deps = c.get("deps");
  const r = await Exchange.getRequest(deps, c.req.param("id")!);
  const who = person(c);
  // A lead acts only for their own region: region A's lead cannot answer a request made to region B.
  Access.require(who, "manage-region", { regionId: r.to.regionId });
  const { acting } = leadActing(c);
  const action = `/lead/exchange/requests/${encodeURIComponent(r.id)}`;
  const model = decisionConfirm(r, {
    decision: body.decision ?? "",
    reason: body.reason ?? "",
    action,
    csrf: csrfOf(c),
    back: "/lead/exchange/requests",
  });
  if (body.decision !== "agree" && body.decision !== "decline")
    return renderRequests(c, [{ href: `#decision-${r.id}`, text: "Choose agree or decline", field: "decision" }]);
  if (!confirmed(body)) return renderConfirm(c, model, { values: body });
  const missing = missingReason(model, body);
  if (missing.length) return renderConfirm(c, model, { values: body, errors: missing });
  try {
    const done = await Exchange.decide(deps, {
      id: r.id,
      decision: body.decision,
      reason: body.reason,
      acting,
      name: who.name,
    });
    return doneRedirect(c, "/lead/exchange/requests", `The request is ${done.status}.`);
  } catch (err) {
    return renderConfirm(c, model, { values: body, errors: pageErrors(err, { reason: "reason" }) });
  }
}

async function renderRequests(c: C, errors: PageError[] = []) {
  const who = reader(c);
  const model = await requestsModel(c.get("deps"), who);
  return page(
    c,
    "lead-exchange-requests.njk",
    { ...model, csrf: csrfOf(c), errors: errors.length ? errors : undefined, done: c.req.query("done") },
    errors.length ? 400 : 200,
  );
}

export function registerExchangeLead(app: Hono<AppEnv>) {
  app.get("/lead/exchange", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const who = reader(c);
    const query = { q: (c.req.query("q") ?? "").slice(0, 200), theme: c.req.query("theme") || undefined };
    return page(c, "lead-exchange.njk", { ...(await catalogueModel(c.get("deps"), who, query)) });
  });
  app.get("/lead/exchange/offers/:cycleId/:offerId", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    leadActing(c);
    return renderRequestForm(c);
  });
  app.post("/lead/exchange/offers/:cycleId/:offerId", postRequest);
  app.get("/lead/exchange/requests", async (c) => (signedIn(c) ? renderRequests(c) : c.redirect("/sign-in", 303)));
  app.post("/lead/exchange/requests/:id", postDecision);
  app.get("/lead/exchange/case-studies", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    reader(c);
    const query = { q: (c.req.query("q") ?? "").slice(0, 200), theme: c.req.query("theme") || undefined };
    return page(c, "lead-exchange-cases.njk", await libraryModel(c.get("deps"), query));
  });
  registerExchangeNational(app);
  registerOtherRegionReviewers(app);
}
