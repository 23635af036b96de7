/** The lead's controls as JSON: the board, step and task actions, peer-review assignments. */
import { createRoute, z, OpenAPIHono, type RouteHandler } from "@hono/zod-openapi";
import { Access, Assignments, Cycle, Region, Review, ValidationError, Workflow } from "@riia/core";
import type { AppEnv } from "../../context";
import { CycleId } from "./reference-schemas";
import { managed } from "../lead/http";
import { stepAction, taskAction } from "../lead/controls";

const Step = z.enum(Region.STEPS).openapi({ param: { name: "step", in: "path" } });
const ReviewStepParam = z.enum(Assignments.ReviewStep.options).openapi({ param: { name: "step", in: "path" } });
const ok = (description: string, schema: z.ZodType = z.object({ ok: z.literal(true) })) => ({
  200: { description, content: { "application/json": { schema } } },
});
const problems = {
  400: { description: "Not valid, or a guard refused it" },
  401: { description: "Not signed in" },
  403: { description: "Not allowed for this role" },
  409: { description: "Not possible in the current state" },
};
const secured = [{ appSecret: [] }];
const Message = z.object({ message: z.string() });
const Swap = z.object({ reviewee: z.string(), from: z.string(), to: z.string() });

const boardRoute = createRoute({
  method: "get",
  path: "/api/cycles/{cycleId}/board",
  tags: ["Cycles"],
  security: secured,
  summary: "Every LA × step with its task status (LA contacts see only their LA)",
  request: { params: z.object({ cycleId: CycleId }) },
  responses: {
    ...ok(
      "The board",
      z.object({
        cycleId: z.string(),
        rows: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            steps: z.record(
              z.string(),
              z.object({
                status: z.string(),
                deadline: z.string(),
                late: z.boolean(),
                submissionId: z.string().optional(),
              }),
            ),
          }),
        ),
      }),
    ),
    ...problems,
  },
});

const stepRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/steps/{step}/{action}",
  tags: ["Cycles"],
  security: secured,
  summary: "Open a step now, advance (close it and open the next), close it, or send its reminders now (regional lead)",
  request: {
    params: z.object({
      cycleId: CycleId,
      step: Step,
      action: z.enum(["open", "advance", "close", "remind"]).openapi({ param: { name: "action", in: "path" } }),
    }),
    body: {
      required: false,
      content: { "application/json": { schema: z.object({ reason: z.string().max(500).optional() }) } },
    },
  },
  responses: { ...ok("Done", Message), ...problems },
});

const taskRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/tasks/{step}/{code}",
  tags: ["Cycles"],
  security: secured,
  summary: "Extend one LA's deadline, or waive its task (regional lead)",
  request: {
    params: z.object({
      cycleId: CycleId,
      step: Step,
      code: z
        .string()
        .regex(/^E\d{8}$/)
        .openapi({ param: { name: "code", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            action: z.enum(["extend", "waive"]),
            deadline: z.iso.date().optional(),
            reason: z.string().max(500).optional(),
          }),
        },
      },
    },
  },
  responses: { ...ok("Done", Message), ...problems },
});

const assignmentsRoute = createRoute({
  method: "get",
  path: "/api/cycles/{cycleId}/assignments/{step}",
  tags: ["Cycles"],
  security: secured,
  summary: "Peer-review assignments of a step, with reserves",
  request: { params: z.object({ cycleId: CycleId, step: ReviewStepParam }) },
  responses: {
    ...ok(
      "The assignments",
      z.object({
        assignments: z.array(
          z.object({
            id: z.string(),
            reviewer: z.string(),
            reviewee: z.string(),
            rank: z.number(),
            status: z.string(),
          }),
        ),
      }),
    ),
    ...problems,
  },
});

const assignmentActionRoute = createRoute({
  method: "post",
  path: "/api/cycles/{cycleId}/assignments/{step}/{action}",
  tags: ["Cycles"],
  security: secured,
  summary: "Propose (solve), swap one reviewer, or send the assignments (regional lead)",
  request: {
    params: z.object({
      cycleId: CycleId,
      step: ReviewStepParam,
      action: z.enum(["propose", "swap", "send"]).openapi({ param: { name: "action", in: "path" } }),
    }),
    body: { required: false, content: { "application/json": { schema: Swap.partial() } } },
  },
  responses: { ...ok("Done", Message), ...problems },
});

const board: RouteHandler<typeof boardRoute, AppEnv> = async (c) => {
  const deps = c.get("deps");
  const cycle = await Cycle.get(deps, c.req.valid("param").cycleId);
  const who = c.get("principal");
  const lead = Access.can(who, "read-region", { regionId: cycle.regionId });
  const own = who?.kind === "person" && !lead ? who.authority : undefined;
  Access.require(who, "read-authority", { regionId: cycle.regionId, authority: own });
  const b = await Workflow.board(deps, cycle.id, own);
  return c.json({ cycleId: cycle.id, rows: b.rows }, 200);
};

const stepControl: RouteHandler<typeof stepRoute, AppEnv> = async (c) => {
  const { cycleId, step, action } = c.req.valid("param");
  const { actor } = await managed(c, cycleId);
  // The body is optional, so it is read leniently: anything but a valid reason counts as none.
  const body = z.object({ reason: z.string().max(500).optional() }).safeParse(await c.req.json().catch(() => ({})));
  const reason = body.success ? body.data.reason : undefined;
  return c.json({ message: await stepAction(c.get("deps"), cycleId, step, action, reason, actor) }, 200);
};

const taskControl: RouteHandler<typeof taskRoute, AppEnv> = async (c) => {
  const { cycleId, step, code } = c.req.valid("param");
  const { actor } = await managed(c, cycleId);
  return c.json({ message: await taskAction(c.get("deps"), cycleId, step, code, c.req.valid("json"), actor) }, 200);
};

const assignments: RouteHandler<typeof assignmentsRoute, AppEnv> = async (c) => {
  const { cycleId, step } = c.req.valid("param");
  const cycle = await Cycle.get(c.get("deps"), cycleId);
  Access.require(c.get("principal"), "read-region", { regionId: cycle.regionId });
  const list = await Assignments.listForStep(c.get("deps"), cycleId, step);
  const rows = list.map(({ id, reviewer, reviewee, rank, status }) => ({ id, reviewer, reviewee, rank, status }));
  return c.json({ assignments: rows }, 200);
};

const assignmentAction: RouteHandler<typeof assignmentActionRoute, AppEnv> = async (c) => {
  const { cycleId, step, action } = c.req.valid("param");
  const { actor } = await managed(c, cycleId);
  const deps = c.get("deps");
  if (action === "propose") {
    const { pairs } = await Review.proposeAssignments(deps, { cycleId, step, actor });
    return c.json({ message: `Proposed ${pairs.length} assignments` }, 200);
  }
  if (action === "send")
    return c.json({ message: `Sent ${await Review.sendAssignments(deps, { cycleId, step, actor })} assignments` }, 200);
  const body = Swap.safeParse(await c.req.json().catch(() => ({})));
  if (!body.success)
    throw new ValidationError(
      "Say which reviewer to swap.",
      body.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  await Review.swap(deps, { cycleId, step, ...body.data, actor });
  return c.json({ message: "Swapped" }, 200);
};

export function registerLeadControls(api: OpenAPIHono<AppEnv>) {
  api.openapi(boardRoute, board);
  api.openapi(stepRoute, stepControl);
  api.openapi(taskRoute, taskControl);
  api.openapi(assignmentsRoute, assignments);
  api.openapi(assignmentActionRoute, assignmentAction);
}

/** The lead's controls as a mount of their own (api-routes.ts, api-groups.ts). */
export function leadControlsApi() {
  const api = new OpenAPIHono<AppEnv>();
  registerLeadControls(api);
  return api;
}
