/**
 * The JSON API (documented at /openapi.json). Reference data is public; the rest needs a session or the app secret.
 * Its route modules are mounted one by one (api-routes.ts), each with the domain its resource needs, so the API
 * function can load them in groups on first use (api-groups.ts); this module holds only who may reach them.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context";
import { requirePrincipal } from "../../middleware/auth";

/**
 * Everything after the reference routes needs the app secret or a session. Mounted after them and before every other
 * API module, so an address under these paths that no route serves is refused without a principal, as any route is.
 */
export function apiGuards() {
  const api = new OpenAPIHono<AppEnv>();
  api.use("/api/regions/*", requirePrincipal);
  api.use("/api/authorities/:code/people", requirePrincipal);
  api.use("/api/authorities/:code/audit", requirePrincipal);
  api.use("/api/cycles/*", requirePrincipal);
  api.use("/api/submissions/*", requirePrincipal);
  api.use("/api/emails/*", requirePrincipal);
  api.use("/api/emails", requirePrincipal);
  return api;
}
