/** Steps 5 and 6 as JSON: derive needs and offers, add an offer, broker, override, the plan, exports. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { Access, Cycle, Submission, Support } from "@riia/core";
import type { Context } from "hono";
import { page, type AppEnv } from "../../context";
import { CycleId } from "./common";

type C = Context<AppEnv>;
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

async function cycleFor(c: C, cycleId: string, action: Access.Action) {
  const cycle = await Cycle.get(c.get("deps"), cycleId);
  const who = c.get("principal");
  Access.require(who, action, { regionId: cycle.regionId });
  return { cycle, actor: Access.actorOf(who!) };
}

export function registerSupport(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/derive",
      tags: ["Support"],
      security: secured,
      summary: "Build needs and offers from the submitted forms",
      request: { params: z.object({ cycleId: CycleId }) },
      responses: { ...ok(z.object({ needs: z.number(), offers: z.number() })), ...problems },
    }),
    async (c) => {
      const { cycle } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      return c.json(await Support.deriveFromSubmissions(c.get("deps"), cycle.id), 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/offers",
      tags: ["Support"],
      security: secured,
      summary: "Add intelligence as an offer (Ofsted focused visit, JTAI, annual conversation, Partners in Practice)",
      request: {
        params: z.object({ cycleId: CycleId }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                authority: z.string(),
                theme: z.string(),
                description: z.string().max(2000),
                format: z.string(),
                capacity: z.number().int(),
                source: z.string(),
              }),
            },
          },
        },
      },
      responses: { ...ok(z.object({ id: z.string() })), ...problems },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      const offer = await Support.addOffer(c.get("deps"), { ...c.req.valid("json"), cycleId: cycle.id, actor });
      return c.json({ id: offer.id }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/broker",
      tags: ["Support"],
      security: secured,
      summary: "Broker needs to offers (exact; keeps overrides and recorded uptake)",
      request: { params: z.object({ cycleId: CycleId }) },
      responses: {
        ...ok(z.object({ matched: z.number(), needs: z.number(), open: z.number(), ms: z.number() })),
        ...problems,
      },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      return c.json(await Support.broker(c.get("deps"), { cycleId: cycle.id, actor }), 200);
    },
  );
  api.openapi(
    createRoute({
      method: "put",
      path: "/api/cycles/{cycleId}/support/brokerage",
      tags: ["Support"],
      security: secured,
      summary: "Override a match by hand, or record uptake",
      request: {
        params: z.object({ cycleId: CycleId }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({
                needId: z.string(),
                offerId: z.string().nullable().optional(),
                status: z.enum(["agreed", "taken-up", "declined"]).optional(),
              }),
            },
          },
        },
      },
      responses: { ...ok(z.object({ ok: z.boolean() })), ...problems },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      const body = c.req.valid("json");
      if (body.status)
        await Support.recordUptake(c.get("deps"), {
          cycleId: cycle.id,
          needId: body.needId,
          status: body.status,
          actor,
        });
      else
        await Support.override(c.get("deps"), {
          cycleId: cycle.id,
          needId: body.needId,
          offerId: body.offerId ?? undefined,
          actor,
        });
      return c.json({ ok: true }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/plan",
      tags: ["Support"],
      security: secured,
      summary: "The regional development plan as it stands (draft)",
      request: { params: z.object({ cycleId: CycleId }) },
      responses: { ...ok(z.record(z.string(), z.unknown())), ...problems },
    }),
    async (c) => {
      const { cycle } = await cycleFor(c, c.req.valid("param").cycleId, "read-region");
      const draft = await c.get("deps").store.get<Support.PlanDraft>({ pk: `PLAN#${cycle.id}`, sk: "DRAFT" });
      return c.json(
        { version: draft?.version ?? 0, ...(await Support.buildPlan(c.get("deps"), cycle.id)) } as Record<
          string,
          unknown
        >,
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: "put",
      path: "/api/cycles/{cycleId}/plan",
      tags: ["Support"],
      security: secured,
      summary: "Edit the plan's narrative and collective responses (send the version you read)",
      request: {
        params: z.object({ cycleId: CycleId }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ version: z.number().int().min(0), edits: z.record(z.string(), z.unknown()) }),
            },
          },
        },
      },
      responses: { ...ok(z.object({ version: z.number() })), ...problems },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      const body = c.req.valid("json");
      const saved = await Support.editPlan(c.get("deps"), {
        cycleId: cycle.id,
        edits: body.edits,
        expectedVersion: body.version,
        actor,
      });
      return c.json({ version: saved.version }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/plan/publish",
      tags: ["Support"],
      security: secured,
      summary: "Publish the plan (versioned) and email it to every DCS and adviser in the region",
      request: { params: z.object({ cycleId: CycleId }) },
      responses: { ...ok(z.object({ version: z.number() })), ...problems },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      return c.json({ version: (await Support.publishPlan(c.get("deps"), { cycleId: cycle.id, actor })).version }, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/exports/{file}",
      tags: ["Exports"],
      security: secured,
      summary: "Export: plan.docx, plan.html, plan.json; menu, needs, brokerage or submissions as .csv or .json",
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
    }),
    async (c) => {
      const deps = c.get("deps");
      const { cycle } = await cycleFor(c, c.req.valid("param").cycleId, "read-region");
      const file = c.req.valid("param").file;
      const [name, ext] = file.split(".") as [string, string];
      const disposition = (f: string) => ({ "content-disposition": `attachment; filename="${cycle.id}-${f}"` });
      const { toCsv, planDocx, planDocument } = await import("@riia/core/plan-document");
      if (name === "plan") {
        const plan = await Support.buildPlan(deps, cycle.id);
        if (ext === "json") return c.json(plan as unknown as Record<string, unknown>, 200);
        if (ext === "html")
          return page(c, "plan.njk", {
            title: "Regional development plan",
            doc: planDocument(plan),
          });
        const docx = await planDocx(plan);
        return c.body(new Uint8Array(docx), 200, {
          "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ...disposition("regional-plan.docx"),
        });
      }
      const data: Record<string, { rows: Record<string, unknown>[]; columns: string[] }> = {
        menu: {
          rows: await Support.offers(deps, cycle.id),
          columns: ["id", "authority", "theme", "description", "format", "capacity", "source", "strength"],
        },
        needs: {
          rows: await Support.needs(deps, cycle.id),
          columns: ["id", "authority", "theme", "priority", "description", "sources"],
        },
        brokerage: {
          rows: await Support.brokerages(deps, cycle.id),
          columns: ["needId", "authority", "theme", "offerId", "provider", "type", "status", "override"],
        },
        submissions: {
          rows: (await Submission.listForCycle(deps, cycle.id)).map((s) => ({
            id: s.id,
            form: s.form,
            authority: s.authority,
            status: s.status,
            version: s.version,
            reference: s.reference,
            submittedAt: s.submittedAt,
            answers: s.answers,
          })),
          columns: ["id", "form", "authority", "status", "version", "reference", "submittedAt", "answers"],
        },
      };
      const { rows, columns } = data[name]!;
      const clean = rows.map((r) => Object.fromEntries(columns.map((k) => [k, r[k]])));
      if (ext === "json") return c.json({ [name]: clean }, 200);
      return c.body(toCsv(clean, columns), 200, {
        "content-type": "text/csv; charset=utf-8",
        ...disposition(`${name}.csv`),
      });
    },
  );
}
