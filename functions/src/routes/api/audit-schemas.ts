/** The audit trail's shapes in the JSON API: entries, who made them, and paging. */
import { z } from "@hono/zod-openapi";
import { Audit } from "@riia/core";
import { domainObject } from "./domain-object";
import { pick } from "./reference-schemas";

export const Actor = domainObject<Audit.Actor>(Audit.Actor, "output");
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

export const audit = (a: Audit.AuditEntry) =>
  pick(a, ["id", "at", "actor", "action", "entity", "authority", "summary", "before", "after"]);
