/**
 * The lead's rounds pages: schedule a quarter's round (opening date, deadline, reminder days; a
 * confirm page lists who will be emailed first), watch each LA's return come in, and reopen one
 * LA's return with a reason (confirm page first; audited). No JavaScript needed.
 */
import type { Hono, Context } from "hono";
import { Access, Collection, Quarters, Region, Rounds, ValidationError } from "@riia/core";
import { checkSessionCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { planModel, roundModel, roundsModel } from "../view-models/dataset-rounds";

type C = Context<AppEnv>;
type Issue = { path: string; message: string };
const regionOf = (c: C) => c.req.param("regionId") ?? "";
const csrfOf = (c: C) => csrfToken(c.get("deps"), "session", c.get("session") ?? "");
const errorsOf = (issues: Issue[]) => issues.map((i) => ({ text: i.message, href: `#${i.path}` }));

function person(c: C, action: Access.Action) {
  const who = c.get("principal");
  Access.require(who, action, { regionId: regionOf(c) });
  return who!;
}
async function readBody(c: C) {
  const body = (await c.req.parseBody()) as Record<string, string | File>;
  checkSessionCsrf(c, body.csrf);
  const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
  return text;
}

async function showRounds(c: C, extra: { plan?: Rounds.Plan; issues?: Issue[] } = {}, status = 200) {
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const [region, rounds] = await Promise.all([Region.get(deps, regionId), Rounds.rounds(deps, regionId)]);
  const next = Quarters.lastEnded(deps.clock.now());
  const plan = extra.plan ?? (await Rounds.defaultPlan(deps, regionId, Quarters.shift(next, 1)));
  const canManage = Access.can(c.get("principal"), "manage-region", { regionId });
  c.header("Cache-Control", "no-store");
  return page(
    c,
    "dataset-rounds.njk",
    {
      ...roundsModel(regionId, region, rounds, plan, next, extra.issues ?? []),
      errors: extra.issues?.length ? errorsOf(extra.issues) : undefined,
      csrf: csrfOf(c),
      canManage,
      done: c.req.query("done"),
    },
    status,
  );
}

async function postSchedule(c: C) {
  const who = person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const text = await readBody(c);
  const plan: Rounds.Plan = {
    quarter: text("quarter"),
    opens: text("opens"),
    due: text("due"),
    reminders: text("reminders"),
  };
  try {
    const existing = Quarters.isQuarter(plan.quarter) ? await Rounds.round(deps, regionId, plan.quarter) : undefined;
    const checked = Rounds.checkPlan(plan, existing);
    if (text("confirm") !== "yes") {
      const las = await Region.authorities(deps, regionId);
      const contacts = await Promise.all(
        las.map(async (la) => ({ la, people: await Collection.dataContacts(deps, la.code) })),
      );
      return page(c, "dataset-round-confirm.njk", {
        ...planModel(regionId, plan, checked, contacts, existing),
        csrf: csrfOf(c),
      });
    }
    await Rounds.scheduleRound(deps, { regionId, plan: checked, actor: Access.actorOf(who) });
    return c.redirect(`/lead/dataset/${regionId}/rounds/${checked.quarter}?done=scheduled`, 303);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return showRounds(c, { plan, issues: err.issues }, 400);
  }
}

async function showRound(c: C, extra: { issues?: Issue[]; reopen?: string; reason?: string } = {}, status = 200) {
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const r = await Rounds.round(deps, regionId, c.req.param("quarter") ?? "");
  if (!r) return c.notFound();
  const [region, returns] = await Promise.all([Region.get(deps, regionId), Rounds.returnsOf(deps, r)]);
  const reopening = extra.reopen ?? c.req.query("reopen");
  const la = returns.find((x) => x.code === reopening);
  const contacts = la ? (await Collection.dataContacts(deps, la.code)).map((p) => `${p.name} (${p.email})`) : [];
  c.header("Cache-Control", "no-store");
  return page(
    c,
    "dataset-round.njk",
    {
      ...roundModel(regionId, region, r, returns),
      reopen:
        la && r.done.includes("open")
          ? { code: la.code, name: la.name, contacts, reason: extra.reason ?? "" }
          : undefined,
      errors: extra.issues?.length ? errorsOf(extra.issues) : undefined,
      csrf: csrfOf(c),
      canManage: Access.can(c.get("principal"), "manage-region", { regionId }),
      done: c.req.query("done"),
    },
    status,
  );
}

async function postReopen(c: C) {
  const who = person(c, "manage-region");
  const deps = c.get("deps");
  const regionId = regionOf(c);
  const quarter = c.req.param("quarter") ?? "";
  const text = await readBody(c);
  const authority = text("authority");
  try {
    await Rounds.reopen(deps, {
      regionId,
      quarter,
      authority,
      reason: text("reason"),
      days: 14,
      actor: Access.actorOf(who),
    });
    return c.redirect(`/lead/dataset/${regionId}/rounds/${quarter}?done=reopened`, 303);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return showRound(c, { issues: err.issues, reopen: authority, reason: text("reason") }, 400);
  }
}

export function datasetRoundsPages(app: Hono<AppEnv>) {
  app.get("/lead/dataset/:regionId/rounds", (c) => (person(c, "read-region"), showRounds(c)));
  app.post("/lead/dataset/:regionId/rounds", postSchedule);
  app.get("/lead/dataset/:regionId/rounds/:quarter{\\d{4}-Q[1-4]}", (c) => (person(c, "read-region"), showRound(c)));
  app.post("/lead/dataset/:regionId/rounds/:quarter{\\d{4}-Q[1-4]}/reopen", postReopen);
}
