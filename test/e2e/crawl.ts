/**
 * A crawl of the pages each person reaches, for the browser tests that check every page type (reflow, names, ways
 * onward): one local stack with the demo seed, the lead's and the national coordinator's sessions, an officer's form
 * link, a reviewer's assignment and a support-menu link; and a breadth-first walk of same-origin links from each
 * person's start page, one page per page type (ids, codes and tokens in a path count as one type).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { Links, Mail, People, Review, Workflow, type Audit } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { linkFor } from "../../local/form-link";
import { hasChromium, launch } from "./browser";

export const CYCLE = "east-midlands-2026";
const lead: Audit.Actor = { kind: "person", id: "lead", name: "Lead" };

/** Starting points for each person: URLs (absolute) and the session cookie, if any. */
export interface Start {
  who: string;
  cookie?: string;
  urls: string[];
}

export async function startCrawlStack(dataDir: string): Promise<LocalStack> {
  process.env.RIIA_LOCAL_DIR = dataDir;
  return startLocalStack({ dataDir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
}

/** The newest link to `/path/…` emailed to `to`. */
export async function mailedLink(stack: LocalStack, to: string, path: string): Promise<string | undefined> {
  const mails = (await sentMail(stack.urls.mail.replace(/\/$/, ""))).filter((m) =>
    m.destination.to.some((t) => t.toLowerCase() === to),
  );
  return mails
    .map((m) => new RegExp(`https?://\\S+(/${path}/[A-Za-z0-9._-]+)`).exec(m.body.text ?? "")?.[1])
    .filter(Boolean)
    .at(-1);
}

/**
 * Sign in by emailed link, posting what the sign-in page and the link's page post (their CSRF tokens, bound to the
 * visitor cookie the sign-in page gives); the session cookie `name=value`.
 */
export async function sessionCookie(stack: LocalStack, region: string, email: string): Promise<string> {
  const opened = await fetch(`${stack.urls.app}/sign-in`);
  const cookie = /riia_visitor=[^;]+/.exec(opened.headers.get("set-cookie") ?? "")![0];
  const token = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const headers = { origin: stack.urls.app, cookie };
  await fetch(`${stack.urls.app}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ region, email, csrf: token(await opened.text()) }),
    headers,
  });
  const link = await mailedLink(stack, email, "s");
  const linkPage = await (await fetch(`${stack.urls.app}${link}`, { headers: { cookie } })).text();
  const res = await fetch(`${stack.urls.app}${link}`, {
    method: "POST",
    body: new URLSearchParams({ csrf: token(linkPage) }),
    redirect: "manual",
    headers,
  });
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** Everyone's starting points: the lead, the national coordinator, an officer, a reviewer, a DCS's menu. */
export async function starts(stack: LocalStack): Promise<Start[]> {
  const deps = stack.deps;
  const app = stack.urls.app;
  await Workflow.openStep(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead, reason: "Browser crawl" });
  await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
  await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
  const assignment = (await sentMail(stack.standIns.endpoints.ses)).find((m) =>
    m.subject.startsWith("Peer scrutiny: please review"),
  );
  const accept = assignment && /(http:\/\/localhost:\d+\/r\/[a-z2-7]+)\/accept/.exec(assignment.body.text!)?.[1];
  const officer = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
  const person = (await People.findByEmail(deps, "east-midlands", "performance@derby.example.org"))!;
  const menu = await Links.issue(deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    authority: "E06000015",
    form: "support-menu",
    personId: person.id,
    expiresAt: new Date(Date.now() + 86_400_000 * 60),
  });
  const leadCookie = await sessionCookie(stack, "east-midlands", "lead@em-riia.example.org");
  const nationalCookie = await sessionCookie(stack, "national", "coordinator@national.example.org");
  return [
    {
      who: "lead",
      cookie: leadCookie,
      urls: [`${app}/lead`, `${app}/lead/cycles/${CYCLE}`, `${app}/lead/templates/self-evaluation`],
    },
    { who: "national", cookie: nationalCookie, urls: [`${app}/lead/national`] },
    {
      who: "officer",
      urls: [`${app}/f/${officer.token}`, `${app}/m/${menu.token}`],
    },
    { who: "reviewer", urls: accept ? [`${accept}/accept`, `${accept}/work`] : [] },
    { who: "public", urls: [`${app}/`, `${app}/sign-in`, `${app}/privacy`, `${app}/accessibility`] },
  ];
}

/** One page type per path shape: codes, numbers, tokens, cycle ids and ids count as one. */
export function pageType(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split("/")
    .map((s, i, all) =>
      ["dataset", "concerns"].includes(all[i - 1] ?? "") && all[1] === "lead"
        ? ":region"
        : /^E\d{8}$/.test(s)
          ? ":code"
          : /^\d+$/.test(s)
            ? ":n"
            : /^[a-z2-7]{20,}$|^[A-Za-z0-9_-]{24,}$|\./.test(s) && !/\.(csv|json|docx)$/.test(s)
              ? ":token"
              : /^[a-z-]+-\d{4}$/.test(s)
                ? ":cycle"
                : /^(p|c|s|sub|con)-[0-9a-f]{4,}/.test(s)
                  ? ":id"
                  : s,
    )
    .join("/");
  const keys = [...u.searchParams.keys()].filter((k) => ["confirm", "authority", "step", "view"].includes(k));
  return path + (keys.length ? `?${keys.map((k) => `${k}=${u.searchParams.get(k)}`).join("&")}` : "");
}

const SKIP = /\.(csv|json|docx|xlsx|pdf)(\?|$)|\/files\/|\/export\/|\/docs$|\/openapi|\/sign-out|\/assets\//;

/** A browser context for a person: their cookie, and the pages' scripts removed from every response when JS is off. */
export async function personContext(
  browser: Browser,
  app: string,
  start: Start,
  javaScriptEnabled: boolean,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport });
  if (!javaScriptEnabled)
    await ctx.route(`${app}/**`, async (route) => {
      const res = await route.fetch({
        maxRedirects: 0,
        headers: { ...route.request().headers(), origin: new URL(app).origin },
      });
      if (!(res.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response: res });
      return route.fulfill({ response: res, body: (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "") });
    });
  if (start.cookie) {
    const [name, value] = start.cookie.split("=");
    await ctx.addCookies([{ name: name!, value: value!, url: app }]);
  }
  return ctx;
}

/**
 * Visit each page type reachable from the person's start pages (breadth first, same origin, GET links only, at most
 * `limit` types), calling `check` on each loaded page.
 */
export async function crawl(
  page: Page,
  app: string,
  start: Start,
  check: (type: string, url: string) => Promise<void>,
  limit = 120,
): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...start.urls];
  const visited: string[] = [];
  while (queue.length && visited.length < limit) {
    const url = queue.shift()!;
    const type = `${start.who} ${pageType(url)}`;
    if (seen.has(type)) continue;
    seen.add(type);
    const res = await page.goto(url);
    if (!res || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
    visited.push(type);
    await check(type, url);
    const hrefs = await page.evaluate(() =>
      [
        ...(
          globalThis as unknown as { document: { querySelectorAll(s: string): { href: string }[] } }
        ).document.querySelectorAll("main a[href], .govuk-service-navigation a[href]"),
      ].map((a) => a.href),
    );
    for (const href of hrefs) {
      const clean = href.split("#")[0]!;
      if (!clean.startsWith(app) || SKIP.test(clean)) continue;
      if (!seen.has(`${start.who} ${pageType(clean)}`)) queue.push(clean);
    }
  }
  return visited;
}

/**
 * One crawl test file's world: the seeded stack, a browser and everyone's starting points, made before its tests and
 * taken down after them (read its fields inside the tests, once they exist).
 */
export function crawlWorld(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `riia-e2e-${name}-`));
  const world = {
    stack: undefined as unknown as LocalStack,
    browser: undefined as unknown as Browser,
    people: [] as Start[],
  };
  beforeAll(async () => {
    if (!hasChromium) return;
    world.stack = await startCrawlStack(dir);
    world.browser = await launch();
    world.people = await starts(world.stack);
  }, 120_000);
  afterAll(async () => {
    await world.browser?.close();
    await world.stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return world;
}
