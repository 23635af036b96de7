/**
 * The part of classic zod's chained API that the JSON API's route definitions use (`z.string().max(200).optional()`),
 * made of zod mini's functions. The API function's bundle resolves `@hono/zod-openapi` to `./zod-openapi.ts`, whose
 * `z` is this: the same route definitions then validate with zod mini at run time (the same core checks, so the same
 * results and messages), and classic zod is never loaded there. Typechecking, the tests and the OpenAPI document
 * (generated at build time, `openapi-document.ts`) still see classic zod. A method the routes start to use that is
 * not here fails the bundle test (`test/integration/api-zod-mini.test.ts`) rather than a request.
 */
import * as m from "@riia/core/zod";

type Schema = m.ZodMiniType;
type Fluent = Schema & Record<string, unknown>;
const kind = (s: Schema) => (s as unknown as { _zod: { def: { type: string } } })._zod.def.type;
const sized = (s: Schema) => kind(s) === "string" || kind(s) === "array";

/** Give a mini schema the chained methods the routes call; each returns a new fluent schema, as classic does. */
export function fluent<T extends Schema>(schema: T): T {
  const s = schema as unknown as Fluent;
  const self = schema as Schema;
  const checked = (check: unknown) => fluent(self.check(check as m.core.CheckFn<unknown>));
  Object.assign(s, {
    optional: () => fluent(m.optional(self)),
    nullable: () => fluent(m.nullable(self)),
    default: (value: unknown) => fluent(m._default(self, value as never)),
    min: (n: number, message?: string) => checked(sized(self) ? m.minLength(n, message) : m.gte(n, message)),
    max: (n: number, message?: string) => checked(sized(self) ? m.maxLength(n, message) : m.lte(n, message)),
    int: (message?: string) => checked(m.int(message)),
    regex: (re: RegExp, message?: string) => checked(m.regex(re, message)),
    trim: () => checked(m.trim()),
    superRefine: (fn: Parameters<typeof m.superRefine>[0]) => checked(m.superRefine(fn)),
    extend: (shape: m.core.$ZodLooseShape) => fluent(m.extend(self as m.ZodMiniObject, shape)),
    partial: () => fluent(m.partial(self as m.ZodMiniObject)),
    // Documentation only: the document is generated at build time from the classic definitions.
    openapi: () => s,
    describe: () => s,
  });
  return schema;
}

type Factory = (...args: never[]) => Schema;
const wrap =
  <F extends Factory>(f: F) =>
  (...args: Parameters<F>) =>
    fluent(f(...args));

export const z = {
  string: wrap(m.string),
  number: wrap(m.number),
  boolean: wrap(m.boolean),
  unknown: wrap(m.unknown),
  object: wrap(m.object),
  array: wrap(m.array),
  enum: wrap(m.enum),
  literal: wrap(m.literal),
  record: wrap(m.record),
  custom: wrap(m.custom),
  iso: { date: wrap(m.iso.date) },
  coerce: { number: wrap(m.coerce.number) },
};
