/**
 * The dataset and concern pages in a real browser, with and without JavaScript: axe-core on the
 * heat map, the LA indicator page (charts and their tables), the import page, the concerns list and
 * detail, the LA's return form and the DCS's response page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Audit, Collection, Concerns, People, Quarters } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { DETERIORATING_LA } from "../../local/seed-dataset";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-dataset-"));
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
  const quarter = Quarters.lastEnded(deps.clock.now());
  const [concern] = await Concerns.openFromSignals(deps, {
    regionId: REGION,
    quarter,
    actor: Audit.systemActor("test"),
  });
  expect(concern?.authority).toBe(DETERIORATING_LA);
  const dcs = (await People.listByAuthority(deps, DETERIORATING_LA)).find((p) => p.roles.includes("dcs"))!;
  urls.respond = await Concerns.responseLink(deps, concern!, dcs.id);
  const round = await Collection.schedule(deps, REGION, Quarters.shift(quarter, 1));
  const [contact] = await Collection.dataContacts(deps, "E06000015");
  urls.returnForm = await Collection.formLink(deps, round, "E06000015", contact!.id);
  const base = `${stack.urls.app}/lead`;
  Object.assign(urls, {
    heatMap: `${base}/dataset/${REGION}?quarter=${quarter}`,
    la: `${base}/dataset/${REGION}/la/${DETERIORATING_LA}?quarter=${quarter}`,
    import: `${base}/dataset/${REGION}/import`,
    concerns: `${base}/concerns/${REGION}`,
    concern: `${base}/concerns/${REGION}/${encodeURIComponent(concern!.id)}`,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  // Without JavaScript: the pages' own scripts are stripped (axe still runs, from the test).
  if (!javaScriptEnabled)
    await ctx.route(`${stack.urls.app}/**`, async (route) => {
      const res = await route.fetch({
        maxRedirects: 0,
        headers: { ...route.request().headers(), origin: new URL(stack.urls.app).origin },
      });
      if (!(res.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response: res });
      return route.fulfill({ response: res, body: (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "") });
    });
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

describe.skipIf(!hasChromium)("dataset and concern pages in a browser", () => {
  it.each([true, false])(
    "render their charts and have no WCAG 2.2 AA violations (JavaScript %s)",
    async (javaScriptEnabled) => {
      const ctx = await signedIn(javaScriptEnabled);
      const page = await ctx.newPage();
      const found: Record<string, string[]> = {};
      for (const name of ["heatMap", "la", "import", "concerns", "concern", "returnForm", "respond"]) {
        const res = await page.goto(urls[name]!);
        expect(res?.status(), name).toBe(200);
        if (name === "heatMap" || name === "la")
          expect(await page.locator('svg[role="img"]').count(), name).toBeGreaterThan(0);
        const violations = await axe(page);
        if (violations.length)
          found[name] = violations.map(
            (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
      }
      await ctx.close();
      expect(found).toEqual({});
    },
    180_000,
  );
});
