/**
 * API Gateway's REST API (v1) as the Api stack deploys it (stacks/rest-api.ts), for tests that call the Lambda
 * handlers as AWS would: a URL on the stage's execute-api address is matched against the stack's own route table
 * (stacks/rest-routes.ts, REST's rules: a literal resource before a proxy), turned into the Lambda proxy event REST
 * sends (`path` without the stage, `headers` and `multiValueHeaders`, `requestContext.identity.sourceIp`), with
 * binaryMediaTypes `*` so every request body arrives base64-encoded, and the handler's answer turned back into what
 * the browser gets (a base64 body flagged `isBase64Encoded` becomes bytes).
 */
import { restRoutes } from "../../stacks/rest-routes";

export type Fn = "pages" | "console" | "api";
type Handler = (event: unknown, context: unknown) => Promise<unknown>;

interface LambdaResult {
  statusCode: number;
  body: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

export interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The client's address as API Gateway sees it. */
  ip?: string;
}

export interface Reply {
  status: number;
  /** Which function answered (undefined: API Gateway itself). */
  fn?: Fn;
  headers: Map<string, string>;
  setCookies: string[];
  bytes: Buffer;
  text: string;
  isBase64Encoded: boolean;
  event?: Record<string, unknown>;
}

const ROUTES = restRoutes<Fn>({ pages: "pages", leadConsole: "console", json: "api" });

/** The route REST picks for a path: the literal resource, else the longest proxy whose parent prefixes the path. */
export function routeFor(path: string): { resource: string; fn: Fn } {
  const exact = ROUTES[`ANY ${path}`];
  if (exact && !path.includes("{")) return { resource: path, fn: exact.function };
  const proxies = Object.keys(ROUTES)
    .map((key) => key.slice("ANY ".length))
    .filter((r) => r.endsWith("/{proxy+}"))
    .map((r) => ({ r, parent: r.slice(0, -"{proxy+}".length) }))
    .filter(({ parent }) => path.startsWith(parent) && path.length > parent.length)
    .sort((a, b) => b.parent.length - a.parent.length);
  const best = proxies[0]!.r;
  return { resource: best, fn: ROUTES[`ANY ${best}`]!.function };
}

export function restGateway(host: string, stage: string, handlers: Record<Fn, Handler>) {
  return async function request(url: string, sent: Sent = {}): Promise<Reply> {
    const u = new URL(url, `https://${host}/${stage}/`);
    const headers = new Map<string, string>();
    // Any other first segment is taken as another stage, which does not exist.
    if (u.host !== host || !(u.pathname === `/${stage}` || u.pathname.startsWith(`/${stage}/`))) {
      const bytes = Buffer.from('{"message":"Forbidden"}');
      return { status: 403, headers, setCookies: [], bytes, text: bytes.toString(), isBase64Encoded: false };
    }
    const path = u.pathname.slice(stage.length + 1) || "/";
    const { resource, fn } = routeFor(path);
    const method = sent.method ?? "GET";
    const given = { Host: host, "User-Agent": "Mozilla/5.0 (test)", ...sent.headers };
    const query = [...u.searchParams];
    const body = sent.body === undefined ? null : Buffer.from(sent.body).toString("base64");
    const event = {
      resource,
      path,
      httpMethod: method,
      headers: given,
      multiValueHeaders: Object.fromEntries(Object.entries(given).map(([k, v]) => [k, [v]])),
      queryStringParameters: query.length ? Object.fromEntries(query) : null,
      multiValueQueryStringParameters: query.length
        ? Object.fromEntries(query.map(([k]) => [k, u.searchParams.getAll(k)]))
        : null,
      pathParameters: resource.endsWith("{proxy+}") ? { proxy: path.slice(resource.indexOf("{")) } : null,
      stageVariables: null,
      requestContext: {
        resourcePath: resource,
        httpMethod: method,
        path: `/${stage}${path}`,
        stage,
        domainName: host,
        apiId: host.split(".")[0],
        requestId: `req-${Math.random().toString(36).slice(2)}`,
        identity: { sourceIp: sent.ip ?? "192.0.2.10", userAgent: given["User-Agent"] },
      },
      body,
      isBase64Encoded: body !== null,
    };
    const result = (await handlers[fn](event, {})) as LambdaResult;
    for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k.toLowerCase(), v);
    const setCookies: string[] = [];
    for (const [k, vs] of Object.entries(result.multiValueHeaders ?? {})) {
      if (k.toLowerCase() === "set-cookie") setCookies.push(...vs);
      else headers.set(k.toLowerCase(), vs.join(", "));
    }
    const bytes = Buffer.from(result.body ?? "", result.isBase64Encoded ? "base64" : "utf8");
    return {
      status: result.statusCode,
      fn,
      headers,
      setCookies,
      bytes,
      text: bytes.toString("utf8"),
      isBase64Encoded: Boolean(result.isBase64Encoded),
      event,
    };
  };
}
