/** The national view: read-only, for national advisers and the national coordinator. */
import type { Hono } from "hono";
import { Access } from "@riia/core";
import { page, type AppEnv } from "../../context";
import { csrfToken } from "../../middleware/csrf";
import { nationalModel } from "../../view-models/national";
import { exchangeNationalModel } from "../../view-models/exchange-national";
import { person, signedIn } from "./http";

export function registerNational(app: Hono<AppEnv>) {
  app.get("/lead/national", async (c) => {
    if (!signedIn(c)) return c.redirect("/sign-in", 303);
    const who = person(c);
    Access.require(who, "read-national");
    const csrf = csrfToken(c.get("deps"), "session", c.get("session")!);
    const exchange = await exchangeNationalModel(c.get("deps"), who);
    return page(c, "lead-national.njk", {
      ...(await nationalModel(c.get("deps"), who)),
      exchange,
      csrf,
      done: c.req.query("done"),
    });
  });
}
