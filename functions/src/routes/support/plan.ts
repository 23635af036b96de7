/** The published regional development plan, for people signed in to the region. */
import type { Hono } from "hono";
import { Access, Cycle, NotFoundError, Support } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { identify } from "../../middleware/auth";
import { showRegion } from "../../middleware/region";
import { planDocument } from "@riia/core/plan-document";

export function registerPublishedPlan(app: Hono<AppEnv>) {
  app.use("/plans/*", identify);
  app.get("/plans/:cycleId/:version", async (c) => {
    const who = c.get("principal");
    if (!who) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const cycle = await Cycle.get(deps, c.req.param("cycleId"));
    Access.require(who, "read-authority", {
      regionId: cycle.regionId,
      authority: who.kind === "person" ? who.authority : undefined,
    });
    const published = (await Support.publishedVersions(deps, cycle.id)).find(
      (p) => String(p.version) === c.req.param("version"),
    );
    if (!published) throw new NotFoundError("There is no such version of the plan.");
    showRegion(c, cycle.regionId);
    return page(c, "plan.njk", {
      title: "Regional development plan",
      doc: planDocument(published.plan, published.version),
    });
  });
}
