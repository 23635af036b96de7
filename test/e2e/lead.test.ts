/**
 * The lead's and the support pages in a real browser: signing in by emailed link, then axe-core on the sign-in,
 * board, step, task, assignments, support, plan, audit, indicator catalogue (and one indicator's page), statistical
 * neighbours, quarantine, people, person and erase, menu, published plan and accept pages, and the national view
 * (as the national coordinator) and the confirmation pages of close, waive and publish — with and without JavaScript;
 * extending a deadline from the task page by keyboard alone; and waiving a task through its confirmation page with
 * JavaScript off.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Links, Mail, People, Review, Support, Tasks, Workflow, type Audit } from "@riia/core";
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
  await Support.publishPlan(deps, { cycleId: CYCLE, actor: lead, reason: "Browser test, before its step" });
  urls.plan = `${stack.urls.app}/plans/${CYCLE}/1`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const LEAD = { scope: "east-midlands", email: "lead@em-riia.example.org", home: `/lead/cycles/${CYCLE}` };
const COORDINATOR = { scope: "national", email: "coordinator@national.example.org", home: "/lead/national" };

async function signedIn(javaScriptEnabled: boolean, who = LEAD): Promise<BrowserContext> {
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
  await page.getByLabel("Your region").selectOption(who.scope);
  await page.getByLabel("Email address").fill(who.email);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send me a sign-in link" }).click()]);
  const link = (await sentMail(stack.standIns.endpoints.ses)).filter((m) => m.subject === "Your sign-in link").at(-1)!;
  await page.goto(/(http:\/\/localhost:\d+\/s\/[\w.-]+)/.exec(link.body.text!)![1]!);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
  expect(page.url()).toContain(who.home);
  await page.close();
  return ctx;
}

describe.skipIf(!hasChromium)("lead and support pages in a browser", () => {
  it.each([true, false])(
    "have no WCAG 2.2 AA violations (JavaScript %s)",
    async (javaScriptEnabled) => {
      const ctx = await signedIn(javaScriptEnabled);
      const page = await ctx.newPage();
      const base = `${stack.urls.app}/lead/cycles/${CYCLE}`;
      const pages: Record<string, string> = {
        signIn: `${stack.urls.app}/sign-in`,
        board: base,
        step: `${base}/steps/self-evaluation`,
        guardedStep: `${base}/steps/development-plan`,
        task: `${base}/steps/self-evaluation/las/E06000015`,
        assignments: `${base}/assignments/peer-scrutiny`,
        support: `${base}/support`,
        regionalPlan: `${base}/plan`,
        closeConfirm: `${base}/steps/self-evaluation?confirm=close`,
        waiveConfirm: `${base}/steps/self-evaluation/las/E06000015?confirm=waive`,
        publishConfirm: `${base}/plan?confirm=publish`,
        audit: `${base}/audit`,
        catalogue: `${stack.urls.app}/lead/dataset/east-midlands/catalogue`,
        indicator: `${stack.urls.app}/lead/dataset/east-midlands/catalogue/indicators/0`,
        neighbours: `${stack.urls.app}/lead/dataset/east-midlands/neighbours`,
        quarantine: `${stack.urls.app}/lead/quarantine`,
        people: `${stack.urls.app}/lead/people?authority=E06000015`,
        person: `${stack.urls.app}/lead/people/${People.personId("east-midlands", "performance@derby.example.org")}`,
        erase: `${stack.urls.app}/lead/people/${People.personId("east-midlands", "performance@derby.example.org")}/erase`,
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
      // The national view, read by the national coordinator, and one region's dashboard reached from it.
      const national = await signedIn(javaScriptEnabled, COORDINATOR);
      const np = await national.newPage();
      for (const [name, url] of Object.entries({
        national: `${stack.urls.app}/lead/national`,
        regionFromNational: `${stack.urls.app}/lead/cycles/${CYCLE}`,
      })) {
        expect((await np.goto(url))?.status(), name).toBe(200);
        const violations = await axe(np);
        if (violations.length) found[name] = violations.map((v) => `${v.id}: ${v.help}`);
        // The national page links down to the region's dashboard (the next page visited).
        if (name === "national") expect(await np.locator(`a[href="/lead/cycles/${CYCLE}"]`).count()).toBe(1);
      }
      await national.close();
      expect(found).toEqual({});
    },
    180_000,
  );

  it("extends a deadline from the task page by keyboard alone", async () => {
    const ctx = await signedIn(true);
    const page = await ctx.newPage();
    await page.goto(`${stack.urls.app}/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000016`);
    // Tab from the top of the page until the day field has focus, as a keyboard user would.
    const focused = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement?: { id?: string } } }).document.activeElement?.id ?? "",
      );
    for (let i = 0; i < 60 && (await focused()) !== "deadline-day"; i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe("deadline-day");
    await page.keyboard.type("30");
    await page.keyboard.press("Tab");
    await page.keyboard.type("6");
    await page.keyboard.press("Tab");
    await page.keyboard.type("2027");
    await page.keyboard.press("Tab");
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement?: { textContent?: string } } }
        ).document.activeElement?.textContent?.trim(),
      ),
    ).toBe("Extend the deadline");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await expect.poll(() => page.getByText("The deadline has been extended.").count()).toBe(1);
    expect((await Tasks.getTask(stack.deps, CYCLE, "self-evaluation", "E06000016")).deadline).toBe(
      "2027-06-30T23:59:59.000Z",
    );
    expect(await axe(page)).toEqual([]);
    await ctx.close();
  }, 60_000);

  it("waives a task through its confirmation page with JavaScript off: the first press changes nothing", async () => {
    const ctx = await signedIn(false);
    const page = await ctx.newPage();
    const task = `${stack.urls.app}/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000017`;
    await page.goto(task);
    await page.getByLabel("Why is it waived?").fill("Joint targeted area inspection this term");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Waive the task" }).click()]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Waive Rutland");
    expect((await Tasks.getTask(stack.deps, CYCLE, "self-evaluation", "E06000017")).status).not.toBe("waived");
    expect(await page.getByRole("link", { name: "Cancel" }).getAttribute("href")).toBe(new URL(task).pathname);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Waive the task" }).click()]);
    await expect.poll(() => page.getByText("The task has been waived.").count()).toBe(1);
    expect((await Tasks.getTask(stack.deps, CYCLE, "self-evaluation", "E06000017")).waivedReason).toBe(
      "Joint targeted area inspection this term",
    );
    await ctx.close();
  }, 60_000);
});
