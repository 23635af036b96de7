/** The support menu an LA reaches from its emailed link: choose the offers it is interested in. */
import type { Hono, Context } from "hono";
import { checkCsrf, csrfToken } from "../../middleware/csrf";
import { Cycle, ForbiddenError, Links, People, Region, Support, Tokens, type Deps } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { menuModel } from "../../view-models/menu";

async function menuSession(deps: Deps, token: string) {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  if (claims.f !== "support-menu") throw new ForbiddenError("This link is not a menu link.");
  const link = Links.check(claims, await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  const person = await People.get(deps, link.personId);
  if (person.authority !== link.authority)
    throw new ForbiddenError("You are no longer a contact of this local authority; ask your regional lead.");
  return {
    link,
    person,
    cycle: await Cycle.get(deps, link.cycleId),
    authority: await Region.authority(deps, link.authority),
  };
}

async function renderMenu(c: Context<AppEnv>, token: string, saved = false) {
  const deps = c.get("deps");
  const s = await menuSession(deps, token);
  const model = await menuModel(deps, s.cycle, s.authority.code);
  c.header("Cache-Control", "no-store");
  return page(c, "menu.njk", {
    title: "Menu of support offers",
    authorityName: s.authority.name,
    ...model,
    saved,
    action: `/m/${token}`,
    csrf: csrfToken(deps, "menu-link", s.link.id),
  });
}

export function registerMenu(app: Hono<AppEnv>) {
  app.get("/m/:token", (c) => renderMenu(c, c.req.param("token"), c.req.query("saved") === "1"));
  app.post("/m/:token", async (c) => {
    const deps = c.get("deps");
    const s = await menuSession(deps, c.req.param("token"));
    const body = await c.req.parseBody({ all: true });
    checkCsrf(deps, "menu-link", s.link.id, body.csrf);
    const offerIds = ([] as unknown[]).concat(body.offer ?? []).filter((x): x is string => typeof x === "string");
    await Support.expressInterest(deps, {
      cycleId: s.cycle.id,
      authority: s.authority.code,
      offerIds,
      by: s.person.id,
    });
    return c.redirect(`/m/${c.req.param("token")}?saved=1`, 303);
  });
}
