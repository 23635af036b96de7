/**
 * The three HTTP functions behind the REST API the Api stack deploys (API Gateway v1, so that AWS WAF can sit on its
 * stage): each handler is called with the Lambda proxy events REST sends for the stage's own execute-api URL (its
 * path carries the stage; binaryMediaTypes `*` base64-encodes every request body), through the stack's own route
 * table (test/integration/rest-gateway.ts). A person's path: the start page and its static files, signing in from
 * the pages with the emailed link, a CSV uploaded on the console (multipart), a CSV and a Word file downloaded; the
 * JSON API's posts, and its per-address limit read from REST's `requestContext.identity.sourceIp`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { People } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { seed } from "../../local/seed";
import { formOf, formWithButton } from "../form-page";
import { mailTo, testDeps, testEnvironment } from "./helpers";
import { restGateway, type Reply, type Sent } from "./rest-gateway";

const HOST = "a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com";
const STAGE = "test";
const BASE = `https://${HOST}/${STAGE}`;
const ORIGIN = `https://${HOST}`;
const LEAD = "lead@em-riia.example.org";
const IMAGES = join(process.cwd(), "node_modules/govuk-frontend/dist/govuk/assets/images");

let deps: AwsDeps;
let request: (url: string, sent?: Sent) => Promise<Reply>;
let visitor = "";
let session = "";

beforeAll(async () => {
  // BASE_URL as the stack gives it without a custom domain; the per-address API limit low enough to reach.
  const env = { ...testEnvironment(), RIIA_BASE_URL: BASE, RIIA_LIMIT_API_PER_IP_PER_MINUTE: "3" };
  deps = await testDeps({ env });
  await seed(deps);
  Object.assign(process.env, env);
  const load = async (name: string) =>
    ((await import(`@riia/functions/${name}`)) as { handler: (e: unknown, c: unknown) => Promise<unknown> }).handler;
  request = restGateway(HOST, STAGE, {
    pages: await load("pages"),
    console: await load("console"),
    api: await load("api"),
  });
}, 120_000);

const cookieOf = (reply: Reply, name: string) =>
  reply.setCookies.map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${name}=`)) ?? "";
const urlencoded = { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN };

describe("pages and their static files", () => {
  it("serves the start page and its stylesheet as text and images as bytes, all under the stage's path", async () => {
    const home = await request(`${BASE}/`);
    expect(home.status).toBe(200);
    expect(home.fn).toBe("pages");
    expect(home.isBase64Encoded).toBe(false);
    expect(home.headers.get("content-type")).toMatch(/^text\/html/);
    const css = /<link[^>]+href="([^"]+\.css[^"]*)"/.exec(home.text)?.[1];
    expect(css).toMatch(new RegExp(`^/${STAGE}/`));
    const sheet = await request(css!);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toMatch(/^text\/css/);
    // Every url() in the stylesheet (the crest, the icons) is under the stage too.
    const urls = [...sheet.text.matchAll(/url\(["']?([^)"']+)/g)]
      .map((m) => m[1]!)
      .filter((u) => !u.startsWith("data:"));
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u).toMatch(new RegExp(`^/${STAGE}/assets/`));
    expect((await request(urls[0]!)).status).toBe(200);
    // A binary static file (GOV.UK Frontend's PNG icon) arrives byte for byte.
    const png = await request(`${BASE}/assets/images/govuk-icon-180.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.isBase64Encoded).toBe(true);
    expect(png.bytes.equals(readFileSync(join(IMAGES, "govuk-icon-180.png")))).toBe(true);
  });
});

describe("a lead signs in and works the console", () => {
  it("posts the sign-in form (base64 url-encoded) and the emailed link's button; cookies come back per value", async () => {
    const page = await request(`${BASE}/sign-in`);
    expect(page.fn).toBe("console");
    visitor = cookieOf(page, "riia_visitor");
    expect(visitor).not.toBe("");
    const form = formWithButton(page.text, "Send me a sign-in link");
    expect(form.action).toBe(`/${STAGE}/sign-in`);
    const asked = await request(form.action, {
      method: "POST",
      headers: { ...urlencoded, Cookie: visitor },
      body: form.fill("email", LEAD).fill("region", "east-midlands").body().toString(),
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(`If ${LEAD} is registered for this region, we have sent a sign-in link to it.`);
    const mail = (await mailTo(LEAD)).find((m) => m.subject === "Your sign-in link");
    const link = new RegExp(`${BASE.replace(/\./g, "\\.")}/s/[\\w.-]+`).exec(mail?.body.text ?? "")?.[0];
    expect(link, "the emailed link starts with BASE_URL, stage included").toBeDefined();
    const landing = await request(link!, { headers: { Cookie: visitor } });
    expect(landing.status).toBe(200);
    const button = formOf(landing.text, "/s/");
    expect(button.action).toMatch(new RegExp(`^/${STAGE}/s/`));
    const done = await request(button.action, {
      method: "POST",
      headers: { ...urlencoded, Cookie: visitor },
      body: button.body().toString(),
    });
    expect(done.status).toBe(303);
    session = cookieOf(done, "riia_session");
    expect(session).not.toBe("");
    expect(done.headers.get("location")).toMatch(new RegExp(`^/${STAGE}/lead`));
    let board = await request(done.headers.get("location")!, { headers: { Cookie: session } });
    for (let hops = 0; board.status === 303 && hops < 3; hops++) {
      expect(board.headers.get("location")).toMatch(new RegExp(`^/${STAGE}/`));
      board = await request(board.headers.get("location")!, { headers: { Cookie: session } });
    }
    expect(board.status).toBe(200);
    expect(board.fn).toBe("console");
  });

  it("takes a CSV uploaded on the import page (multipart, base64) and offers the refused rows as a CSV", async () => {
    const cookie = session;
    const page = await request(`${BASE}/lead/dataset/east-midlands/import`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const form = formOf(page.text, "/import");
    const data = new FormData();
    for (const [k, v] of form.pairs()) data.append(k, v);
    const csv = readFileSync(join(__dirname, "../fixtures/ees/wide-calendar-quarter.csv"), "utf8");
    data.append("file", new File([csv], "cla.csv", { type: "text/csv" }));
    const encoded = new Request("https://x/", { method: "POST", body: data });
    const preview = await request(form.action, {
      method: "POST",
      headers: { "Content-Type": encoded.headers.get("content-type")!, Origin: ORIGIN, Cookie: cookie },
      body: new Uint8Array(await encoded.arrayBuffer()),
    });
    expect(preview.status).toBe(200);
    const text = preview.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("11 rows read.");
    expect(text).toContain("Derbyshire (E10000007) 2026-Q1 re-referrals none 19.5");
    const href = /href="([^"]+refused\.csv)"/.exec(preview.text)![1]!;
    const refused = await request(href.replace(/&amp;/g, "&"), { headers: { Cookie: cookie } });
    expect(refused.status).toBe(200);
    expect(refused.isBase64Encoded).toBe(false);
    expect(refused.text.split("\n")[0]).toMatch(/,refused_because$/);
  });
});

describe("the JSON API", () => {
  const auth = () => ({ Authorization: `Bearer ${deps.config.appSecret}` });

  it("reads posted bodies (CSV and JSON, base64) byte for byte, UTF-8 included", async () => {
    const csv = "name,email,authority,roles\nZoë Ó Briain,zoe.obriain@leicester.example.org,Leicester,officer\n";
    const res = await request(`${BASE}/api/regions/east-midlands/contacts`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "text/csv" },
      body: csv,
      ip: "198.51.100.1",
    });
    expect(res.fn).toBe("api");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ rows: 1, created: 1 });
    const people = await People.listByRegion(deps, "east-midlands");
    expect(people.find((p) => p.email === "zoe.obriain@leicester.example.org")?.name).toBe("Zoë Ó Briain");
    const cycle = await request(`${BASE}/api/regions/london/cycles`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify({ year: 2027 }),
      ip: "198.51.100.1",
    });
    expect(cycle.status).toBe(201);
  });

  it("sends a Word file as bytes", async () => {
    const res = await request(`${BASE}/api/cycles/east-midlands-2026/exports/plan.docx`, {
      headers: auth(),
      ip: "198.51.100.2",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.isBase64Encoded).toBe(true);
    expect(res.bytes.subarray(0, 2).toString()).toBe("PK");
    const xml = await (await JSZip.loadAsync(res.bytes)).file("word/document.xml")!.async("string");
    expect(xml).toContain("East Midlands");
  });

  it("counts requests per source address from REST's identity.sourceIp, never X-Forwarded-For", async () => {
    // The limit counts in fixed minutes: start clear of a minute's end, so the four requests share one.
    const second = new Date().getUTCSeconds();
    if (second > 50) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const from = (ip: string, headers: Record<string, string> = {}) =>
      request(`${BASE}/api/nothing-here`, { ip, headers: { Accept: "application/json", ...headers } });
    for (let i = 0; i < 3; i++) expect((await from("203.0.113.7")).status).toBe(404);
    const over = await from("203.0.113.7", { "X-Forwarded-For": "203.0.113.99" });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(over.headers.get("content-type")).toContain("application/problem+json");
    expect((await from("203.0.113.8")).status).toBe(404);
  }, 20_000);
});
