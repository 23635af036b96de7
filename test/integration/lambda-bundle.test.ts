/**
 * The three HTTP functions as SST bundles them (esbuild, ESM, minified, SDK external; the pages function with its
 * views precompiled and its assets' hashes in the bundle and GOV.UK Frontend copied beside it; the API function
 * with the OpenAPI document written beside it), imported fresh and invoked with API Gateway events against the
 * stand-ins: proves the deployed artefacts render pages and serve the document, not just the source.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../bench/bundle";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { createApp } from "../../functions/src/app";
import { testDeps, testEnvironment } from "./helpers";

const dir = mkdtempSync(join(process.cwd(), "node_modules", ".riia-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string>; isBase64Encoded?: boolean }>;
let handler: Handler;
let apiHandler: Handler;
let consoleHandler: Handler;
let token: string;
let bundle: string;
let apiBundle: string;

beforeAll(async () => {
  const env = testEnvironment();
  const deps = await testDeps({ env });
  await seed(deps);
  ({ token } = await linkFor(deps, { email: "dcs@derby.example.org", form: "core-dataset" }));
  // Each function in a folder of its own, as SST's artefacts are: its entry and the chunks of its route groups.
  await bundleLikeSst("functions/src/pages.ts", join(dir, "pages.mjs"));
  await bundleLikeSst("functions/src/api.ts", join(dir, "api", "api.mjs"));
  await bundleLikeSst("functions/src/console.ts", join(dir, "console", "console.mjs"));
  bundle = codeIn(dir);
  apiBundle = codeIn(join(dir, "api"));
  // Only the assets are copied: the views must come from the bundle itself.
  cpSync("node_modules/govuk-frontend/dist/govuk", join(dir, "govuk"), { recursive: true });
  Object.assign(process.env, env, { LAMBDA_TASK_ROOT: dir });
  ({ handler } = (await import(pathToFileURL(join(dir, "pages.mjs")).href)) as { handler: Handler });
  ({ handler: apiHandler } = (await import(pathToFileURL(join(dir, "api", "api.mjs")).href)) as { handler: Handler });
  ({ handler: consoleHandler } = (await import(pathToFileURL(join(dir, "console", "console.mjs")).href)) as {
    handler: Handler;
  });
}, 120_000);

/** A function's code: its entry and its chunks, the .mjs files of its folder. */
function codeIn(folder: string): string {
  return readdirSync(folder)
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => readFileSync(join(folder, file), "utf8"))
    .join("\n");
}

const event = (path: string) => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: { host: "riia.test", accept: "text/html" },
  isBase64Encoded: false,
  requestContext: {
    http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "t" },
    requestId: "r",
    routeKey: "$default",
    stage: "$default",
    domainName: "riia.test",
  },
});

describe("the bundled pages and API functions", () => {
  it("renders a form page from an emailed link", async () => {
    const res = await handler(event(`/f/${token}`), {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Quarterly core dataset");
    expect(res.body).toContain("govuk-task-list");
  });

  it("serves GOV.UK Frontend's stylesheet and fonts under the hashed names the bundle carries", async () => {
    const page = await handler(event(`/f/${token}`), {});
    const cssUrl = /href="(\/stylesheets\/govuk-frontend\.min\.\w{12}\.css)"/.exec(page.body)?.[1];
    expect(cssUrl).toBeDefined();
    const css = await handler(event(cssUrl!), {});
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toContain("text/css");
    expect(css.headers["cache-control"]).toContain("immutable");
    // The stylesheet names its fonts by hash too, and each is served.
    const body = Buffer.from(css.body, css.isBase64Encoded ? "base64" : "utf8").toString();
    const font = /url\((\/assets\/fonts\/[^)]+)\)/.exec(body)?.[1];
    if (font) expect((await handler(event(font), {})).statusCode).toBe(200);
    const missing = await handler(event("/assets/../../package.json"), {});
    expect(missing.statusCode).toBe(404);
  });

  it("renders error pages as GOV.UK pages", async () => {
    const res = await handler(event("/f/not-a-token"), {});
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("You cannot use this link");
  });

  it("carries its views parsed, and nunjucks without its parser", () => {
    expect(bundle).toContain('"govuk/components/button/macro.njk"');
    expect(bundle).toContain('"question.njk"');
    // Nothing in it can parse a template: nunjucks' parser and the view engine's folder reading stay out.
    expect(bundle).not.toContain("parseSignature");
    expect(bundle).not.toContain("fileTrees");
    // A view few pages use is a file beside the bundle, read when a page first needs it; the layout, which every
    // page renders, is in the bundle.
    const files = readdirSync(join(dir, "views"));
    expect(files).toEqual(expect.arrayContaining(["question.njk.json", "govuk__components__input__template.njk.json"]));
    expect(files).not.toContain("layout.njk.json");
    expect(bundle).toMatch(
      /"layout\.njk":\s*[`'"]\["Template",\["Root",\[\["Extends",\["Literal","govuk\/template\.njk"\]\]/,
    );
    expect(readdirSync(join(dir, "api"))).not.toContain("views");
  });

  it("runs the API on zod mini: its bundle carries neither classic zod nor the OpenAPI generator", () => {
    expect(apiBundle).toContain('"ZodMiniString"');
    expect(apiBundle).not.toContain('"ZodString"');
    expect(apiBundle).not.toContain("OpenApiGeneratorV31");
  });

  it("validates API requests in the bundle: reads are answered, a bad code is a 400 problem naming the field", async () => {
    const regions = await apiHandler(event("/api/regions"), {});
    expect(regions.statusCode).toBe(200);
    expect(JSON.parse(regions.body).regions).toHaveLength(9);
    const bad = await apiHandler(event("/api/authorities/not-a-code"), {});
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(JSON.parse(bad.body)).toMatchObject({ errors: [{ path: "code", message: "an ONS code like E06000015" }] });
  });

  it("splits the app: the API bundle carries no view, the pages bundle no API-only route", () => {
    expect(apiBundle).not.toContain('"question.njk"');
    expect(apiBundle).toContain("/api/emails");
    expect(bundle).not.toContain("/api/emails");
  });

  it("serves the lead console from its own bundle, which the emailed-link pages do not carry", async () => {
    const signIn = await consoleHandler(event("/sign-in"), {});
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain("Sign in");
    const board = await consoleHandler(event("/lead"), {});
    expect([302, 303]).toContain(board.statusCode);
    expect(board.headers.location ?? board.headers.Location).toContain("/sign-in");
    expect((await handler(event("/lead"), {})).statusCode).toBe(404);
    expect((await consoleHandler(event(`/f/${token}`), {})).statusCode).toBe(404);
    // The template editor's and the board's own words: console modules, absent from the emailed-link bundle.
    const consoleBundle = codeIn(join(dir, "console"));
    for (const words of ["There is no such section in this draft.", "Your region has no cycle yet."]) {
      expect(consoleBundle).toContain(words);
      expect(bundle).not.toContain(words);
    }
  });

  it("renders the API reference from the document the bundler wrote beside the pages bundle", async () => {
    const res = await handler(event("/docs"), {});
    expect(res.statusCode).toBe(200);
    const html = Buffer.from(res.body, res.isBase64Encoded ? "base64" : "utf8").toString();
    expect(html).toContain('<h1 class="govuk-heading-xl">API reference</h1>');
    expect(html).toContain("<code>GET /api/regions</code>");
    expect(bundle).not.toContain('"/api/regions/{regionId}/settings"');
  });

  it("serves the OpenAPI document generated at build time, the same as the app describes", async () => {
    const res = await apiHandler(event("/openapi.json"), {});
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    const fromSource = await (await createApp(await testDeps()).request("/openapi.json")).json();
    expect(JSON.parse(res.body)).toEqual(fromSource);
    expect(JSON.parse(res.body).paths["/health"]).toBeDefined();
  });
});
