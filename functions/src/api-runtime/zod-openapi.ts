/**
 * What the API function's bundle loads in place of `@hono/zod-openapi` (the `apiZodMini` build plugin,
 * stacks/esbuild/api-zod-mini.ts): `createRoute` and an `OpenAPIHono` whose `openapi(route, handler)` validates the
 * route's params, query and body the way @hono/zod-openapi 1.x does (the same validators in the same order, the same
 * content-type rules, the nearest default hook), with the route's schemas built by zod mini (`./zod-mini-fluent.ts`).
 * It registers nothing for a document: the document is generated at build time from the same definitions under
 * classic zod and served as a file. So neither classic zod nor the OpenAPI generator is loaded when the API starts.
 */
import { Hono, type Context, type Env, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { validator } from "hono/validator";

export { z } from "./zod-mini-fluent";

type Parsed = { success: boolean; data?: unknown; error?: unknown };
type RouteSchema = { safeParseAsync(value: unknown): Promise<Parsed> };
type Hook = (result: Parsed & { data: unknown; target: string }, c: Context) => unknown;
type Target = "query" | "param" | "header" | "cookie" | "json" | "form";
interface Route {
  method: string;
  path: string;
  hide?: boolean;
  middleware?: MiddlewareHandler | MiddlewareHandler[];
  request?: {
    query?: RouteSchema;
    params?: RouteSchema;
    headers?: RouteSchema;
    cookies?: RouteSchema;
    body?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  };
}

export const createRoute = <R extends Route>(route: R) => route;

const isSchema = (x: unknown): x is RouteSchema =>
  typeof x === "object" && x !== null && typeof (x as RouteSchema).safeParseAsync === "function";
const isJson = (type: string) => /^application\/([a-z-.]+\+)?json/i.test(type);
const isForm = (type: string) =>
  type.toLowerCase().startsWith("multipart/form-data") ||
  type.toLowerCase().startsWith("application/x-www-form-urlencoded");
const jsonRequest = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const multipartRequest = /^multipart\/form-data(;\s?boundary=[a-zA-Z0-9'"()+_,\-./:=?]+)?$/i;
const urlencodedRequest = /^application\/x-www-form-urlencoded(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
function matchesMediaType(contentType: string, mediaType: string) {
  if (mediaType === "*/*") return true;
  if (isJson(mediaType)) return jsonRequest.test(contentType);
  if (isForm(mediaType)) return multipartRequest.test(contentType) || urlencodedRequest.test(contentType);
  const essence = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType.endsWith("/*")) return essence.startsWith(mediaType.slice(0, -1).toLowerCase());
  return essence === mediaType.toLowerCase();
}
async function hasRequestBody(c: Context) {
  const raw = c.req.raw;
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await c.req.arrayBuffer()).byteLength > 0;
  const body = raw.clone().body;
  if (body === null) return false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** @hono/zod-validator's validator: the hook sees every result and may answer; otherwise a failure is a 400. */
function zodValidator(target: Target, schema: RouteSchema, hook: Hook): MiddlewareHandler {
  return validator(target, async (value, c) => {
    const result = await schema.safeParseAsync(value);
    const answer = (await hook({ data: value, ...result, target }, c)) as Response | { response: Response } | void;
    if (answer instanceof Response) return answer;
    if (answer && "response" in answer) return answer.response;
    if (!result.success) return c.json(result, 400);
    return result.data as object;
  });
}

/** A body validator: required, or run only when the request says it is of the validator's media type. */
function bodyValidator(target: "json" | "form", schema: RouteSchema, hook: Hook, required: boolean): MiddlewareHandler {
  const validate = zodValidator(target, schema, hook);
  if (required) return validate;
  const ofType = target === "json" ? isJson : isForm;
  return async (c, next) => {
    const type = c.req.header("content-type");
    if (type && ofType(type)) return validate(c, next);
    c.req.addValidatedData(target, {});
    await next();
  };
}

function bodyValidators(route: Route, hook: Hook): MiddlewareHandler[] {
  const content = route.request?.body?.content;
  if (!content) return [];
  const types = Object.keys(content);
  const validators: MiddlewareHandler[] = [];
  if (types.some((t) => isSchema(content[t]?.schema) && (isJson(t) || isForm(t))))
    validators.push(async (c, next) => {
      const type = c.req.header("content-type");
      if (type ? !types.some((t) => matchesMediaType(type, t)) : await hasRequestBody(c))
        throw new HTTPException(415, { message: "Unsupported Media Type" });
      await next();
    });
  const required = route.request?.body?.required === true;
  for (const type of types) {
    const schema = content[type]?.schema;
    if (!isSchema(schema)) continue;
    if (isJson(type)) validators.push(bodyValidator("json", schema, hook, required));
    if (isForm(type)) validators.push(bodyValidator("form", schema, hook, required));
  }
  return validators;
}

export class OpenAPIHono<E extends Env = Env> extends Hono<E> {
  defaultHook?: Hook;
  #parent?: OpenAPIHono<Env>;

  constructor(init?: ConstructorParameters<typeof Hono<E>>[0] & { defaultHook?: Hook }) {
    super(init);
    this.defaultHook = init?.defaultHook;
    // A mounted app finds its default hook through the app it is mounted on, as in @hono/zod-openapi.
    const route = this.route.bind(this);
    this.route = ((path: string, app: Hono) => {
      route(path, app as never);
      if (app instanceof OpenAPIHono) app.#parent ??= this as unknown as OpenAPIHono<Env>;
      return this;
    }) as typeof this.route;
  }

  #resolveDefaultHook(): Hook | undefined {
    if (this.defaultHook) return this.defaultHook;
    const seen = new Set<unknown>([this]);
    let parent = this.#parent;
    while (parent && !seen.has(parent)) {
      if (parent.defaultHook) return parent.defaultHook;
      seen.add(parent);
      parent = parent.#parent;
    }
    return undefined;
  }

  openapi = (route: Route, handler: (c: Context<E>) => unknown, hook?: Hook) => {
    const effective: Hook = hook ?? ((result, c) => this.#resolveDefaultHook()?.(result, c));
    const validators: MiddlewareHandler[] = [];
    const request = route.request;
    if (request?.query) validators.push(zodValidator("query", request.query, effective));
    if (request?.params) validators.push(zodValidator("param", request.params, effective));
    if (request?.headers) validators.push(zodValidator("header", request.headers, effective));
    if (request?.cookies) validators.push(zodValidator("cookie", request.cookies, effective));
    validators.push(...bodyValidators(route, effective));
    const middleware = route.middleware ? [route.middleware].flat() : [];
    const path = route.path.replaceAll(/\/{(.+?)}/g, "/:$1");
    this.on([route.method], [path], ...middleware, ...validators, handler as MiddlewareHandler);
    return this;
  };
}
