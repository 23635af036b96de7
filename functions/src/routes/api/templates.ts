/** Publishing a region's customised form template. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Region, Submission, Templates, ValidationError } from "@riia/core";
import { checkTemplate } from "@riia/forms";
import type { AppEnv } from "../../context";
import { problem, json, RegionId, secured, allow } from "./common";

export const templatesRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "post",
    path: "/api/regions/{regionId}/templates/{form}",
    tags: ["Forms"],
    security: secured,
    summary: "Publish a region's customised version of a form template",
    description:
      "The definition is checked first; a template with mistakes is refused with a list of what is wrong. New submissions start on the published version; submissions already started keep theirs.",
    request: {
      params: z.object({
        regionId: RegionId,
        form: z.enum(Submission.FormKind.options).openapi({ param: { name: "form", in: "path" } }),
      }),
      body: {
        required: true,
        content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("TemplateDefinition") } },
      },
    },
    responses: {
      201: json(
        z.object({ regionId: z.string(), form: z.string(), version: z.number().int(), publishedAt: z.string() }),
        "Published",
      ),
      400: problem("The template has mistakes"),
      401: problem("No app secret"),
      404: problem("No such region"),
    },
  }),
  async (c) => {
    const deps = c.get("deps");
    const { regionId, form } = c.req.valid("param");
    await Region.get(deps, regionId);
    const definition = c.req.valid("json");
    const actor = allow(c, "manage-region", { regionId });
    const checked = checkTemplate({ ...definition, kind: definition.kind ?? form, version: 2 });
    if (!checked.ok) throw new ValidationError("The template has mistakes; nothing was published.", checked.problems);
    if (checked.template.kind !== form)
      throw new ValidationError("The template is for another form.", [{ path: "kind", message: `must be "${form}"` }]);
    const stored = await Templates.publish(deps, {
      regionId,
      form,
      definition: checked.template as unknown as Record<string, unknown>,
      actor,
    });
    return c.json({ regionId, form, version: stored.version, publishedAt: stored.publishedAt }, 201);
  },
);

/** Publishing a template as a mount (api-routes.ts, api-groups.ts). */
export const templatesApi = () => templatesRoutes;
