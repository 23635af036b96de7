/**
 * A domain object schema at the API's edge, documented from the domain's own schema when the document is generated.
 * Its own module so that each API module embedding one loads only the domain it names (reference-schemas.ts,
 * domain-schemas.ts).
 */
import { z } from "@hono/zod-openapi";

type DomainSchema<T> = {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } };
};
type Issue = { path: PropertyKey[]; message: string };

/** zod's JSON Schema of a domain schema, as an OpenAPI 3.1 schema object (the same JSON Schema dialect). */
function documentOf(schema: z.core.$ZodType, io: "input" | "output"): Record<string, unknown> {
  // Through JSON: the result also carries zod's Standard Schema hooks, which are not part of a document.
  const doc = JSON.parse(JSON.stringify(z.toJSONSchema(schema, { io, unrepresentable: "any" }))) as Record<
    string,
    unknown
  >;
  delete doc.$schema;
  return doc;
}

/** Each edge schema with the domain schema that documents it, filled in by `documentDomainSchemas`. */
const undocumented: [z.ZodType, z.core.$ZodType, "input" | "output"][] = [];

/**
 * A domain object schema at the API's edge: each of the domain schema's issues is reported at its own path (so a
 * problem names `settings.themes.0.label`), and the document shows exactly what the domain accepts.
 */
export function domainObject<T>(schema: DomainSchema<T> & z.core.$ZodType, io: "input" | "output") {
  const edge = z
    .custom<T>((value) => value !== undefined)
    .superRefine((value, ctx) => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path.map(String) });
    });
  undocumented.push([edge, schema, io]);
  return edge;
}

/**
 * Give the edge schemas their documentation, when the OpenAPI document is generated (at build time, or on request
 * run from source): a function serving the generated file never pays for making JSON Schemas at start.
 */
export function documentDomainSchemas() {
  for (const [edge, schema, io] of undocumented) z.globalRegistry.add(edge, documentOf(schema, io));
}
