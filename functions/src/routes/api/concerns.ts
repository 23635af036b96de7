/** Concerns in the JSON API: `listConcerns`, a region's concerns under the MoU with their evidence and steps. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Access, Concerns } from "@riia/core";
import type { AppEnv } from "../../context";
import { requirePrincipal } from "../../middleware/auth";
import { pick, RegionId, secured } from "./reference-schemas";

const Item = z.object({
  id: z.string(),
  authority: z.string(),
  authorityName: z.string(),
  themes: z.array(z.string()),
  source: z.string(),
  quarter: z.string().optional(),
  evidence: z.array(z.string()),
  status: z.string(),
  level: z.number(),
  openedAt: z.string(),
  respondBy: z.string(),
  outcome: z.string().optional(),
  history: z.array(z.object({ at: z.string(), action: z.string(), by: z.string(), note: z.string().optional() })),
});
const listConcerns = createRoute({
  method: "get",
  path: "/api/regions/{regionId}/concerns",
  operationId: "listConcerns",
  tags: ["Concerns"],
  security: secured,
  summary: "A region's concerns under the MoU, newest first, with their evidence and every step",
  request: {
    params: z.object({
      regionId: RegionId,
    }),
  },
  responses: {
    200: {
      description: "Concerns",
      content: { "application/json": { schema: z.object({ concerns: z.array(Item) }) } },
    },
    401: { description: "Not signed in" },
    403: { description: "Not allowed" },
  },
});

function register(app: OpenAPIHono<AppEnv>) {
  app.use("/api/regions/:regionId/concerns", requirePrincipal);
  app.openapi(listConcerns, async (c) => {
    const { regionId } = c.req.valid("param");
    Access.require(c.get("principal"), "read-region", { regionId });
    const list = await Concerns.list(c.get("deps"), regionId);
    return c.json(
      {
        concerns: list
          .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
          .map((c) => ({
            ...pick(c, [
              "id",
              "authority",
              "authorityName",
              "themes",
              "source",
              "quarter",
              "evidence",
              "status",
              "level",
              "openedAt",
              "respondBy",
              "outcome",
            ]),
            history: c.history.map((h) => ({ ...h, note: h.note ?? undefined })),
          })),
      },
      200,
    );
  });
}

export function concernApiRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  register(app);
  return app;
}
