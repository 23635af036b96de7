/** The JSON API (documented at /openapi.json). Reference data is public; the rest needs a session or the app secret. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context";
import { requirePrincipal } from "../../middleware/auth";
import { auditRoutes } from "./audit";
import { cyclesRoutes } from "./cycles";
import { directoryRoutes } from "./directory";
import { emailsRoutes } from "./emails";
import { referenceRoutes } from "./reference";
import { templatesRoutes } from "./templates";
import { registerLeadControls } from "./lead-controls";
import { registerSupport } from "./support";

export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>();
  api.route("/", referenceRoutes);
  // Everything below needs the app secret.
  api.use("/api/regions/:regionId/people", requirePrincipal);
  api.use("/api/regions/:regionId/contacts", requirePrincipal);
  api.use("/api/regions/:regionId/cycles", requirePrincipal);
  api.use("/api/regions/:regionId/settings", requirePrincipal);
  api.use("/api/regions/:regionId/audit", requirePrincipal);
  api.use("/api/regions/:regionId/templates/*", requirePrincipal);
  api.use("/api/authorities/:code/people", requirePrincipal);
  api.use("/api/authorities/:code/audit", requirePrincipal);
  api.use("/api/cycles/*", requirePrincipal);
  api.use("/api/submissions/*", requirePrincipal);
  api.use("/api/emails/*", requirePrincipal);
  api.use("/api/emails", requirePrincipal);

  api.route("/", directoryRoutes);
  api.route("/", cyclesRoutes);
  api.route("/", templatesRoutes);
  api.route("/", emailsRoutes);
  api.route("/", auditRoutes);
  registerLeadControls(api);
  registerSupport(api);
  return api;
}
