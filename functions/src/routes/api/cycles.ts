/** A region's cycles, a cycle's submissions, and reopening a submitted form. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Access, Cycle, Region, Submission } from "@riia/core";
import type { AppEnv } from "../../context";
import { FormKind } from "./domain-schemas";
import {
  problem,
  json,
  CycleSchema,
  SubmissionSummary,
  RegionId,
  CycleId,
  secured,
  cycle,
  inRegion,
  submissionSummary,
  allow,
} from "./common";

export const cyclesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}/cycles",
      tags: ["Cycles"],
      security: secured,
      summary: "A region's cycles, newest first",
      request: { params: z.object({ regionId: RegionId }) },
      responses: {
        200: json(z.object({ cycles: z.array(CycleSchema) }), "The cycles"),
        401: problem("No app secret"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { regionId } = c.req.valid("param");
      await Region.get(deps, regionId);
      allow(c, "read-authority", { regionId, authority: inRegion(c) });
      return c.json({ cycles: (await Cycle.listForRegion(deps, regionId)).map(cycle) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/regions/{regionId}/cycles",
      tags: ["Cycles"],
      security: secured,
      summary: "Create a region's cycle for a year from its calendar",
      request: {
        params: z.object({ regionId: RegionId }),
        body: {
          required: true,
          content: { "application/json": { schema: z.object({ year: z.number().int().min(2020).max(2100) }) } },
        },
      },
      responses: {
        201: json(CycleSchema, "Created"),
        400: problem("Invalid year"),
        401: problem("No app secret"),
        409: problem("Already exists"),
      },
    }),
    async (c) => {
      const actor = allow(c, "manage-region", { regionId: c.req.valid("param").regionId });
      const created = await Cycle.create(c.get("deps"), {
        regionId: c.req.valid("param").regionId,
        year: c.req.valid("json").year,
        actor,
      });
      return c.json(cycle(created), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}",
      tags: ["Cycles"],
      security: secured,
      summary: "One cycle with its steps",
      request: { params: z.object({ cycleId: CycleId }) },
      responses: { 200: json(CycleSchema, "The cycle"), 401: problem("No app secret"), 404: problem("No such cycle") },
    }),
    async (c) => {
      const found = await Cycle.get(c.get("deps"), c.req.valid("param").cycleId);
      allow(c, "read-authority", { regionId: found.regionId, authority: inRegion(c) });
      return c.json(cycle(found), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/submissions",
      tags: ["Cycles"],
      security: secured,
      summary: "The submissions of a cycle",
      request: { params: z.object({ cycleId: CycleId }), query: z.object({ form: FormKind.optional() }) },
      responses: {
        200: json(z.object({ submissions: z.array(SubmissionSummary) }), "The submissions"),
        401: problem("No app secret"),
        404: problem("No such cycle"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { cycleId } = c.req.valid("param");
      const found = await Cycle.get(deps, cycleId);
      const who = c.get("principal");
      const own = Access.can(who, "read-region", { regionId: found.regionId })
        ? undefined
        : who?.kind === "person"
          ? who.authority
          : undefined;
      allow(c, "read-authority", { regionId: found.regionId, authority: own });
      const subs = (await Submission.listForCycle(deps, cycleId, c.req.valid("query").form)).filter(
        (s) => !own || s.authority.split("~")[0] === own,
      );
      return c.json({ submissions: subs.map(submissionSummary) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/submissions/{submissionId}/reopen",
      tags: ["Forms"],
      security: secured,
      summary: "Reopen a submitted form so the LA can change it (its submitted copy stays in the history)",
      request: {
        params: z.object({
          submissionId: z
            .string()
            .max(200)
            .openapi({
              param: { name: "submissionId", in: "path" },
              example: "east-midlands-2026.self-evaluation.E06000015",
            }),
        }),
        body: {
          required: true,
          content: { "application/json": { schema: z.object({ reason: z.string().min(3).max(500) }) } },
        },
      },
      responses: {
        200: json(SubmissionSummary, "Reopened"),
        400: problem("No reason given"),
        401: problem("No app secret"),
        404: problem("No such submission"),
        409: problem("Not submitted, or changed at the same moment"),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").submissionId;
      const existing = await Submission.get(c.get("deps"), id);
      const actor = allow(c, "manage-region", { regionId: existing.regionId });
      const s = await Submission.reopen(c.get("deps"), { id, reason: c.req.valid("json").reason, actor });
      return c.json(submissionSummary(s), 200);
    },
  );

/** The cycle routes as a mount (api-routes.ts, api-groups.ts). */
export const cyclesApi = () => cyclesRoutes;
