/**
 * Concerns over HTTP: the DCS's response page from the emailed link (/c/…), the lead's list, detail,
 * open-from-intelligence, review and close pages. `listConcerns` is in routes/api/concerns.ts.
 */
import { Hono, type Context } from "hono";
import {
  Access,
  ConcernLadder,
  Concerns,
  ForbiddenError,
  Links,
  People,
  Quarters,
  Region,
  Tokens,
  ValidationError,
  type Deps,
} from "@riia/core";
import { checkCsrf as checkToken, checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { showRegion } from "../middleware/region";
import { concernConfirm } from "../view-models/confirm-publish";
import { confirmed, missingReason, renderConfirm } from "./lead/confirm";
import { pageErrors } from "./lead/page-errors";

type C = Context<AppEnv>;
async function responseSession(deps: Deps, token: string) {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  if (claims.f !== Concerns.FORM) throw new ForbiddenError("This link is not a concern link.");
  const link = Links.check(claims, await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  const person = await People.get(deps, link.personId);
  const concern = await Concerns.get(deps, link.regionId, link.cycleId.slice("concern-".length));
  return { link, person, concern };
}

const strings = async (c: C) =>
  Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
const view = (c: Concerns.Concern) => ({
  ...c,
  statusLabel: Concerns.STATUS_LABELS[c.status],
  sourceLabel: Concerns.SOURCE_LABELS[c.source],
  level: Object.values(Concerns.ROLE_LABELS)[c.level],
  path: encodeURIComponent(c.id),
});

function responsePages(app: Hono<AppEnv>) {
  const render = async (c: C, token: string, extra: Record<string, unknown> = {}, status = 200) => {
    const deps = c.get("deps");
    const s = await responseSession(deps, token);
    showRegion(c, s.link.regionId);
    c.header("Cache-Control", "no-store");
    return page(
      c,
      "concern-respond.njk",
      {
        title: `Concern about ${s.concern.authorityName}`,
        concern: view(s.concern),
        action: `/c/${token}`,
        csrf: csrfToken(deps, "form-link", s.link.id),
        ...extra,
      },
      status,
    );
  };
  app.get("/c/:token", (c) => render(c, c.req.param("token")));
  app.post("/c/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const s = await responseSession(deps, token);
    const body = await strings(c);
    checkToken(deps, "form-link", s.link.id, body.csrf);
    try {
      await ConcernLadder.respond(deps, {
        regionId: s.concern.regionId,
        id: s.concern.id,
        text: body.response ?? "",
        by: s.person.email,
        via: "page",
        actor: { kind: "person", id: s.person.id, name: s.person.name },
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(
        c,
        token,
        {
          errors: [{ text: "Enter your response", href: "#response" }],
          error: "Enter your response",
          posted: body.response ?? "",
        },
        400,
      );
    }
    return render(c, token, { done: "Thank you. Your response has been sent to the regional lead." });
  });
}

/** The lead's region from the address, once the principal may do `action` there. */
function region(c: C, action: Access.Action) {
  const regionId = c.req.param("regionId")!;
  Access.require(c.get("principal"), action, { regionId });
  return { regionId, who: c.get("principal")! };
}

async function listPage(c: C, extra: Record<string, unknown> = {}, status = 200) {
  const { regionId, who } = region(c, "read-region");
  const deps = c.get("deps");
  const [list, r, las] = await Promise.all([
    Concerns.list(deps, regionId),
    Region.get(deps, regionId),
    Region.authorities(deps, regionId),
  ]);
  return page(
    c,
    "concern-list.njk",
    {
      title: "Concerns under the memorandum of understanding",
      regionName: r.name,
      regionId,
      rows: list
        .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
        .map((x) => [
          {
            html: `<a class="govuk-link" href="/lead/concerns/${regionId}/${encodeURIComponent(x.id)}">${x.authorityName.replace(/[<>&"]/g, "")}</a>`,
          },
          { text: x.themes.join(", ") },
          { text: Concerns.SOURCE_LABELS[x.source] },
          { text: Concerns.STATUS_LABELS[x.status] },
          { text: x.openedAt.slice(0, 10) },
        ]),
      canManage: Access.can(who, "manage-region", { regionId }),
      laItems: [{ value: "", text: "Choose a local authority" }, ...las.map((l) => ({ value: l.code, text: l.name }))],
      themeItems: r.settings.themes.map((t) => ({ value: t.id, text: t.label })),
      sourceItems: Concerns.Source.options
        .filter((s) => s !== "early-warning")
        .map((s) => ({ value: s, text: Concerns.SOURCE_LABELS[s] })),
      csrf: csrfToken(deps, "session", c.get("session") ?? ""),
      ...extra,
    },
    status,
  );
}

function listAndOpenPages(app: Hono<AppEnv>) {
  app.get("/lead/concerns/:regionId", (c) => listPage(c, { done: c.req.query("done") }));
  app.post("/lead/concerns/:regionId", async (c) => {
    const { regionId, who } = region(c, "manage-region");
    const body = await strings(c);
    checkSessionCsrf(c, body.csrf);
    const errors = [
      ...(body.authority ? [] : [{ text: "Choose a local authority", href: "#authority" }]),
      ...(body.theme ? [] : [{ text: "Choose a theme", href: "#theme" }]),
      ...((body.evidence ?? "").trim().length >= 10
        ? []
        : [{ text: "Describe the evidence in at least a sentence", href: "#evidence" }]),
    ];
    if (errors.length) return listPage(c, { errors, posted: body }, 400);
    const concern = await Concerns.open(c.get("deps"), {
      regionId,
      authority: body.authority!,
      themes: [body.theme!],
      source: Concerns.Source.safeParse(body.source).data ?? "other",
      evidence: [body.evidence!.trim()],
      actor: Access.actorOf(who),
    });
    return c.redirect(`/lead/concerns/${regionId}/${encodeURIComponent(concern.id)}`, 303);
  });
  // The lead runs the early-warning checks now (the schedule runs them once a quarter's returns are due).
  app.post("/lead/concerns/:regionId/checks", async (c) => {
    const { regionId, who } = region(c, "manage-region");
    const body = await strings(c);
    checkSessionCsrf(c, body.csrf);
    const quarter = Quarters.isQuarter(body.quarter ?? "")
      ? body.quarter!
      : Quarters.lastEnded(c.get("deps").clock.now());
    const opened = await Concerns.openFromSignals(c.get("deps"), { regionId, quarter, actor: Access.actorOf(who) });
    const done = `${opened.length} concern${opened.length === 1 ? "" : "s"} opened`;
    return c.redirect(`/lead/concerns/${regionId}?done=${encodeURIComponent(done)}`, 303);
  });
}

function detailPages(app: Hono<AppEnv>) {
  app.get("/lead/concerns/:regionId/:id", async (c) => {
    const { regionId, who } = region(c, "read-region");
    const deps = c.get("deps");
    const concern = await Concerns.get(deps, regionId, c.req.param("id"));
    const now = concern.status === "closed" ? null : await Concerns.signalsNow(deps, concern);
    return page(c, "concern-detail.njk", {
      title: `Concern about ${concern.authorityName}`,
      concern: view(concern),
      signalsNow: now ? { ...now, quarterLabel: Quarters.label(now.quarter) } : null,
      regionId,
      canManage: Access.can(who, "manage-region", { regionId }),
      csrf: csrfToken(deps, "session", c.get("session") ?? ""),
      done: c.req.query("done"),
      backLink: `/lead/concerns/${regionId}`,
    });
  });
  app.post("/lead/concerns/:regionId/:id", async (c) => {
    const { regionId, who } = region(c, "manage-region");
    const body = await strings(c);
    checkSessionCsrf(c, body.csrf);
    const deps = c.get("deps");
    const id = c.req.param("id");
    const actor = Access.actorOf(who);
    const note = body.note ?? "";
    if (body.action === "escalate" || body.action === "reject") {
      const shown = await escalation(c, who, regionId, id, body);
      if (shown) return shown;
    }
    if (body.action === "close") await ConcernLadder.close(deps, { regionId, id, outcome: note, actor });
    else if (body.action === "accept") await ConcernLadder.review(deps, { regionId, id, accept: true, note, actor });
    else if (body.action !== "escalate" && body.action !== "reject")
      throw new ValidationError("Choose an action.", [{ path: "action", message: "Choose an action" }]);
    return c.redirect(`/lead/concerns/${regionId}/${encodeURIComponent(id)}?done=${encodeURIComponent("Done.")}`, 303);
  });
}

/**
 * Escalating (or not accepting a response, which escalates) shows who will hear first: the rung above the person
 * pressing, never back to them. Only the confirmation's post, with a reason, escalates. Undefined once it has.
 */
async function escalation(c: C, who: Access.Principal, regionId: string, id: string, body: Record<string, string>) {
  if (who.kind !== "person") throw new ForbiddenError("Sign in as a person to escalate a concern.");
  const deps = c.get("deps");
  const action = body.action as "escalate" | "reject";
  const model = await concernConfirm(deps, who, regionId, id, action, c.get("session") ?? "");
  if (!confirmed(body)) return renderConfirm(c, model, { values: body });
  const missing = missingReason(model, body);
  if (missing.length) return renderConfirm(c, model, { values: body, errors: missing });
  const by = { roles: who.roles, email: who.email };
  const actor = Access.actorOf(who);
  const note = (body.note ?? "").trim();
  try {
    if (action === "reject") await ConcernLadder.review(deps, { regionId, id, accept: false, note, actor, by });
    else await ConcernLadder.escalate(deps, await Concerns.get(deps, regionId, id), note, actor, by);
  } catch (err) {
    return renderConfirm(c, model, { values: body, errors: pageErrors(err, { text: "note" }) });
  }
  return undefined;
}

export function concernRoutes() {
  const app = new Hono<AppEnv>();
  responsePages(app);
  listAndOpenPages(app);
  detailPages(app);
  return app;
}
