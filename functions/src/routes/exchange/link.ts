/**
 * The exchange's emailed links (no account): the offering region's lead agrees or declines a request, and the
 * offering LA's contacts confirm capacity. The link is a reply handle's token, personal to whoever it was sent to.
 */
import { Hono, type Context } from "hono";
import { Exchange, ForbiddenError, GoneError, Keys, People, Replies, ValidationError, type Deps } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { checkCsrf, csrfToken } from "../../middleware/csrf";
import { capacityConfirm, caseStudyConfirm, decisionConfirm } from "../../view-models/exchange";
import { confirmed, missingReason, renderConfirm } from "../lead/confirm";
import { pageErrors, type PageError } from "../lead/page-errors";

async function linkSession(deps: Deps, token: string) {
  const found = await Replies.resolveToken(deps, token);
  if (!found.ok) {
    if (found.why === "expired") throw new GoneError("This link has expired. Ask your regional lead.");
    throw new ForbiddenError("This link is not valid. Check you copied the whole link from the email.");
  }
  const handle = found.handle;
  if (handle.purpose !== Exchange.DECISION && handle.purpose !== Exchange.CAPACITY)
    throw new ForbiddenError("This link is not an exchange link.");
  const [request, person] = await Promise.all([
    Exchange.getRequest(deps, handle.subject),
    People.get(deps, handle.personId),
  ]);
  if (
    handle.purpose === Exchange.DECISION &&
    !(person.roles.includes("regional-lead") && person.regionId === request.to.regionId)
  )
    throw new ForbiddenError("You are no longer a regional lead of this region.");
  if (handle.purpose === Exchange.CAPACITY && person.authority !== request.to.authority)
    throw new ForbiddenError("You are no longer a contact of this local authority; ask your regional lead.");
  return { handle, request, person, lead: handle.purpose === Exchange.DECISION };
}

async function show(c: Context<AppEnv>, done?: string, errors: PageError[] = [], values: Record<string, string> = {}) {
  const deps = c.get("deps");
  const s = await linkSession(deps, c.req.param("token")!);
  c.header("Cache-Control", "no-store");
  const open = s.lead ? s.request.status === "requested" : s.request.status === "agreed";
  const published = await deps.store.get(Keys.caseStudy(s.request.id));
  return page(
    c,
    "exchange-link.njk",
    {
      caseStudy: !s.lead && s.request.status === "confirmed",
      published: Boolean(published),
      values,
      errors: errors.length ? errors : undefined,
      fieldErrors: Object.fromEntries(errors.filter((e) => e.field).map((e) => [e.field!, e.text])),
      title: s.lead
        ? `Request from ${s.request.from.regionName}`
        : `Can ${s.request.to.authorityName} support ${s.request.from.authorityName}?`,
      r: s.request,
      status: Exchange.STATUS_LABELS[s.request.status],
      lead: s.lead,
      open,
      done,
      action: `/x/${c.req.param("token")}`,
      csrf: csrfToken(deps, "reply-handle", s.handle.id),
    },
    errors.length ? 400 : 200,
  );
}

/** The offering LA's case study: checked, then a confirmation page, then published to every region. */
async function caseStudy(c: Context<AppEnv>, s: Awaited<ReturnType<typeof linkSession>>, body: Record<string, string>) {
  const deps = c.get("deps");
  const action = `/x/${c.req.param("token")}`;
  try {
    Exchange.checkCaseStudy(body);
  } catch (err) {
    return show(
      c,
      undefined,
      pageErrors(err, { what: "what", forWhom: "forWhom", changed: "changed", contact: "contact" }),
      body,
    );
  }
  if (!confirmed(body))
    return renderConfirm(
      c,
      caseStudyConfirm(s.request, body, { action, csrf: csrfToken(deps, "reply-handle", s.handle.id) }),
    );
  await Exchange.publishCaseStudy(deps, { requestId: s.request.id, person: s.person, fields: body });
  return c.redirect(`${action}?done=2`, 303);
}

async function act(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const token = c.req.param("token")!;
  const s = await linkSession(deps, token);
  const raw = await c.req.parseBody();
  const body = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  checkCsrf(deps, "reply-handle", s.handle.id, body.csrf);
  if (body.intent === "case-study" && !s.lead) return caseStudy(c, s, body);
  const action = `/x/${token}`;
  const csrf = csrfToken(deps, "reply-handle", s.handle.id);
  const choice = s.lead ? body.decision : body.answer;
  const allowed = s.lead ? ["agree", "decline"] : ["yes", "no"];
  if (!allowed.includes(choice ?? ""))
    throw new ValidationError(s.lead ? "Choose agree or decline." : "Say whether you have the capacity.");
  const model = s.lead
    ? decisionConfirm(s.request, { decision: choice!, reason: "", action, csrf, back: action })
    : capacityConfirm(s.request, { answer: choice!, action, csrf });
  if (!confirmed(body)) return renderConfirm(c, model, { values: body });
  const missing = missingReason(model, body);
  if (missing.length) return renderConfirm(c, model, { values: body, errors: missing });
  try {
    const actor = { kind: "person" as const, id: s.person.id, name: s.person.name };
    if (s.lead)
      await Exchange.decide(deps, {
        id: s.request.id,
        decision: choice!,
        reason: body.reason,
        acting: { actor, regionId: s.person.regionId, email: s.person.email },
        name: s.person.name,
      });
    else
      await Exchange.confirmCapacity(deps, {
        id: s.request.id,
        answer: choice!,
        reason: body.reason,
        person: s.person,
      });
  } catch (err) {
    return renderConfirm(c, model, { values: body, errors: pageErrors(err, { reason: "reason" }) });
  }
  return c.redirect(`${action}?done=1`, 303);
}

const DONE: Record<string, string> = {
  "1": "Thank you: your answer is recorded.",
  "2": "Your case study is published to every region.",
};

export function exchangeLinkRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/x/:token", (c) => show(c, DONE[c.req.query("done") ?? ""]));
  app.post("/x/:token", act);
  return app;
}
