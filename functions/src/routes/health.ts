import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { checkHealth } from "@riia/core";
import type { AppEnv } from "../context";

const Dependency = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({ table: Dependency, bucket: Dependency, mailer: Dependency }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  summary: "Whether the table, bucket and mailer answer",
  responses: {
    200: { description: "Every dependency answered", content: { "application/json": { schema: Health } } },
    503: { description: "At least one dependency did not answer", content: { "application/json": { schema: Health } } },
  },
});

export function healthRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
    const report = await checkHealth(c.get("deps"));
    const body = { status: report.ok ? ("ok" as const) : ("degraded" as const), checks: report.checks };
    c.header("Cache-Control", "no-store");
    return report.ok ? c.json(body, 200) : c.json(body, 503);
  });
}
