import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  Access,
  Audit,
  Cycle,
  Emails,
  ForbiddenError,
  People,
  Region,
  Submission,
  Templates,
  ValidationError,
} from "@riia/core";
import type { Context } from "hono";
import { checkTemplate } from "@riia/forms";
import type { AppEnv } from "../context";
import { requirePrincipal } from "../middleware/auth";

const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const RegionSummary = z
  .object({ id: z.string(), name: z.string(), riia: z.string(), onsCode: z.string(), authorityCount: z.number().int() })
  .openapi("RegionSummary");
const RegionDetail = RegionSummary.extend({ version: z.number().int(), settings: Region.RegionSettings }).openapi(
  "Region",
);
const Authority = z
  .object({
    code: z.string(),
    name: z.string(),
    regionId: z.string(),
    statisticalNeighbours: z.array(z.string()).optional(),
  })
  .openapi("Authority");
const Person = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    authority: z.string().optional(),
    roles: z.array(Region.Role),
    jobTitle: z.string().optional(),
    version: z.number().int(),
  })
  .openapi("Person");
const Phase = z
  .object({
    step: Region.Step,
    opensAt: z.string(),
    deadline: z.string(),
    graceDays: z.number(),
    state: Cycle.PhaseState,
  })
  .openapi("Phase");
const CycleSchema = z
  .object({
    id: z.string(),
    regionId: z.string(),
    year: z.number().int(),
    version: z.number().int(),
    phases: z.array(Phase),
  })
  .openapi("Cycle");
const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: Audit.Actor,
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string(), version: z.number().optional() }),
    authority: z.string().optional(),
    summary: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("AuditEntry");
const SubmissionSummary = z
  .object({
    id: z.string(),
    authority: z.string(),
    form: Submission.FormKind,
    status: Submission.Status,
    version: z.number().int(),
    templateVersion: z.number().int(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    reference: z.string().optional(),
  })
  .openapi("SubmissionSummary");

const RegionId = z
  .string()
  .regex(/^[a-z0-9-]{2,60}$/)
  .openapi({ param: { name: "regionId", in: "path" }, example: "east-midlands" });
const Code = z
  .string()
  .regex(/^E\d{8}$/, "an ONS code like E06000015")
  .openapi({ param: { name: "code", in: "path" }, example: "E06000015" });
const CycleId = z
  .string()
  .regex(/^[a-z0-9-]+-\d{4}$/)
  .openapi({ param: { name: "cycleId", in: "path" }, example: "east-midlands-2026" });
const Paging = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: "limit", in: "query" } }),
  cursor: z
    .string()
    .max(2000)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
});
const secured = [{ appSecret: [] }];

const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<T, K>;
const summary = (r: Region.Region) => pick(r, ["id", "name", "riia", "onsCode", "authorityCount"]);
const authority = (a: Region.Authority) => pick(a, ["code", "name", "regionId", "statisticalNeighbours"]);
const person = (p: People.Person) => pick(p, ["id", "name", "email", "authority", "roles", "jobTitle", "version"]);
const cycle = (c: Cycle.Cycle) => ({
  ...pick(c, ["id", "regionId", "year", "version"]),
  phases: c.phases.map(({ step, opensAt, deadline, graceDays, state }) => ({
    step,
    opensAt,
    deadline,
    graceDays,
    state,
  })),
});
/** A signed-in person's own LA (officers read their region's cycle only through it). */
const inRegion = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  return who?.kind === "person" ? who.authority : undefined;
};
const leadsOnly = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  if (who?.kind !== "api" && !who?.roles.includes("regional-lead"))
    throw new ForbiddenError("Only regional leads can preview emails.");
};

const submissionSummary = (s: Submission.Submission) => ({
  id: s.id,
  authority: s.authority,
  form: s.form,
  status: s.status,
  version: s.version,
  templateVersion: s.templateVersion,
  updatedAt: s.updatedAt,
  ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
  ...(s.reference ? { reference: s.reference } : {}),
});
const audit = (a: Audit.AuditEntry) =>
  pick(a, ["id", "at", "actor", "action", "entity", "authority", "summary", "before", "after"]);

/** Check the caller may do `action` in a region (or for one LA); returns the audit actor. */
function allow(c: Context<AppEnv>, action: Access.Action, scope: { regionId: string; authority?: string }) {
  const who = c.get("principal");
  Access.require(who, action, scope);
  return Access.actorOf(who!);
}

/** The JSON API (documented at /openapi.json). Reference data is public; the rest needs a session or the app secret. */
export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>();

  api.openapi(
    createRoute({
      method: "get",
      path: "/api/regions",
      tags: ["Reference"],
      summary: "The nine regions (RIIAs), each with its number of local authorities",
      responses: { 200: json(z.object({ regions: z.array(RegionSummary) }), "The regions") },
    }),
    async (c) => c.json({ regions: (await Region.list(c.get("deps"))).map(summary) }, 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}",
      tags: ["Reference"],
      summary: "One region with its settings",
      request: { params: z.object({ regionId: RegionId }) },
      responses: { 200: json(RegionDetail, "The region"), 404: problem("No such region") },
    }),
    async (c) => {
      const r = await Region.get(c.get("deps"), c.req.valid("param").regionId);
      return c.json({ ...summary(r), version: r.version, settings: r.settings }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/api/regions/{regionId}/authorities",
      tags: ["Reference"],
      summary: "The local authorities of a region",
      request: { params: z.object({ regionId: RegionId }) },
      responses: {
        200: json(z.object({ authorities: z.array(Authority) }), "The authorities"),
        404: problem("No such region"),
      },
    }),
    async (c) => {
      const deps = c.get("deps");
      const { regionId } = c.req.valid("param");
      await Region.get(deps, regionId);
      return c.json({ authorities: (await Region.authorities(deps, regionId)).map(authority) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/api/authorities/{code}",
      tags: ["Reference"],
      summary: "One local authority",
      request: { params: z.object({ code: Code }) },
      responses: { 200: json(Authority, "The authority"), 404: problem("No such authority") },
    }),
    async (c) => c.json(authority(await Region.authority(c.get("deps"), c.req.valid("param").code)), 200),
  );

  // Everything below needs the app secret.
  api.use("/api/regions/:regionId/people", requirePrincipal);
  api.use("/api/regions/:regionId/contacts", requirePrincipal);
  api.use("/api/regions/:regionId/cycles", requirePrincipal);
  api.use("/api/regions/:regionId/settings", requirePrincipal);
  api.use("/api/regions/:regionId/audit", requirePrincipal);
  api.use("/api/regions/:regionId/templates/*", requirePrincipal);
  api.use("/api/authorities/:code/people", requirePrincipal);
  api.use("/api/authorities/:code/audit", requirePrincipal);
  api.use("/api/cycles/*", requirePrincipal);
  api.use("/api/submissions/*", requirePrincipal);
  api.use("/api/emails/*", requirePrincipal);
  api.use("/api/emails", requirePrincipal);

  api.openapi(
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
  );

  api.openapi(
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
  );

  api.openapi(
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
  );

  api.openapi(
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
              schema: z.object({ version: z.number().int().min(1), settings: Region.RegionSettings }),
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

  api.openapi(
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
  );

  api.openapi(
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
  );

  api.openapi(
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
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/api/cycles/{cycleId}/submissions",
      tags: ["Cycles"],
      security: secured,
      summary: "The submissions of a cycle",
      request: { params: z.object({ cycleId: CycleId }), query: z.object({ form: Submission.FormKind.optional() }) },
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
  );

  api.openapi(
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
        throw new ValidationError("The template is for another form.", [
          { path: "kind", message: `must be "${form}"` },
        ]);
      const stored = await Templates.publish(deps, {
        regionId,
        form,
        definition: checked.template as unknown as Record<string, unknown>,
        actor,
      });
      return c.json({ regionId, form, version: stored.version, publishedAt: stored.publishedAt }, 201);
    },
  );

  api.openapi(
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

  const EmailName = z.enum(Object.keys(Emails.EMAILS) as [Emails.EmailName, ...Emails.EmailName[]]);
  api.openapi(
    createRoute({
      method: "get",
      path: "/api/emails",
      tags: ["Email"],
      security: secured,
      summary: "The emails riia sends",
      responses: {
        200: json(
          z.object({ emails: z.array(z.object({ name: z.string(), subject: z.string() })) }),
          "Each email with its subject for sample data",
        ),
        401: problem("No app secret"),
      },
    }),
    (c) =>
      c.json(
        {
          emails: (leadsOnly(c), Object.keys(Emails.EMAILS) as Emails.EmailName[]).map((name) => ({
            name,
            subject: Emails.render(name, Emails.SAMPLES[name] as never).subject,
          })),
        },
        200,
      ),
  );
  api.openapi(
    createRoute({
      method: "get",
      path: "/api/emails/{name}/preview",
      tags: ["Email"],
      security: secured,
      summary: "Preview an email with sample data (subject, plain text and HTML)",
      request: {
        params: z.object({ name: EmailName.openapi({ param: { name: "name", in: "path" }, example: "invitation" }) }),
      },
      responses: {
        200: json(
          z.object({ name: z.string(), subject: z.string(), text: z.string(), html: z.string() }),
          "The rendered email",
        ),
        401: problem("No app secret"),
      },
    }),
    (c) => {
      leadsOnly(c);
      const name = c.req.valid("param").name;
      return c.json({ name, ...Emails.render(name, Emails.SAMPLES[name] as never) }, 200);
    },
  );

  const auditRoute = <Path extends string, P extends z.ZodObject>(path: Path, params: P, summaryText: string) =>
    createRoute({
      method: "get",
      path,
      tags: ["Audit"],
      security: secured,
      summary: summaryText,
      request: { params, query: Paging },
      responses: {
        200: json(z.object({ entries: z.array(AuditEntry), cursor: z.string().optional() }), "Entries, newest first"),
        401: problem("No app secret"),
      },
    });

  api.openapi(
    auditRoute("/api/cycles/{cycleId}/audit", z.object({ cycleId: CycleId }), "Who changed what in a cycle"),
    async (c) => {
      allow(c, "read-region", { regionId: Cycle.parseCycleId(c.req.valid("param").cycleId).regionId });
      const page = await Audit.listForScope(
        c.get("deps"),
        Audit.cycleScope(c.req.valid("param").cycleId),
        c.req.valid("query"),
      );
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  );
  api.openapi(
    auditRoute(
      "/api/regions/{regionId}/audit",
      z.object({ regionId: RegionId }),
      "Who changed what in a region's settings and contacts",
    ),
    async (c) => {
      allow(c, "read-region", { regionId: c.req.valid("param").regionId });
      const page = await Audit.listForScope(
        c.get("deps"),
        Audit.regionScope(c.req.valid("param").regionId),
        c.req.valid("query"),
      );
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  );
  api.openapi(
    auditRoute("/api/authorities/{code}/audit", z.object({ code: Code }), "Who changed what about one local authority"),
    async (c) => {
      const la = await Region.authority(c.get("deps"), c.req.valid("param").code);
      allow(c, "read-authority", { regionId: la.regionId, authority: la.code });
      const page = await Audit.listForAuthority(c.get("deps"), c.req.valid("param").code, c.req.valid("query"));
      return c.json({ entries: page.items.map(audit), cursor: page.cursor }, 200);
    },
  );

  return api;
}
