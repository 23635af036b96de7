/**
 * The solution's page the offering and receiving LAs reach from their emailed link (/i/…, no account): both may see
 * and amend the aims; once it has ended the receiving LA's DCS and officers give feedback here (or by replying).
 */
import { Hono, type Context } from "hono";
import { ForbiddenError, Impact, Links, NotFoundError, People, Tokens, type Deps } from "@riia/core";
import { checkCsrf, csrfToken } from "../../middleware/csrf";
import type { AppEnv } from "../../context";
import { showRegion } from "../../middleware/region";
import { pageErrors } from "../lead/page-errors";
import { aimsOf, feedbackOf, posted } from "./forms";
import { renderSolution } from "./page";
import { indicatorNames } from "../../view-models/impact";

async function linkSession(deps: Deps, token: string) {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  if (claims.f !== Impact.FORM) throw new ForbiddenError("This link is not a link to a brokered solution.");
  const link = Links.check(claims, await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  const person = await People.get(deps, link.personId);
  const solution = await Impact.get(deps, link.regionId, link.cycleId, link.reviewee ?? "");
  if (!solution) throw new NotFoundError("There is no such solution.");
  if (person.authority !== link.authority || ![solution.authority, solution.provider].includes(link.authority))
    throw new ForbiddenError("You are no longer a contact of this local authority; ask your regional lead.");
  return { link, person, solution };
}

type S = Awaited<ReturnType<typeof linkSession>>;
const draw = (c: Context<AppEnv>, token: string, s: S, extra: Partial<Parameters<typeof renderSolution>[2]> = {}) => {
  showRegion(c, s.link.regionId);
  return renderSolution(c, s.solution, {
    action: `/i/${token}`,
    csrf: csrfToken(c.get("deps"), "form-link", s.link.id),
    canAmend: true,
    canGiveFeedback: s.person.authority === s.solution.authority,
    done: c.req.query("done"),
    ...extra,
  });
};

export function impactLinkRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/i/:token", async (c) =>
    draw(c, c.req.param("token"), await linkSession(c.get("deps"), c.req.param("token"))),
  );
  app.post("/i/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const s = await linkSession(deps, token);
    const p = await posted(c);
    checkCsrf(deps, "form-link", s.link.id, p.one.csrf);
    const actor = { kind: "person" as const, id: s.person.id, name: s.person.name };
    const back = (done: string) => c.redirect(`/i/${token}?done=${encodeURIComponent(done)}`, 303);
    try {
      if (p.one.action === "feedback") {
        await Impact.recordFeedback(deps, {
          ...s.solution,
          person: s.person,
          feedback: feedbackOf(p.one),
          via: "page",
        });
        return back("Thank you. Your feedback has been recorded.");
      }
      const r = await Impact.setAims(deps, {
        cycleId: s.solution.cycleId,
        needId: s.solution.needId,
        aims: aimsOf(p),
        expectedVersion: Number(p.one.version ?? 0) || undefined,
        actor,
        authority: s.person.authority!,
      });
      const la = (await Impact.names(deps, [s.person.authority!]))(s.person.authority!);
      const names = await indicatorNames(deps, s.solution.regionId);
      await Impact.notifyAims(deps, r.solution, names, `${s.person.name} of ${la}`);
      return back("The aims have been saved.");
    } catch (err) {
      const errors = pageErrors(err, {
        indicators: "indicators",
        priorities: "indicators",
        startsOn: "startsOn",
        endsOn: "endsOn",
        useful: "useful",
        changed: "changed",
        recommend: "recommend",
      });
      return draw(c, token, s, { errors, body: p.one, ...(p.one.action === "feedback" ? {} : { chosen: aimsOf(p) }) });
    }
  });
  return app;
}
