/** A region's people, contact imports and settings. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { People, Region } from "@riia/core";
import type { AppEnv } from "../../context";
import { problem, json, RegionDetail, Person, RegionId, Code, secured, summary, person, allow } from "./common";
import { RegionSettingsInput } from "./domain-schemas";

export const directoryRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}/people",
      tags: ["People"],
      security: secured,
      summary: "Everyone in a region: LA contacts, leads and advisers",
      request: { params: z.object({ regionId: RegionId }) },
      responses: {
        200: json(z.object({ people: z.array(Person) }), "The people"),
        401: problem("No app secret"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { regionId } = c.req.valid("param");
      await Region.get(deps, regionId);
      allow(c, "read-region", { regionId });
      return c.json({ people: (await People.listByRegion(deps, regionId)).map(person) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/authorities/{code}/people",
      tags: ["People"],
      security: secured,
      summary: "The contacts of one local authority",
      request: { params: z.object({ code: Code }) },
      responses: {
        200: json(z.object({ people: z.array(Person) }), "The people"),
        401: problem("No app secret"),
        404: problem("No such authority"),
      },
    }),
    async (c) => {
      const la = await Region.authority(c.get("deps"), c.req.valid("param").code);
      allow(c, "read-authority", { regionId: la.regionId, authority: la.code });
      return c.json({ people: (await People.listByAuthority(c.get("deps"), la.code)).map(person) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/regions/{regionId}/contacts",
      tags: ["People"],
      security: secured,
      summary: "Import a region's contacts from CSV (name,email,authority,roles,job_title)",
      description:
        "Every row is checked first. If any row is wrong nothing is imported and each problem is listed with its line number. Importing the same file again changes nothing.",
      request: {
        params: z.object({ regionId: RegionId }),
        body: { required: true, content: { "text/csv": { schema: z.string().max(1_000_000) } } },
      },
      responses: {
        200: json(
          z.object({ rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number() }),
          "Imported",
        ),
        400: problem("The file has problems; nothing was imported"),
        401: problem("No app secret"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const { regionId } = c.req.valid("param");
      const actor = allow(c, "manage-region", { regionId });
      const csv = await c.req.text();
      const result = await People.importContacts(c.get("deps"), { regionId, csv, actor });
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/api/regions/{regionId}/settings",
      tags: ["Reference"],
      security: secured,
      summary: "Change a region's settings (send the version you read)",
      request: {
        params: z.object({ regionId: RegionId }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ version: z.number().int().min(1), settings: RegionSettingsInput }),
            },
          },
        },
      },
      responses: {
        200: json(RegionDetail, "Updated"),
        400: problem("Invalid settings"),
        401: problem("No app secret"),
        409: problem("Changed by someone else"),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const actor = allow(c, "manage-region", { regionId: c.req.valid("param").regionId });
      const r = await Region.updateSettings(c.get("deps"), {
        regionId: c.req.valid("param").regionId,
        expectedVersion: body.version,
        settings: body.settings,
        actor,
      });
      return c.json({ ...summary(r), version: r.version, settings: r.settings }, 200);
    },
  );

/** The directory routes as a mount (api-routes.ts, api-groups.ts). */
export const directoryApi = () => directoryRoutes;
