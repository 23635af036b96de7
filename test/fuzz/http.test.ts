/**
 * Property-based fuzzing of every HTTP route: the JSON API from `/openapi.json`, and the HTML form
 * routes (with real link tokens and a real session). Requests are built from arbitrary methods'
 * parameters, content types and bodies — including the malformed multipart the probe sent.
 * Bounded in runs and time. Properties: never a 5xx, and a refused request (4xx) changes no data.
 */
import { createHash } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { recordingMailer, testDeps } from "../integration/helpers";
import { visitor, visitorPost } from "../integration/visitor";

const RUNS = Number(process.env.RIIA_FUZZ_RUNS ?? 120);
const TIME_MS = Number(process.env.RIIA_FUZZ_MS ?? 45_000);
const CYCLE = "east-midlands-2026";

let base: AwsDeps;
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let cookie = "";
let formToken = "";
let menuToken = "";
let personId = "";

/** A fingerprint of every item in the table (Scan is fine in a test; the app never scans). */
async function tableHash(): Promise<string> {
  const h = createHash("sha256");
  let start: Record<string, unknown> | undefined;
  const rows: string[] = [];
  do {
    const page = await base.clients.dynamodb.send(
      new ScanCommand({ TableName: base.config.tableName, ExclusiveStartKey: start as never }),
    );
    // Request counters (middleware/rate-limit.ts) count every request, refused or not: they are not data.
    for (const i of page.Items ?? [])
      if (!String(i.pk?.S).startsWith("LIMIT#api-")) rows.push(JSON.stringify(i, Object.keys(i).sort()));
    start = page.LastEvaluatedKey;
  } while (start);
  for (const r of rows.sort()) h.update(r);
  return h.digest("hex");
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: { enum?: string[] }; example?: string }[];
}

beforeAll(async () => {
  base = await testDeps({ clock: fixedClock("2026-09-15T10:00:00Z") });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  formToken = (await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" })).token;
  menuToken = (await linkFor(deps, { email: "performance@derby.example.org", form: "support-menu" })).token;
  personId = (await People.findByEmail(deps, "east-midlands", "performance@derby.example.org"))!.id;
  // Opening a link the first time creates its draft (as the emailed link's first visit does): do that
  // before fuzzing, so every later change is the fuzzed request's own.
  for (const path of [`/f/${formToken}`, `/f/${formToken}/s/context`, `/m/${menuToken}`])
    expect((await app.request(path)).status).toBe(200);
  const v = await visitor(app);
  await visitorPost(app, v, "/sign-in", { region: "east-midlands", email: "lead@em-riia.example.org" });
  const link = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(sent.at(-1)!.text)![1]!;
  const done = await visitorPost(app, v, link, {});
  cookie = done.headers.get("set-cookie")!.split(";")[0]!;
}, 60_000);

async function operations(): Promise<Operation[]> {
  const doc = (await (await app.request("/openapi.json")).json()) as {
    paths: Record<string, Record<string, { parameters?: Operation["params"] }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, params: op.parameters ?? [] })),
  );
}

const KNOWN: Record<string, string> = {
  regionId: "east-midlands",
  cycleId: CYCLE,
  code: "E06000015",
  step: "self-evaluation",
  form: "self-evaluation",
  submissionId: `${CYCLE}.self-evaluation.E06000015`,
  name: "invitation",
  version: "1",
};
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("..", "%00", "%2e%2e%2f", "'; DROP TABLE", "<script>", "a".repeat(3000), "-1", "1e309", "🙂"),
);
const paramValue = (p: Operation["params"][number]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(p.name === "personId" ? personId : (KNOWN[p.name] ?? p.example ?? "x")) },
    { weight: 1, arbitrary: p.schema?.enum ? fc.constantFrom(...p.schema.enum) : nasty },
    { weight: 1, arbitrary: nasty },
  );

/** Bodies: valid-looking JSON, arbitrary JSON, and malformed bodies under every content type. */
const body = fc.oneof(
  fc.record({ type: fc.constant("application/json"), body: fc.jsonValue().map((v) => JSON.stringify(v)) }),
  fc.record({ type: fc.constant("application/json"), body: nasty }),
  fc.record({
    type: fc.constantFrom(
      "multipart/form-data",
      "multipart/form-data; boundary=----x",
      "multipart/form-data; boundary=",
      "application/x-www-form-urlencoded",
      "text/plain",
      "application/xml",
      "",
    ),
    body: fc.oneof(nasty, fc.constant('--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nx')),
  }),
  fc.record({
    type: fc.constant("application/x-www-form-urlencoded"),
    body: fc
      .dictionary(fc.constantFrom("csrf", "version", "action", "step", "reason", "email", "region", "offer"), nasty)
      .map((d) => new URLSearchParams(d).toString()),
  }),
);
const auth = fc.constantFrom<"none" | "bearer" | "cookie">("none", "bearer", "cookie");

async function send(method: string, path: string, b: { type: string; body: string }, who: string) {
  const headers: Record<string, string> = { origin: "http://localhost" };
  if (b.type) headers["content-type"] = b.type;
  if (who === "bearer") headers.authorization = `Bearer ${deps.config.appSecret}`;
  if (who === "cookie") headers.cookie = cookie;
  const hasBody = !["GET", "HEAD"].includes(method);
  return app.request(path, { method, headers, body: hasBody ? b.body : undefined });
}

async function property(method: string, path: string, b: { type: string; body: string }, who: string) {
  const before = await tableHash();
  const res = await send(method, path, b, who);
  await res.arrayBuffer();
  expect(res.status, `${method} ${path} (${b.type}) → ${res.status}`).toBeLessThan(500);
  if (res.status >= 400) expect(await tableHash(), `${method} ${path} ${res.status} changed data`).toBe(before);
}

describe("fuzzing", () => {
  it(
    "the JSON API (every operation in /openapi.json): no 5xx, refused requests change nothing",
    async () => {
      const ops = await operations();
      expect(ops.length).toBeGreaterThan(20);
      const request = fc.constantFrom(...ops).chain((op) =>
        fc.record({
          op: fc.constant(op),
          values: fc.tuple(...op.params.filter((p) => p.in === "path").map(paramValue)),
          query: fc.option(fc.dictionary(fc.constantFrom("form", "limit", "cursor", "q"), nasty), { nil: undefined }),
          body,
          who: auth,
        }),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ op, values, query, body: b, who }) => {
          const names = op.params.filter((p) => p.in === "path").map((p) => p.name);
          let path = op.path;
          names.forEach((n, i) => (path = path.replace(`{${n}}`, encodeURIComponent(values[i] ?? ""))));
          if (query) path += `?${new URLSearchParams(query).toString()}`;
          await property(op.method, path, b, who);
        }),
        {
          numRuns: RUNS,
          interruptAfterTimeLimit: TIME_MS,
          seed: Number(process.env.RIIA_FUZZ_SEED ?? Date.now() % 1e9),
        },
      );
    },
    TIME_MS + 60_000,
  );

  it(
    "the HTML form routes (forms, menu, sign-in, lead, accept/decline): no 5xx, refused posts change nothing",
    async () => {
      const routes = [
        `/f/${formToken}/s/context`,
        `/f/${formToken}/s/nasty`,
        `/f/${formToken}/submit`,
        `/m/${menuToken}`,
        "/sign-in",
        "/sign-out",
        "/s/abc.def",
        `/lead/cycles/${CYCLE}/steps/self-evaluation`,
        `/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000015`,
        `/lead/cycles/${CYCLE}/assignments/peer-scrutiny/swap`,
        `/lead/people/${personId}/sessions`,
        `/lead/people/${personId}/erase`,
        "/r/abcdefghijklmnopqrstuvwxyz23/accept",
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), body, auth, async (path, b, who) => {
          // A body that parses but lacks the page's CSRF token must be refused and change nothing.
          await property("POST", path, b, who === "bearer" ? "none" : who);
        }),
        {
          numRuns: RUNS,
          interruptAfterTimeLimit: TIME_MS,
          seed: Number(process.env.RIIA_FUZZ_SEED ?? Date.now() % 1e9),
        },
      );
    },
    TIME_MS + 60_000,
  );
});
