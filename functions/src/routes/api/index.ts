/** The JSON API (documented at /openapi.json). Reference data is public; the rest needs a session or the app secret. */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context";
import { requirePrincipal } from "../../middleware/auth";
import { registerAudit } from "./audit";
import { registerCycles } from "./cycles";
import { registerDirectory } from "./directory";
import { registerEmails } from "./emails";
import { registerLeadControls } from "./lead-controls";
import { registerReference } from "./reference";
import { registerSupport } from "./support";
import { registerTemplates } from "./templates";

export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>();
  registerReference(api);
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

  registerDirectory(api);
  registerCycles(api);
  registerTemplates(api);
  registerEmails(api);
  registerAudit(api);
  registerLeadControls(api);
  registerSupport(api);
  return api;
}
