/** JSON API for form templates: a region's current definition of a form (what new forms start on). */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Access, Region, Submission } from "@riia/core";
import { FormService } from "@riia/forms";
import type { AppEnv } from "../context";
import { RegionId } from "./api/reference-schemas";
import { requirePrincipal } from "../middleware/auth";

const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional() })
  .openapi("TemplateProblem");
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

const CurrentTemplate = z
  .object({
    regionId: z.string(),
    form: z.string(),
    version: z.number().int(),
    builtIn: z.boolean(),
    publishedAt: z.string().optional(),
    definition: z.record(z.string(), z.unknown()),
  })
  .openapi("CurrentTemplate");

export function apiTemplateRoutes() {
  const api = new OpenAPIHono<AppEnv>();
  api.use("/api/regions/:regionId/templates/*", requirePrincipal);
  api.openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}/templates/{form}",
      tags: ["Forms"],
      security: [{ appSecret: [] }],
      summary: "A region's current definition of a form template (the version new forms start on)",
      request: {
        params: z.object({
          regionId: RegionId,
          form: z.enum(Submission.FormKind.options).openapi({ param: { name: "form", in: "path" } }),
        }),
      },
      responses: {
        200: { description: "The definition", content: { "application/json": { schema: CurrentTemplate } } },
        401: problem("Not signed in and no app secret"),
        403: problem("Not allowed to read this region"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { regionId, form } = c.req.valid("param");
      await Region.get(deps, regionId);
      Access.require(c.get("principal"), "read-region", { regionId });
      const current = await FormService.currentTemplate(deps, regionId, form);
      return c.json(
        {
          regionId,
          form,
          version: current.version,
          builtIn: current.version === 1,
          ...(current.publishedAt ? { publishedAt: current.publishedAt } : {}),
          definition: current.template as unknown as Record<string, unknown>,
        },
        200,
      );
    },
  );
  return api;
}
