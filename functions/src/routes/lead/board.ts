/** The lead's landing page and the cycle board. */
import type { Hono } from "hono";
import { Access, Cycle } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { boardModel } from "../../view-models/board";
import { dashboardModel } from "../../view-models/dashboard";
import { person, signedIn } from "./http";

export function registerBoard(app: Hono<AppEnv>) {
  // The header's home link: people start at their console (or sign in).
  app.get("/lead", async (c) => {
    const who = c.get("principal");
    if (who?.kind !== "person") return c.redirect("/sign-in", 303);
    if (Access.isNational(who)) return c.redirect("/lead/national", 303);
    const cycles = await Cycle.listForRegion(c.get("deps"), who.regionId);
    if (!cycles.length)
      return page(c, "confirm.njk", { title: "No cycles yet", paragraphs: ["Your region has no cycle yet."] });
    return c.redirect(`/lead/cycles/${cycles[0]!.id}`, 303);
  });
  app.get("/lead/cycles/:cycleId", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const model = await boardModel(deps, person(c), c.req.param("cycleId"), c.get("session")!);
    const dashboard = model.lead ? await dashboardModel(deps, c.req.param("cycleId"), model.base) : undefined;
    return page(c, "lead-board.njk", { ...model, dashboard, done: c.req.query("done") });
  });
}
