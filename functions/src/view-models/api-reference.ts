/**
 * The API reference page (/docs), built on the server from the OpenAPI document generated at build time
 * (openapi-file.ts): every operation under its tag, with its parameters, request body and responses as tables, and
 * the shared schemas at the end. No script, so it reads the same with JavaScript off and weighs what a page should.
 */
import { escapeHtml } from "./labels";

type Json = Record<string, unknown>;
interface Schema {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  example?: unknown;
  description?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
/** One row of a GOV.UK summary list (which stacks on a narrow screen, where a table would scroll sideways). */
type Row = { key: { html: string }; value: { html: string } };
const row = (key: string, value: string): Row => ({ key: { html: key }, value: { html: value } });
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
/** A value's type, whether it is required, and its limits, in one sentence. */
const described = (type: string, required: boolean | undefined, rules: string) =>
  `${type}${required === undefined ? "" : required ? ", required" : ", optional"}${rules ? `. ${escapeHtml(rules.charAt(0).toUpperCase() + rules.slice(1))}.` : ""}`;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const refName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);
const schemaLink = (name: string) => `<a class="govuk-link" href="#schema-${slug(name)}">${escapeHtml(name)}</a>`;

/** A schema's type in words, as HTML (a named schema links to its description below). */
export function typeOf(s: Schema | undefined): string {
  if (!s) return "any";
  if (s.$ref) return schemaLink(refName(s.$ref));
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(" or ");
  if (s.allOf) return s.allOf.map(typeOf).join(" and ");
  if (s.enum) return `one of ${s.enum.map((v) => `<code>${escapeHtml(String(v))}</code>`).join(", ")}`;
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const named = types.map((t) => {
    if (t === "array") return `list of ${typeOf(s.items)}`;
    if (t === "object" && !s.properties && typeof s.additionalProperties === "object")
      return `map of ${typeOf(s.additionalProperties)}`;
    return t === "integer" ? "whole number" : t;
  });
  return named.join(" or ") || "any";
}

/** The limits a value must keep to, in words. */
export function rulesOf(s: Schema | undefined): string {
  if (!s) return "";
  const rules: string[] = [];
  if (s.format) rules.push(`format ${s.format}`);
  if (s.pattern) rules.push(`matches ${s.pattern}`);
  if (s.minimum !== undefined) rules.push(`at least ${s.minimum}`);
  if (s.maximum !== undefined) rules.push(`at most ${s.maximum}`);
  if (s.minLength !== undefined) rules.push(`at least ${s.minLength} characters`);
  if (s.maxLength !== undefined) rules.push(`at most ${s.maxLength} characters`);
  if (s.minItems !== undefined) rules.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) rules.push(`at most ${s.maxItems} items`);
  if (s.default !== undefined) rules.push(`default ${JSON.stringify(s.default)}`);
  if (s.example !== undefined) rules.push(`for example ${JSON.stringify(s.example)}`);
  if (s.description) rules.push(s.description);
  return rules.join("; ");
}

/** An object's fields as summary-list rows, nested objects' fields under dotted names (a few levels deep). */
export function fieldRows(s: Schema | undefined, prefix = "", depth = 0): Row[] {
  const inner = s?.type === "array" || (Array.isArray(s?.type) && s.type.includes("array")) ? s?.items : s;
  if (!inner?.properties || depth > 2) return [];
  return Object.entries(inner.properties).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const own = row(code(path), described(typeOf(field), inner.required?.includes(name) ?? false, rulesOf(field)));
    const nested = field.$ref ? [] : fieldRows(field, `${path}${field.type === "array" ? "[]" : ""}.`, depth + 1);
    return [own, ...nested];
  });
}

const bodySchema = (content: Record<string, { schema?: Schema }> | undefined) => {
  const [type, media] = Object.entries(content ?? {})[0] ?? [];
  return type ? { type, schema: media?.schema } : undefined;
};

function operationModel(method: string, path: string, op: Operation) {
  const body = bodySchema(op.requestBody?.content);
  return {
    id: slug(`${method}-${path}`),
    method: method.toUpperCase(),
    path,
    summary: op.summary ?? "",
    description: op.description,
    secured: (op.security ?? []).length > 0,
    parameters: (op.parameters ?? []).map((p) =>
      row(
        `${code(p.name)} <span class="govuk-body-s">(${escapeHtml(p.in)})</span>`,
        described(typeOf(p.schema), p.required === true, rulesOf(p.schema)),
      ),
    ),
    body: body && {
      type: body.type,
      required: op.requestBody?.required === true,
      typeHtml: typeOf(body.schema),
      fields: fieldRows(body.schema?.$ref ? undefined : body.schema),
    },
    responses: Object.entries(op.responses ?? {}).map(([status, r]) => {
      const b = bodySchema(r.content);
      const body = b ? `${typeOf(b.schema)} as ${code(b.type)}` : "no body";
      return row(escapeHtml(status), `${escapeHtml(r.description ?? "")}: ${body}`);
    }),
  };
}

export type ApiReference = ReturnType<typeof apiReferenceModel>;

/** The page's model from the document's text; null when no document was built. */
export function apiReferenceModel(documentText: string) {
  const doc = JSON.parse(documentText) as Json & {
    info: { title: string; version: string; description?: string };
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const groups = new Map<string, ReturnType<typeof operationModel>[]>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), operationModel(method, path, op)]);
    }
  const tags = [...groups.keys()].sort();
  return {
    title: "API reference",
    apiTitle: doc.info.title,
    version: doc.info.version,
    description: doc.info.description,
    tags: tags.map((tag) => ({ name: tag, id: `tag-${slug(tag)}`, operations: groups.get(tag)! })),
    schemas: Object.entries(doc.components?.schemas ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, s]) => ({ name, id: `schema-${slug(name)}`, typeHtml: typeOf(s), fields: fieldRows(s) })),
  };
}
