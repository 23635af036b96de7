/**
 * Steps 5 and 6 as pages: the menu LAs reach from their emailed link and the published plan. The
 * lead's JSON controls and exports live in routes/api/support.ts.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { registerMenu } from "./menu";
import { registerPublishedPlan } from "./plan";

export function supportRoutes() {
  const app = new Hono<AppEnv>();
  registerMenu(app);
  registerPublishedPlan(app);
  return app;
}
