/**
 * In a real browser (headless Debian Chromium driven by playwright-core): an officer completes a
 * whole self-evaluation using only the keyboard, and axe-core finds no WCAG 2.2 AA violation on
 * any page type, with and without JavaScript.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Submission } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { linkFor } from "../../local/form-link";
import { axe, hasChromium, launch, CHROMIUM } from "./browser";

if (!hasChromium && process.env.CI) throw new Error(`Chromium is not at ${CHROMIUM}: .ci/browser installs it`);
if (!hasChromium)
  process.stderr.write(
    `\nBrowser tests skipped: no Chromium at ${CHROMIUM} (run .ci/browser, or set CHROMIUM_PATH).\n`,
  );

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-"));
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  // The region's calendar: a fresh form with nothing carried forward, so the empty-form errors show.
  stack = await startLocalStack({
    dataDir: dir,
    ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 },
    seedCalendar: "region",
  });
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Type into the field labelled `label` after moving focus to it. */
async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(text);
}
/** Choose a radio or checkbox with the keyboard: focus it, press Space. */
async function choose(page: Page, label: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press("Space");
}
/** Choose an option of a select by keyboard. */
async function select(page: Page, label: string, optionText: string) {
  const s = page.getByLabel(label, { exact: true });
  await s.focus();
  const options = await s.locator("option").allTextContents();
  const steps = options.indexOf(optionText) - options.indexOf((await s.locator("option:checked").textContent()) ?? "");
  for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowDown");
  expect(await s.locator("option:checked").textContent()).toBe(optionText);
}
/** Press a button with the keyboard and wait for the next page. */
async function press(page: Page, name: string) {
  await page.getByRole("button", { name, exact: true }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

const pages: Record<string, string> = {};

describe.skipIf(!hasChromium)("self-evaluation in a browser", () => {
  let context: BrowserContext;
  let token: string;

  it("an officer completes and submits a whole self-evaluation with the keyboard alone", async () => {
    ({ token } = await linkFor(stack.deps, { email: "performance@rutland.example.org", form: "self-evaluation" }));
    context = await browser.newContext();
    const page = await context.newPage();
    const base = `${stack.urls.app}/f/${token}`;
    await page.goto(base);
    pages.taskList = page.url();
    expect(await page.locator("h1").textContent()).toContain("Annual self-evaluation");

    // Follow the first task by keyboard.
    await page.getByRole("link", { name: "Your local context" }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);

    // Try to continue with nothing filled in: the error summary takes focus and links to each field.
    await press(page, "Save and continue");
    pages.sectionWithErrors = page.url();
    expect(await page.locator(".govuk-error-summary").isVisible()).toBe(true);
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(3);

    await typeInto(page, "Period this self-evaluation covers", "April 2025 to March 2026");
    await typeInto(page, "Describe your local context", "A small county with low but rising demand.");
    await choose(page, "Good");
    await press(page, "Save and continue");

    pages.groupSection = page.url();
    expect(await page.locator("h1").textContent()).toContain("Strengths and areas for development");
    await select(page, "Theme", "Workforce: recruitment, retention and practice");
    await typeInto(page, "Strengths", "Low turnover and strong supervision.");
    await typeInto(page, "Areas for development", "Recruiting experienced social workers.");
    await choose(page, "Requires improvement to be good");
    await press(page, "Save and continue");

    await typeInto(
      page,
      "What do you know about the quality and impact of social work practice in your local authority?",
      "Practice is good.",
    );
    await typeInto(page, "How do you know it?", "Audits and feedback.");
    await typeInto(
      page,
      "What are your plans for the next 12 months to maintain or improve practice?",
      "Grow our own.",
    );
    await press(page, "Save and continue");

    await choose(page, "No");
    await press(page, "Save and continue");

    pages.check = page.url();
    expect(await page.locator("h1").textContent()).toContain("Check your answers");
    await choose(
      page,
      // An officer's declaration: it goes to the director to approve, so it does not claim their approval.
      "I confirm that this annual self-evaluation is accurate to the best of my knowledge and ready for our director of children's services to approve. It is not submitted until they approve it.",
    );
    await press(page, "Accept and submit");

    // An officer's submission goes to the LA's DCS for approval (forms-journeys.test.ts follows it there).
    pages.confirmation = page.url();
    expect(await page.locator(".govuk-panel__title").textContent()).toContain("Sent to your director for approval");
    const sub = await Submission.get(stack.deps, "east-midlands-2026.self-evaluation.E06000017");
    expect(sub.status).toBe("awaiting-sign-off");
    expect(await page.locator(".govuk-panel__body").textContent()).toContain(sub.reference!);
    expect(sub.answers.themes).toEqual([
      {
        theme: "workforce",
        strengths: "Low turnover and strong supervision.",
        areas: "Recruiting experienced social workers.",
        rating: "requires-improvement",
      },
    ]);
    await context.close();
  }, 120_000);

  it.each([true, false])(
    "axe-core finds no WCAG 2.2 AA violations on any page type (JavaScript %s)",
    async (javaScriptEnabled) => {
      const other = await linkFor(stack.deps, { email: "performance@derby.example.org", form: "self-evaluation" });
      const urls: Record<string, string> = {
        ...pages,
        freshTaskList: `${stack.urls.app}/f/${other.token}`,
        section: `${stack.urls.app}/f/${other.token}/s/summary`,
        repeatingGroup: `${stack.urls.app}/f/${other.token}/s/offers`,
        upload: `${stack.urls.app}/f/${other.token}/upload/evidence-files`,
        badLink: `${stack.urls.app}/f/not-a-valid-link`,
        notFound: `${stack.urls.app}/no-such-page`,
      };
      // Without JavaScript: the page's own scripts never run (they are removed from every HTML
      // response), so GOV.UK components render in their no-JS state; axe itself runs from the test.
      const ctx = await browser.newContext();
      if (!javaScriptEnabled) {
        await ctx.route(`${stack.urls.app}/**`, async (route) => {
          const request = route.request();
          const res = await route.fetch({
            maxRedirects: 0,
            headers: { ...request.headers(), origin: new URL(stack.urls.app).origin },
          });
          const type = res.headers()["content-type"] ?? "";
          if (!type.includes("text/html")) return route.fulfill({ response: res });
          const html = (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "");
          return route.fulfill({ response: res, body: html });
        });
      }
      const page = await ctx.newPage();
      const found: Record<string, string[]> = {};
      for (const [name, url] of Object.entries(urls)) {
        if (name === "sectionWithErrors") {
          await page.goto(`${stack.urls.app}/f/${other.token}/s/context`);
          await Promise.all([
            page.waitForNavigation(),
            page.getByRole("button", { name: "Save and continue", exact: true }).click({ timeout: 5000 }),
          ]);
          expect(await page.locator(".govuk-error-summary").count()).toBe(1);
        } else await page.goto(url);
        if (!javaScriptEnabled) expect(await page.locator("body").getAttribute("class")).not.toContain("js-enabled");
        const violations = await axe(page);
        if (violations.length)
          found[name] = violations.map(
            (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
      }
      await ctx.close();
      expect(found).toEqual({});
    },
    120_000,
  );
});
