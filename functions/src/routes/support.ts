/**
 * Steps 5 and 6 over HTTP: the menu page LAs reach from their emailed link, the lead's brokering
 * and plan controls (JSON API), the published plan as a page, and exports (Word, HTML, CSV, JSON).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Access,
  Cycle,
  ForbiddenError,
  Links,
  NotFoundError,
  People,
  Region,
  Submission,
  Support,
  Tokens,
  type Deps,
} from "@riia/core";
import type { Context } from "hono";
import { checkCsrf, csrfToken } from "../middleware/csrf";
import { page, type AppEnv } from "../context";
import { identify, requirePrincipal } from "../middleware/auth";

type C = Context<AppEnv>;
const CycleIdParam = z
  .string()
  .regex(/^[a-z0-9-]+-\d{4}$/)
  .openapi({ param: { name: "cycleId", in: "path" }, example: "east-midlands-2026" });
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

// ---- the menu from an emailed link

async function menuSession(deps: Deps, token: string) {
  const claims = Tokens.verify(deps.config.appSecret, token, deps.clock.now());
  if (claims.f !== "support-menu") throw new ForbiddenError("This link is not a menu link.");
  const link = Links.check(claims, await deps.store.get<Links.Link>(Links.linkKey(claims.i)));
  const person = await People.get(deps, link.personId);
  if (person.authority !== link.authority)
    throw new ForbiddenError("You are no longer a contact of this local authority; ask your regional lead.");
  return {
    link,
    person,
    cycle: await Cycle.get(deps, link.cycleId),
    authority: await Region.authority(deps, link.authority),
  };
}

async function renderMenu(c: C, token: string, saved = false) {
  const deps = c.get("deps");
  const s = await menuSession(deps, token);
  const [region, offers, interests, brokerages, las] = await Promise.all([
    Region.get(deps, s.cycle.regionId),
    Support.offers(deps, s.cycle.id),
    Support.interests(deps, s.cycle.id),
    Support.brokerages(deps, s.cycle.id),
    Region.authorities(deps, s.cycle.regionId),
  ]);
  const chosen = new Set(interests.filter((i) => i.authority === s.authority.code).map((i) => i.offerId));
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const groups = region.settings.themes
    .map((t) => ({
      theme: t.id,
      label: t.label,
      items: offers
        .filter((o) => o.theme === t.id && o.authority !== s.authority.code)
        .map((o) => {
          const left = o.capacity - brokerages.filter((b) => b.offerId === o.id && b.status !== "declined").length;
          return {
            value: o.id,
            text: `${name(o.authority)}: ${o.description}`,
            hint: {
              text: `${Support.SOLUTION_LABELS[o.format === "group" ? "small-group" : o.format === "visit" ? "deep-dive-visit" : o.format === "practice-sharing" ? "practice-sharing-visit" : "one-to-one"]} · capacity left: ${Math.max(0, left)} of ${o.capacity}`,
            },
            checked: chosen.has(o.id),
          };
        }),
    }))
    .filter((g) => g.items.length);
  c.header("Cache-Control", "no-store");
  return page(c, "menu.njk", {
    title: "Menu of support offers",
    authorityName: s.authority.name,
    regionName: region.name,
    groups,
    saved,
    action: `/m/${token}`,
    csrf: csrfToken(deps, "menu-link", s.link.id),
  });
}

export function supportRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.get("/m/:token", (c) => renderMenu(c, c.req.param("token"), c.req.query("saved") === "1"));
  app.post("/m/:token", async (c) => {
    const deps = c.get("deps");
    const s = await menuSession(deps, c.req.param("token"));
    const body = await c.req.parseBody({ all: true });
    checkCsrf(deps, "menu-link", s.link.id, body.csrf);
    const offerIds = ([] as unknown[]).concat(body.offer ?? []).filter((x): x is string => typeof x === "string");
    await Support.expressInterest(deps, {
      cycleId: s.cycle.id,
      authority: s.authority.code,
      offerIds,
      by: s.person.id,
    });
    return c.redirect(`/m/${c.req.param("token")}?saved=1`, 303);
  });

  // ---- the published plan, for people signed in to the region
  app.use("/plans/*", identify);
  app.get("/plans/:cycleId/:version", async (c) => {
    const who = c.get("principal");
    if (!who) return c.redirect("/sign-in", 303);
    const deps = c.get("deps");
    const cycle = await Cycle.get(deps, c.req.param("cycleId"));
    Access.require(who, "read-authority", {
      regionId: cycle.regionId,
      authority: who.kind === "person" ? who.authority : undefined,
    });
    const published = (await Support.publishedVersions(deps, cycle.id)).find(
      (p) => String(p.version) === c.req.param("version"),
    );
    if (!published) throw new NotFoundError("There is no such version of the plan.");
    return page(c, "plan.njk", {
      title: "Regional development plan",
      plan: published.plan,
      version: published.version,
      introduction: published.plan.introduction.split(/\n+/).filter(Boolean),
    });
  });

  // ---- the lead's controls and exports (JSON API)
  app.use("/api/cycles/*", requirePrincipal);
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/derive",
      tags: ["Support"],
      security: secured,
      summary: "Build needs and offers from the submitted forms",
      request: { params: z.object({ cycleId: CycleIdParam }) },
      responses: { ...ok(z.object({ needs: z.number(), offers: z.number() })), ...problems },
    }),
    async (c) => {
      const { cycle } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      return c.json(await Support.deriveFromSubmissions(c.get("deps"), cycle.id), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/offers",
      tags: ["Support"],
      security: secured,
      summary: "Add intelligence as an offer (Ofsted focused visit, JTAI, annual conversation, Partners in Practice)",
      request: {
        params: z.object({ cycleId: CycleIdParam }),
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
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/support/broker",
      tags: ["Support"],
      security: secured,
      summary: "Broker needs to offers (exact; keeps overrides and recorded uptake)",
      request: { params: z.object({ cycleId: CycleIdParam }) },
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
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/cycles/{cycleId}/support/brokerage",
      tags: ["Support"],
      security: secured,
      summary: "Override a match by hand, or record uptake",
      request: {
        params: z.object({ cycleId: CycleIdParam }),
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
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/plan",
      tags: ["Support"],
      security: secured,
      summary: "The regional development plan as it stands (draft)",
      request: { params: z.object({ cycleId: CycleIdParam }) },
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
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/cycles/{cycleId}/plan",
      tags: ["Support"],
      security: secured,
      summary: "Edit the plan's narrative and collective responses (send the version you read)",
      request: {
        params: z.object({ cycleId: CycleIdParam }),
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
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/cycles/{cycleId}/plan/publish",
      tags: ["Support"],
      security: secured,
      summary: "Publish the plan (versioned) and email it to every DCS and adviser in the region",
      request: { params: z.object({ cycleId: CycleIdParam }) },
      responses: { ...ok(z.object({ version: z.number() })), ...problems },
    }),
    async (c) => {
      const { cycle, actor } = await cycleFor(c, c.req.valid("param").cycleId, "manage-region");
      return c.json({ version: (await Support.publishPlan(c.get("deps"), { cycleId: cycle.id, actor })).version }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/exports/{file}",
      tags: ["Exports"],
      security: secured,
      summary: "Export: plan.docx, plan.html, plan.json; menu, needs, brokerage or submissions as .csv or .json",
      request: {
        params: z.object({
          cycleId: CycleIdParam,
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
      const { toCsv, planDocx } = await import("@riia/core/plan-document");
      if (name === "plan") {
        const plan = await Support.buildPlan(deps, cycle.id);
        if (ext === "json") return c.json(plan as unknown as Record<string, unknown>, 200);
        if (ext === "html")
          return page(c, "plan.njk", {
            title: "Regional development plan",
            plan,
            introduction: plan.introduction.split(/\n+/).filter(Boolean),
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
  return app;
}
