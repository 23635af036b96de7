/**
 * The lead's and the support pages in a real browser: signing in by emailed link, then axe-core
 * on the sign-in, board, assignments, menu, plan and accept pages — with and without JavaScript.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Links, Mail, People, Review, Support, Workflow, type Audit } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-lead-"));
let stack: LocalStack;
let browser: Browser;
const CYCLE = "east-midlands-2026";
const lead: Audit.Actor = { kind: "person", id: "lead", name: "Lead" };
const urls: Record<string, string> = {};

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
  const deps = stack.deps;
  const noWait = { acquire: async () => undefined };
  await Workflow.openStep(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead, reason: "Browser test" });
  await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
  await Mail.dispatchDue(deps, { limiter: noWait });
  const assignment = (await sentMail(stack.standIns.endpoints.ses)).find((m) =>
    m.subject.startsWith("Peer scrutiny: please review"),
  )!;
  urls.accept = /(http:\/\/localhost:\d+\/r\/[a-z2-7]+\/accept)/.exec(assignment.body.text!)![1]!;
  await Support.addOffer(deps, {
    cycleId: CYCLE,
    authority: "E06000018",
    theme: "workforce",
    description: "Recruitment programme",
    format: "one-to-one",
    capacity: 2,
    source: "partners-in-practice",
    actor: lead,
  });
  const person = (await People.findByEmail(deps, "east-midlands", "performance@derby.example.org"))!;
  const { token } = await Links.issue(deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    authority: "E06000015",
    form: "support-menu",
    personId: person.id,
    expiresAt: new Date(Date.now() + 86_400_000 * 60),
  });
  urls.menu = `${stack.urls.app}/m/${token}`;
  await Support.publishPlan(deps, { cycleId: CYCLE, actor: lead });
  urls.plan = `${stack.urls.app}/plans/${CYCLE}/1`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  if (!javaScriptEnabled) {
    await ctx.route(`${stack.urls.app}/**`, async (route) => {
      const res = await route.fetch({
        maxRedirects: 0,
        headers: { ...route.request().headers(), origin: new URL(stack.urls.app).origin },
      });
      if (!(res.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response: res });
      return route.fulfill({ response: res, body: (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "") });
    });
  }
  const page = await ctx.newPage();
  await page.goto(`${stack.urls.app}/sign-in`);
  await page.getByLabel("Your region").selectOption("east-midlands");
  await page.getByLabel("Email address").fill("lead@em-riia.example.org");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send me a sign-in link" }).click()]);
  const link = (await sentMail(stack.standIns.endpoints.ses)).filter((m) => m.subject === "Your sign-in link").at(-1)!;
  await page.goto(/(http:\/\/localhost:\d+\/s\/[\w.-]+)/.exec(link.body.text!)![1]!);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
  expect(page.url()).toContain(`/lead/cycles/${CYCLE}`);
  await page.close();
  return ctx;
}

describe.skipIf(!hasChromium)("lead and support pages in a browser", () => {
  it.each([true, false])(
    "have no WCAG 2.2 AA violations (JavaScript %s)",
    async (javaScriptEnabled) => {
      const ctx = await signedIn(javaScriptEnabled);
      const page = await ctx.newPage();
      const pages: Record<string, string> = {
        signIn: `${stack.urls.app}/sign-in`,
        board: `${stack.urls.app}/lead/cycles/${CYCLE}`,
        assignments: `${stack.urls.app}/lead/cycles/${CYCLE}/assignments/peer-scrutiny`,
        menu: urls.menu!,
        plan: urls.plan!,
        accept: urls.accept!,
      };
      const found: Record<string, string[]> = {};
      for (const [name, url] of Object.entries(pages)) {
        const res = await page.goto(url);
        expect(res?.status(), name).toBe(200);
        const violations = await axe(page);
        if (violations.length)
          found[name] = violations.map(
            (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
      }
      await ctx.close();
      expect(found).toEqual({});
    },
    120_000,
  );
});
