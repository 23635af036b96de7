/** The reference data: regions and their local authorities (public). */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Region } from "@riia/core";
import type { AppEnv } from "../../context";
import {
  problem,
  json,
  RegionSummary,
  RegionDetail,
  Authority,
  RegionId,
  Code,
  summary,
  authority,
} from "./reference-schemas";

export const referenceRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/regions",
      tags: ["Reference"],
      summary: "The nine regions (RIIAs), each with its number of local authorities",
      responses: { 200: json(z.object({ regions: z.array(RegionSummary) }), "The regions") },
    }),
    async (c) => c.json({ regions: (await Region.list(c.get("deps"))).map(summary) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}",
      tags: ["Reference"],
      summary: "One region with its settings",
      request: { params: z.object({ regionId: RegionId }) },
      responses: { 200: json(RegionDetail, "The region"), 404: problem("No such region") },
    }),
    async (c) => {
      const r = await Region.get(c.get("deps"), c.req.valid("param").regionId);
      return c.json({ ...summary(r), version: r.version, settings: r.settings }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}/authorities",
      tags: ["Reference"],
      summary: "The local authorities of a region",
      request: { params: z.object({ regionId: RegionId }) },
      responses: {
        200: json(z.object({ authorities: z.array(Authority) }), "The authorities"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { regionId } = c.req.valid("param");
      await Region.get(deps, regionId);
      return c.json({ authorities: (await Region.authorities(deps, regionId)).map(authority) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/authorities/{code}",
      tags: ["Reference"],
      summary: "One local authority",
      request: { params: z.object({ code: Code }) },
      responses: { 200: json(Authority, "The authority"), 404: problem("No such authority") },
    }),
    async (c) => c.json(authority(await Region.authority(c.get("deps"), c.req.valid("param").code)), 200),
  );

/** The reference routes as a mount (api-routes.ts, api-groups.ts). */
export const referenceApi = () => referenceRoutes;
