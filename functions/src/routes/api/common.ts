/**
 * What the JSON API's routes share: schemas, pickers and the access check, with the problem and JSON response shapes
 * and the reference schemas of reference-schemas.ts.
 */
import { z } from "@hono/zod-openapi";
import { Access, type Audit, type Cycle, ForbiddenError, type People, type Submission } from "@riia/core";
import type { Context } from "hono";
import type { AppEnv } from "../../context";
import { Actor, FormKind, PhaseState, Role, Step, SubmissionStatus } from "./domain-schemas";
import { pick } from "./reference-schemas";

export * from "./reference-schemas";

export const Person = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    authority: z.string().optional(),
    roles: z.array(Role),
    jobTitle: z.string().optional(),
    version: z.number().int(),
  })
  .openapi("Person");
export const Phase = z
  .object({
    step: Step,
    opensAt: z.string(),
    deadline: z.string(),
    graceDays: z.number(),
    state: PhaseState,
  })
  .openapi("Phase");
export const CycleSchema = z
  .object({
    id: z.string(),
    regionId: z.string(),
    year: z.number().int(),
    version: z.number().int(),
    phases: z.array(Phase),
  })
  .openapi("Cycle");
export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: Actor,
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string(), version: z.number().optional() }),
    authority: z.string().optional(),
    summary: z.string(),
    before: z.record(z.string(), z.unknown()).optional(),
    after: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("AuditEntry");
export const SubmissionSummary = z
  .object({
    id: z.string(),
    authority: z.string(),
    form: FormKind,
    status: SubmissionStatus,
    version: z.number().int(),
    templateVersion: z.number().int(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    reference: z.string().optional(),
  })
  .openapi("SubmissionSummary");

export const Paging = z.object({
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

export const person = (p: People.Person) =>
  pick(p, ["id", "name", "email", "authority", "roles", "jobTitle", "version"]);
export const cycle = (c: Cycle.Cycle) => ({
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
export const inRegion = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  return who?.kind === "person" ? who.authority : undefined;
};
export const leadsOnly = (c: Context<AppEnv>) => {
  const who = c.get("principal");
  if (who?.kind !== "api" && !who?.roles.includes("regional-lead"))
    throw new ForbiddenError("Only regional leads can preview emails.");
};

export const submissionSummary = (s: Submission.Submission) => ({
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
export const audit = (a: Audit.AuditEntry) =>
  pick(a, ["id", "at", "actor", "action", "entity", "authority", "summary", "before", "after"]);

/** Check the caller may do `action` in a region (or for one LA); returns the audit actor. */
export function allow(c: Context<AppEnv>, action: Access.Action, scope: { regionId: string; authority?: string }) {
  const who = c.get("principal");
  Access.require(who, action, scope);
  return Access.actorOf(who!);
}
