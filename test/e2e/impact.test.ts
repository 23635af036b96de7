/**
 * The impact pages in a real browser, on the stack `npm start` runs (its seed includes local/seed-impact.ts): the
 * cycle's brokered solutions, a solution's page (chart and table, verdict, feedback, aims form), the LA's page from its
 * emailed link and the plan's actions and progress — axe-core finds no WCAG 2.2 AA violations.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Impact, People } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-impact-"));
const REGION = "east-midlands";
let stack: LocalStack;
let browser: Browser;
const urls: Record<string, string> = {};

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
  const deps = stack.deps;
  const derby = (await Impact.list(deps, REGION)).find((s) => s.authority === "E06000015")!;
  const officer = (await People.listByAuthority(deps, "E06000015")).find((p) => p.roles.includes("officer"))!;
  urls.link = await Impact.solutionLink(deps, derby, officer);
  const base = `${stack.urls.app}/lead/cycles/${derby.cycleId}`;
  Object.assign(urls, {
    list: `${base}/impact`,
    solution: `${base}/impact/${encodeURIComponent(derby.needId)}`,
    progress: `${base}/plan/progress`,
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${stack.urls.app}/sign-in`);
  await page.getByLabel("Your region").selectOption(REGION);
  await page.getByLabel("Email address").fill("lead@em-riia.example.org");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send me a sign-in link" }).click()]);
  const link = (await sentMail(stack.standIns.endpoints.ses)).filter((m) => m.subject === "Your sign-in link").at(-1)!;
  await page.goto(/(http:\/\/localhost:\d+\/s\/[\w.-]+)/.exec(link.body.text!)![1]!);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
  await page.close();
  return ctx;
}

describe.skipIf(!hasChromium)("impact pages in a browser", () => {
  it("show the demo's verdicts and have no WCAG 2.2 AA violations", async () => {
    const ctx = await signedIn();
    const page = await ctx.newPage();
    const found: Record<string, string[]> = {};
    for (const name of ["list", "solution", "link", "progress"]) {
      const res = await page.goto(urls[name]!.replace("http://localhost:3000", stack.urls.app));
      expect(res?.status(), name).toBe(200);
      if (name === "list") {
        const text = await page.locator("main").innerText();
        for (const v of ["improved beyond normal variation", "no change beyond normal variation", "too early to tell"])
          expect(text, v).toContain(v);
      }
      if (name === "solution" || name === "link") {
        expect(await page.locator('svg[role="img"]').count(), name).toBeGreaterThan(0);
        if (process.env.RIIA_SHOT)
          await page.locator('svg[role="img"]').first().screenshot({ path: process.env.RIIA_SHOT });
      }
      const violations = await axe(page);
      if (violations.length)
        found[name] = violations.map(
          (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
    }
    await ctx.close();
    expect(found).toEqual({});
  }, 240_000);
});
