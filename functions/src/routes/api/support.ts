/** Steps 5 and 6 as JSON: derive needs and offers, add an offer, broker, override, the plan, exports. */
import { createRoute, z, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { Access, Cycle, Impact, Support } from "@riia/core";
import type { Context } from "hono";
import { page, type AppEnv } from "../../context";
import { CycleId } from "./reference-schemas";
import { supportTable } from "./support-exports";

const secured = [{ appSecret: [] }];
const problems = {
  400: { description: "Not valid" },
  401: { description: "Not signed in" },
  403: { description: "Not allowed for this role" },
  404: { description: "Not found" },
  409: { description: "Changed by someone else" },
};
const ok = <T extends z.ZodType>(schema: T, description = "Done") => ({
  200: { description, content: { "application/json": { schema } } },
});
const params = z.object({ cycleId: CycleId });
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** The cycle in the path (validated by the route), when the caller may do `action` in its region; and the actor. */
async function cycleFor(c: Context<AppEnv>, action: Access.Action) {
  const cycle = await Cycle.get(c.get("deps"), c.req.param("cycleId")!);
  const who = c.get("principal");
  Access.require(who, action, { regionId: cycle.regionId });
  return { cycle, actor: Access.actorOf(who!) };
}
const managing = (c: Context<AppEnv>) => cycleFor(c, "manage-region");
const reading = (c: Context<AppEnv>) => cycleFor(c, "read-region");

const deriveRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/support/derive",
  tags: ["Support"],
  security: secured,
  summary: "Build needs and offers from the submitted forms",
  request: { params },
  responses: { ...ok(z.object({ needs: z.number(), offers: z.number() })), ...problems },
});

const offerRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/support/offers",
  tags: ["Support"],
  security: secured,
  summary: "Add intelligence as an offer (Ofsted focused visit, JTAI, annual conversation, Partners in Practice)",
  request: {
    params,
    body: jsonBody(
      z.object({
        authority: z.string(),
        theme: z.string(),
        description: z.string().max(2000),
        format: z.string(),
        capacity: z.number().int(),
        source: z.string(),
      }),
    ),
  },
  responses: { ...ok(z.object({ id: z.string() })), ...problems },
});

const brokerRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/support/broker",
  tags: ["Support"],
  security: secured,
  summary: "Broker needs to offers (exact; keeps overrides and recorded uptake)",
  request: { params },
  responses: {
    ...ok(z.object({ matched: z.number(), needs: z.number(), open: z.number(), ms: z.number() })),
    ...problems,
  },
});

const brokerageRoute = createRoute({
  method: "put",
  path: "/api/cycles/{cycleId}/support/brokerage",
  tags: ["Support"],
  security: secured,
  summary: "Override a match by hand, or record uptake",
  request: {
    params,
    body: jsonBody(
      z.object({
        needId: z.string(),
        offerId: z.string().nullable().optional(),
        status: z.enum(["agreed", "taken-up", "declined"]).optional(),
      }),
    ),
  },
  responses: { ...ok(z.object({ ok: z.boolean() })), ...problems },
});

const planRoute = createRoute({
  method: "get",
  path: "/api/cycles/{cycleId}/plan",
  tags: ["Support"],
  security: secured,
  summary: "The regional development plan as it stands (draft)",
  request: { params },
  responses: { ...ok(z.record(z.string(), z.unknown())), ...problems },
});

const editPlanRoute = createRoute({
  method: "put",
  path: "/api/cycles/{cycleId}/plan",
  tags: ["Support"],
  security: secured,
  summary: "Edit the plan's narrative and collective responses (send the version you read)",
  request: {
    params,
    body: jsonBody(z.object({ version: z.number().int().min(0), edits: z.record(z.string(), z.unknown()) })),
  },
  responses: { ...ok(z.object({ version: z.number() })), ...problems },
});

const publishRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/plan/publish",
  tags: ["Support"],
  security: secured,
  summary:
    "Publish the plan (versioned) and email it to every DCS and adviser in the region; before the regional-plan step opens, only with a reason",
  request: {
    params,
    query: z.object({
      reason: z.string().max(2000).optional().openapi({ description: "Why publish before the regional-plan step" }),
      note: z.string().max(2000).optional().openapi({ description: "What changed from the version it supersedes" }),
    }),
  },
  responses: { ...ok(z.object({ version: z.number() })), ...problems },
});

const exportRoute = createRoute({
  method: "get",
  path: "/api/cycles/{cycleId}/exports/{file}",
  tags: ["Exports"],
  security: secured,
  summary:
    "Export: plan.docx, plan.html, plan.json; menu, needs, brokerage or submissions as .csv or .json (submissions.csv has one column per question)",
  request: {
    params: z.object({
      cycleId: CycleId,
      file: z
        .string()
        .regex(
          /^(plan\.(docx|html|json)|(menu|needs|brokerage|submissions)\.(csv|json))$/,
          "one of plan.docx, plan.html, plan.json, menu.csv, needs.json, …",
        )
        .openapi({ param: { name: "file", in: "path" }, example: "plan.docx" }),
    }),
  },
  responses: { 200: { description: "The file" }, ...problems },
});

const derive: RouteHandler<typeof deriveRoute, AppEnv> = async (c) => {
  const { cycle } = await managing(c);
  return c.json(await Support.deriveFromSubmissions(c.get("deps"), cycle.id), 200);
};

const addOffer: RouteHandler<typeof offerRoute, AppEnv> = async (c) => {
  const { cycle, actor } = await managing(c);
  const offer = await Support.addOffer(c.get("deps"), { ...c.req.valid("json"), cycleId: cycle.id, actor });
  return c.json({ id: offer.id }, 200);
};

const broker: RouteHandler<typeof brokerRoute, AppEnv> = async (c) => {
  const { cycle, actor } = await managing(c);
  return c.json(await Support.broker(c.get("deps"), { cycleId: cycle.id, actor }), 200);
};

const brokerage: RouteHandler<typeof brokerageRoute, AppEnv> = async (c) => {
  const { cycle, actor } = await managing(c);
  const { needId, offerId, status } = c.req.valid("json");
  if (status) await Support.recordUptake(c.get("deps"), { cycleId: cycle.id, needId, status, actor });
  else await Support.override(c.get("deps"), { cycleId: cycle.id, needId, offerId: offerId ?? undefined, actor });
  return c.json({ ok: true }, 200);
};

const plan: RouteHandler<typeof planRoute, AppEnv> = async (c) => {
  const { cycle } = await reading(c);
  const draft = await c.get("deps").store.get<Support.PlanDraft>({ pk: `PLAN#${cycle.id}`, sk: "DRAFT" });
  const built = await Support.buildPlan(c.get("deps"), cycle.id);
  return c.json({ version: draft?.version ?? 0, ...built } as Record<string, unknown>, 200);
};

const editPlan: RouteHandler<typeof editPlanRoute, AppEnv> = async (c) => {
  const { cycle, actor } = await managing(c);
  const { edits, version } = c.req.valid("json");
  const saved = await Support.editPlan(c.get("deps"), { cycleId: cycle.id, edits, expectedVersion: version, actor });
  return c.json({ version: saved.version }, 200);
};

const publish: RouteHandler<typeof publishRoute, AppEnv> = async (c) => {
  const { cycle, actor } = await managing(c);
  const { reason, note } = c.req.valid("query");
  const plan = await Impact.workingPlan(c.get("deps"), cycle.id, c.get("deps").clock.now());
  const published = await Support.publishPlan(c.get("deps"), { cycleId: cycle.id, actor, reason, note, plan });
  return c.json({ version: published.version }, 200);
};

async function planFile(c: Context<AppEnv>, cycle: Cycle.Cycle, ext: string) {
  const { planDocx, planDocument } = await import("@riia/core/plan-document");
  const built = await Impact.workingPlan(c.get("deps"), cycle.id, c.get("deps").clock.now());
  if (ext === "json") return c.json(built as unknown as Record<string, unknown>, 200);
  if (ext === "html") return page(c, "plan.njk", { title: "Regional development plan", doc: planDocument(built) });
  return c.body(new Uint8Array(await planDocx(built)), 200, {
    "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "content-disposition": `attachment; filename="${cycle.id}-regional-plan.docx"`,
  });
}

const exportFile: RouteHandler<typeof exportRoute, AppEnv> = async (c) => {
  const { cycle } = await reading(c);
  const [name, ext] = c.req.valid("param").file.split(".") as [string, string];
  if (name === "plan") return planFile(c, cycle, ext);
  const { rows, columns } = await supportTable(c.get("deps"), name, cycle, ext);
  const clean = rows.map((r) => Object.fromEntries(columns.map((k) => [k, r[k]])));
  if (ext === "json") return c.json({ [name]: clean }, 200);
  const { toCsv } = await import("@riia/core/plan-document");
  return c.body(toCsv(clean, columns), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${cycle.id}-${name}.csv"`,
  });
};

export function registerSupport(api: OpenAPIHono<AppEnv>) {
  api.openapi(deriveRoute, derive);
  api.openapi(offerRoute, addOffer);
  api.openapi(brokerRoute, broker);
  api.openapi(brokerageRoute, brokerage);
  api.openapi(planRoute, plan);
  api.openapi(editPlanRoute, editPlan);
  api.openapi(publishRoute, publish);
  api.openapi(exportRoute, exportFile);
}

/** Steps 5 and 6 as a mount of their own (api-routes.ts, api-groups.ts). */
export function supportApi() {
  const api = new OpenAPIHono<AppEnv>();
  registerSupport(api);
  return api;
}
