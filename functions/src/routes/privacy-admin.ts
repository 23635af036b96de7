/**
 * Data protection controls for a region's lead (or the app secret): end a person's sessions,
 * export everything held about them (subject access), erase or anonymise them, and review the
 * inbound mail held in quarantine with the reason. Every change is audited by the domain.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { Access, NotFoundError, People, Retention, type Deps } from "@riia/core";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import { RegionId, secured } from "./api/reference-schemas";
import { requirePrincipal } from "../middleware/auth";

type C = Context<AppEnv>;
const PersonIdParam = z
  .string()
  .regex(/^p-[0-9a-f]{20}$/)
  .openapi({ param: { name: "personId", in: "path" }, example: "p-0123456789abcdef0123" });
const problems = {
  400: { description: "Not valid" },
  401: { description: "Not signed in" },
  403: { description: "Not allowed for this role" },
  404: { description: "Not found" },
};
const ok = <T extends z.ZodType>(schema: T, description = "Done") => ({
  200: { description, content: { "application/json": { schema } } },
});

/** The person, if the caller manages their region (people in other regions are simply not found). */
async function managedPerson(c: C, personId: string) {
  const deps: Deps = c.get("deps");
  const person = await People.get(deps, personId);
  const who = c.get("principal");
  if (!Access.can(who, "manage-region", { regionId: person.regionId }))
    throw new NotFoundError("There is no such person.");
  return { person, actor: Access.actorOf(who!) };
}

const revokeSessions = createRoute({
  method: "post",
  path: "/api/privacy/people/{personId}/sessions/revoke",
  tags: ["Privacy"],
  security: secured,
  summary: "End every session a person has, at once (regional lead of their region)",
  request: { params: z.object({ personId: PersonIdParam }) },
  responses: { ...ok(z.object({ ended: z.number().int() })), ...problems },
});

const exportPerson = createRoute({
  method: "get",
  path: "/api/privacy/people/{personId}/export",
  tags: ["Privacy"],
  security: secured,
  summary: "Subject access: everything held about a person, as JSON",
  request: { params: z.object({ personId: PersonIdParam }) },
  responses: { ...ok(z.record(z.string(), z.unknown()), "What is held"), ...problems },
});

const erasePerson = createRoute({
  method: "post",
  path: "/api/privacy/people/{personId}/erase",
  tags: ["Privacy"],
  security: secured,
  summary: "Erase a person who has left: contact details removed, records they made anonymised, audit kept",
  request: {
    params: z.object({ personId: PersonIdParam }),
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ reason: z.string().trim().min(3).max(500) }) } },
    },
  },
  responses: { ...ok(z.object({ erased: z.string(), removed: z.record(z.string(), z.number()) })), ...problems },
});

const listQuarantine = createRoute({
  method: "get",
  path: "/api/privacy/regions/{regionId}/quarantine",
  tags: ["Privacy"],
  security: secured,
  summary: "Inbound mail held in quarantine (not recorded), with the reason, newest first",
  request: { params: z.object({ regionId: RegionId }) },
  responses: { ...ok(z.object({ messages: z.array(z.record(z.string(), z.unknown())) })), ...problems },
});

const getSchedule = createRoute({
  method: "get",
  path: "/api/privacy/schedule",
  tags: ["Privacy"],
  summary: "How long each kind of record is kept, and how that is enforced (for the privacy notice)",
  responses: { ...ok(z.object({ schedule: z.array(z.record(z.string(), z.unknown())) })) },
});

/** A person's sessions, data and erasure (regional lead of their region). */
function personRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(revokeSessions, async (c) => {
    const { person, actor } = await managedPerson(c, c.req.valid("param").personId);
    return c.json({ ended: await Retention.revokeSessions(c.get("deps"), person, actor) }, 200);
  });
  app.openapi(exportPerson, async (c) => {
    const { person, actor } = await managedPerson(c, c.req.valid("param").personId);
    c.header("Cache-Control", "no-store");
    return c.json(await Retention.exportPerson(c.get("deps"), person, actor), 200);
  });
  app.openapi(erasePerson, async (c) => {
    const { person, actor } = await managedPerson(c, c.req.valid("param").personId);
    const result = await Retention.erasePerson(c.get("deps"), person, { reason: c.req.valid("json").reason, actor });
    return c.json(result, 200);
  });
}

function quarantineAndScheduleRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listQuarantine, async (c) => {
    const { regionId } = c.req.valid("param");
    Access.require(c.get("principal"), "manage-region", { regionId });
    return c.json({ messages: await Retention.quarantined(c.get("deps"), regionId) }, 200);
  });
  app.openapi(getSchedule, (c) => c.json({ schedule: Retention.SCHEDULE.map((r) => ({ ...r })) }, 200));
}

export function privacyAdminRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.use("/api/privacy/*", requirePrincipal);
  personRoutes(app);
  quarantineAndScheduleRoutes(app);
  return app;
}
