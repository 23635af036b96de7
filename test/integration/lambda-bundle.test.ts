/**
 * The http function as SST bundles it (esbuild, ESM, minified, SDK external, views and GOV.UK
 * Frontend copied beside it), imported fresh and invoked with an API Gateway event against the
 * stand-ins: proves the deployed artefact renders pages, not just the source.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleLikeSst } from "../../bench/bundle";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { testDeps, testEnvironment } from "./helpers";

const dir = mkdtempSync(join(process.cwd(), "node_modules", ".riia-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; body: string; headers: Record<string, string>; isBase64Encoded?: boolean }>;
let token: string;

beforeAll(async () => {
  const env = testEnvironment();
  const deps = await testDeps({ env });
  await seed(deps);
  ({ token } = await linkFor(deps, { email: "dcs@derby.example.org", form: "core-dataset" }));
  await bundleLikeSst("functions/src/http.ts", join(dir, "http.mjs"));
  cpSync("node_modules/govuk-frontend/dist/govuk", join(dir, "govuk"), { recursive: true });
  cpSync("packages/forms/views", join(dir, "views"), { recursive: true });
  Object.assign(process.env, env, { LAMBDA_TASK_ROOT: dir });
  ({ handler } = (await import(pathToFileURL(join(dir, "http.mjs")).href)) as { handler: typeof handler });
}, 60_000);

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

describe("the bundled http function", () => {
  it("renders a form page from an emailed link", async () => {
    const res = await handler(event(`/f/${token}`), {});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Quarterly core dataset");
    expect(res.body).toContain("govuk-task-list");
  });

  it("serves GOV.UK Frontend's stylesheet and fonts", async () => {
    const css = await handler(event("/stylesheets/govuk-frontend.min.css"), {});
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toContain("text/css");
    const missing = await handler(event("/assets/../../package.json"), {});
    expect(missing.statusCode).toBe(404);
  });

  it("renders error pages as GOV.UK pages", async () => {
    const res = await handler(event("/f/not-a-token"), {});
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("You cannot use this link");
  });
});
