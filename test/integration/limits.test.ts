/**
 * Limits per person and per client (issue 28, item 2), with the limits' production defaults: sign-in emails per
 * address per hour, driven from the rendered sign-in form, and API requests per token and per IP address, through
 * the app with API Gateway's source address in the event context.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { fixedClock, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { formWithButton } from "../form-page";
import { recordingMailer, testDeps, testEnvironment } from "./helpers";

const clock = fixedClock("2026-09-15T10:00:00Z");
const LEAD = "lead@em-riia.example.org";
const OTHER = "performance@derby.example.org";
let base: AwsDeps;
let app: App;
let sent: OutboundEmail[];

/** This run's stand-ins with the limits as deployed (the test environment's generous ones removed). */
function defaultLimits(overrides: Record<string, string> = {}) {
  const env = testEnvironment();
  for (const name of Object.keys(env)) if (name.startsWith("RIIA_LIMIT_")) delete env[name];
  return { ...env, ...overrides };
}

beforeAll(async () => {
  base = await testDeps({ clock, env: defaultLimits() });
  await seed(base);
  const rec = recordingMailer(base);
  sent = rec.sent;
  app = createApp(rec.deps);
});

/** Ask for a sign-in link the way the page does: its own form, with the region chosen and the address typed. */
async function askForLink(email: string, region = "east-midlands") {
  const page = await app.request("/sign-in");
  const cookie = /riia_visitor=[^;]+/.exec(page.headers.get("set-cookie") ?? "")![0];
  const form = formWithButton(await page.text(), "Send me a sign-in link");
  const res = await app.request(form.action, {
    method: "POST",
    body: new URLSearchParams({ ...form.fields, region, email }),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
  const html = await res.text();
  return { status: res.status, text: html.replace(/nonce="[^"]*"/g, "").replace(/<[^>]+>/g, " ") };
}

const signInMails = (to: string) => sent.filter((m) => m.to[0] === to && m.subject === "Your sign-in link").length;

async function scanTable() {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await base.clients.dynamodb.send(
      new ScanCommand({ TableName: base.config.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("sign-in emails per address", () => {
  it("a burst of 30 requests for one address sends 5 emails, and every answer is the same page", async () => {
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await askForLink(LEAD));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(signInMails(LEAD)).toBe(5);
    // Another address has its own allowance; the upper-cased spelling of the first is the same address.
    await askForLink(OTHER);
    expect(signInMails(OTHER)).toBe(1);
    await askForLink(LEAD.toUpperCase());
    expect(signInMails(LEAD)).toBe(5);
    // The address is counted under a hash: no counter names it.
    const counters = (await scanTable()).filter((i) => String(i.pk).startsWith("LIMIT#sign-in#"));
    expect(counters).toHaveLength(2);
    expect(JSON.stringify(counters)).not.toContain("example.org");
    // An hour later the address may be sent links again.
    clock.advance(3600_000);
    await askForLink(LEAD);
    expect(signInMails(LEAD)).toBe(6);
  });
});

/** A JSON API request from `ip` (API Gateway's event context, as hono/aws-lambda passes it). */
const apiGet = (application: App, ip: string, token?: string) =>
  application.request(
    "/api/regions",
    { headers: token ? { authorization: `Bearer ${token}` } : {} },
    { requestContext: { http: { sourceIp: ip } } },
  );

describe("API requests per token and per IP address", () => {
  it("the 301st request with one token in a minute is 429 with Retry-After; the next minute it is served", async () => {
    const token = base.config.appSecret;
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await apiGet(app, "198.51.100.7", token)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const refused = await apiGet(app, "198.51.100.8", token); // another address: the token's own limit
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { status: number; title: string };
    expect(body).toMatchObject({ status: 429, title: "Too many requests" });
    // Without the token the same address is still served (its own allowance is not used up).
    expect((await apiGet(app, "198.51.100.7")).status).not.toBe(429);
    // The token is counted under a hash: no item holds it.
    expect(JSON.stringify(await scanTable())).not.toContain(token);
    clock.advance(retryAfter * 1000);
    expect((await apiGet(app, "198.51.100.8", token)).status).toBe(200);
  });

  it("one address is limited whatever tokens it sends (a flood of wrong tokens too); others are not", async () => {
    const low = await testDeps({ clock, env: defaultLimits({ RIIA_LIMIT_API_PER_IP_PER_MINUTE: "20" }) });
    await seed(low);
    const lowApp = createApp(low);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await apiGet(lowApp, "203.0.113.9", `wrong-token-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const refused = await apiGet(lowApp, "203.0.113.9", low.config.appSecret);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await apiGet(lowApp, "203.0.113.10", low.config.appSecret)).status).toBe(200);
  });
});
