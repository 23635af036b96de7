/**
 * The exchange in a real browser, on the `npm start` seed: the East Midlands lead finds a West Midlands offer in the
 * national catalogue, asks for it through the confirmation page, the West Midlands lead agrees from the emailed link
 * (no account), and both regions' brokering pages show it. axe-core checks each exchange page on the way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-exchange-"));
let stack: LocalStack;
let browser: Browser;
const violations: Record<string, string[]> = {};

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mail = async (subject: RegExp) =>
  (await sentMail(stack.standIns.endpoints.ses)).filter((m) => subject.test(m.subject)).at(-1);

async function signedIn(scope: string, email: string): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${stack.urls.app}/sign-in`);
  await page.getByLabel("Your region").selectOption(scope);
  await page.getByLabel("Email address").fill(email);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send me a sign-in link" }).click()]);
  const link = (await sentMail(stack.standIns.endpoints.ses))
    .filter((m) => m.subject === "Your sign-in link" && m.destination.to.includes(email))
    .at(-1)!;
  await page.goto(/(http:\/\/localhost:\d+\/s\/[\w.-]+)/.exec(link.body.text!)![1]!);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
  expect(page.url()).toContain("/lead/cycles/");
  await page.close();
  return ctx;
}

async function check(name: string, page: Page) {
  const found = await axe(page);
  if (found.length) violations[name] = found.map((v) => `${v.id}: ${v.help}`);
}

describe.skipIf(!hasChromium)("the exchange in a browser", () => {
  it("a lead asks for another region's offer; the other lead agrees by the emailed link; both boards show it", async () => {
    const em = await signedIn("east-midlands", "lead@em-riia.example.org");
    const page = await em.newPage();
    const opened = await page.goto(`${stack.urls.app}/lead/exchange`);
    expect(opened?.status(), (await page.textContent("main")) ?? "").toBe(200);
    await check("catalogue", page);
    await page.getByLabel("Search offers").fill("academy");
    await Promise.all([page.waitForURL(/q=academy/), page.getByRole("button", { name: "Search" }).click()]);
    await expect.poll(() => page.locator("#other-offers").textContent()).toContain("Coventry");
    const ask = page.locator("#other-offers a", { hasText: "Ask for this offer" }).first();
    await Promise.all([page.waitForURL(/\/lead\/exchange\/offers\//), ask.click()]);
    await check("request", page);
    // Derby already has workforce support agreed in the demo (local/seed-impact.ts), so the request is for Lincolnshire.
    await page.getByLabel("Which of your local authorities is it for?").selectOption({ label: "Lincolnshire" });
    await page.getByLabel("Why you ask (optional)").fill("Turnover has risen for three quarters.");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
    await check("request confirm", page);
    expect(await page.textContent("main")).toContain("lead@wm-riia.example.org");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send the request" }).click()]);
    expect(page.url(), (await page.textContent("main")) ?? "").toContain("/lead/exchange/requests");
    await check("requests", page);

    const asked = await mail(/^East Midlands asks for Coventry's offer/);
    expect(asked?.destination.to).toEqual(["lead@wm-riia.example.org"]);
    const link = /(http:\/\/localhost:\d+\/x\/[a-z2-7]+)/.exec(asked!.body.text!)![1]!;
    const stranger = await browser.newContext();
    const answer = await stranger.newPage();
    await answer.goto(link);
    await check("emailed link", answer);
    await answer.getByLabel(/Agree: Coventry supports Lincolnshire/).check();
    await Promise.all([answer.waitForNavigation(), answer.getByRole("button", { name: "Continue" }).click()]);
    await check("agree confirm", answer);
    await Promise.all([answer.waitForNavigation(), answer.getByRole("button", { name: "Agree the request" }).click()]);
    expect(await answer.textContent("main")).toContain("Thank you: your answer is recorded.");
    await stranger.close();

    await page.goto(`${stack.urls.app}/lead/cycles/east-midlands-2026/support`);
    const emBoard = (await page.locator("main").textContent())!;
    expect(emBoard).toMatch(
      /Support across regions[\s\S]*Receiving[\s\S]*Lincolnshire[\s\S]*Coventry \(West Midlands\)/,
    );
    const wm = await signedIn("west-midlands", "lead@wm-riia.example.org");
    const wmPage = await wm.newPage();
    await wmPage.goto(`${stack.urls.app}/lead/cycles/west-midlands-2026/support`);
    expect(await wmPage.locator("main").textContent()).toMatch(
      /Giving[\s\S]*Lincolnshire \(East Midlands\)[\s\S]*Coventry/,
    );
    await em.close();
    await wm.close();
    expect(violations).toEqual({});
  }, 120_000);
});
