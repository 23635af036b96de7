/** Who changed what: a cycle's, a region's or an authority's audit trail. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Audit, Cycle, Region } from "@riia/core";
import type { AppEnv } from "../../context";
import { problem, json, AuditEntry, RegionId, Code, CycleId, Paging, secured, audit, allow } from "./common";

const auditRoute = <Path extends string, P extends z.ZodObject>(path: Path, params: P, summaryText: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["Audit"],
    security: secured,
    summary: summaryText,
    request: { params, query: Paging },
    responses: {
      200: json(z.object({ entries: z.array(AuditEntry), cursor: z.string().optional() }), "Entries, newest first"),
      401: problem("No app secret"),
    },
  });

export const auditRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    auditRoute("/api/cycles/{cycleId}/audit", z.object({ cycleId: CycleId }), "Who changed what in a cycle"),
    async (c) => {
      allow(c, "read-region", { regionId: Cycle.parseCycleId(c.req.valid("param").cycleId).regionId });
      const page = await Audit.listForScope(
        c.get("deps"),
        Audit.cycleScope(c.req.valid("param").cycleId),
        c.req.valid("query"),
      );
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  )
  .openapi(
    auditRoute(
      "/api/regions/{regionId}/audit",
      z.object({ regionId: RegionId }),
      "Who changed what in a region's settings and contacts",
    ),
    async (c) => {
      allow(c, "read-region", { regionId: c.req.valid("param").regionId });
      const page = await Audit.listForScope(
        c.get("deps"),
        Audit.regionScope(c.req.valid("param").regionId),
        c.req.valid("query"),
      );
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  )
  .openapi(
    auditRoute("/api/authorities/{code}/audit", z.object({ code: Code }), "Who changed what about one local authority"),
    async (c) => {
      const la = await Region.authority(c.get("deps"), c.req.valid("param").code);
      allow(c, "read-authority", { regionId: la.regionId, authority: la.code });
      const page = await Audit.listForAuthority(c.get("deps"), c.req.valid("param").code, c.req.valid("query"));
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  );

/** The audit routes as a mount (api-routes.ts, api-groups.ts). */
export const auditApi = () => auditRoutes;
