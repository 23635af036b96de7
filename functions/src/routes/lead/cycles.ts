/** The region's cycles, this year's and earlier ones (read only), reached from the board's "All cycles". */
import type { Hono } from "hono";
import { Access } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { cyclesModel } from "../../view-models/cycles";
import { person, signedIn } from "./http";

export function registerCycles(app: Hono<AppEnv>) {
  app.get("/lead/cycles", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const who = person(c);
    // National advisers read any region's cycles: the region is named in the address.
    const regionId = Access.isNational(who) ? (c.req.query("region") ?? "") : who.regionId;
    return page(c, "lead-cycles.njk", await cyclesModel(c.get("deps"), who, regionId));
  });
}
