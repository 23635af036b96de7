/**
 * The regional lead's pages — the cycle board, steps, tasks and peer assignments (sign-in by emailed link is
 * sign-in.ts, mounted after these). (The accept/decline buttons from assignment emails are the reviewers': review-view.ts.)
 * Roles decide who may do what (`Access`); every change is audited by the domain functions. The JSON API
 * for the same controls lives in routes/api/lead-controls.ts.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../context";
import { identify } from "../../middleware/auth";
import { registerAssignments } from "./assignments";
import { registerAudit } from "./audit";
import { registerBoard } from "./board";
import { registerCycles } from "./cycles";
import { registerNational } from "./national";
import { registerPrivacy } from "./privacy";
import { registerReplyQueue } from "./reply-queue";
import { registerLeadSupport } from "../support/brokering";
import { registerSteps } from "./steps";
import { registerTasks } from "./tasks";
import { registerExchangeLead } from "../exchange/lead";

export function leadRoutes() {
  const app = new Hono<AppEnv>();
  app.use("/sign-out", identify);
  app.use("/lead/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.use("/lead", identify);
  app.use("/", identify);
  registerBoard(app);
  registerCycles(app);
  registerSteps(app);
  registerTasks(app);
  registerAssignments(app);
  registerReplyQueue(app);
  registerAudit(app);
  registerNational(app);
  registerPrivacy(app);
  registerLeadSupport(app);
  registerExchangeLead(app);
  return app;
}
