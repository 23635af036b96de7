/**
 * A quarter's round run from the console in a real browser: the lead schedules it with its own
 * dates and reminders (confirm page first), the scheduled step opens it, an LA's data contact
 * sends figures from the emailed link, the round's page shows the return, and the lead reopens it
 * with a reason. Checked in the store, in the mail sent, and with axe on each page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatasetStore, Quarters, Rounds } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-rounds-"));
const REGION = "east-midlands";
const DERBY = "E06000015";
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const mails = () => sentMail(stack.standIns.endpoints.ses);

async function signIn(page: Page) {
  await page.goto(`${stack.urls.app}/sign-in`);
  await page.getByLabel("Your region").selectOption(REGION);
  await page.getByLabel("Email address").fill("lead@em-riia.example.org");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send me a sign-in link" }).click()]);
  const link = (await mails()).filter((m) => m.subject === "Your sign-in link").at(-1)!;
  await page.goto(/(http:\/\/localhost:\d+\/s\/[\w.-]+)/.exec(link.body.text!)![1]!);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
}

async function noViolations(page: Page, name: string) {
  const violations = await axe(page);
  expect(violations.map((v) => `${name}: ${v.id} ${v.help}`)).toEqual([]);
}

describe.skipIf(!hasChromium)("a round from the console in a browser", () => {
  it("schedules, opens, shows the return as it comes, and reopens it", async () => {
    const deps = stack.deps;
    const now = deps.clock.now();
    const quarter = Quarters.shift(Quarters.lastEnded(now), 1);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const due = new Date(now.getTime() + 21 * 86_400_000);
    const page = await (await browser.newContext()).newPage();
    await signIn(page);

    await page.goto(`${stack.urls.app}/lead/dataset/${REGION}`);
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Quarterly rounds" }).click()]);
    await noViolations(page, "rounds");
    await page.getByLabel("Quarter the round collects").selectOption(quarter);
    await page.getByLabel("Opens on").fill(iso(now));
    await page.getByLabel("Deadline", { exact: true }).fill(iso(due));
    await page.getByLabel("Reminders, in days before the deadline").fill("7");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Check the round" }).click()]);
    expect(await page.locator("main").innerText()).toMatch(/data contacts will be emailed a personal link/);
    expect(await Rounds.round(deps, REGION, quarter)).toBeUndefined();
    await noViolations(page, "confirm");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Schedule the round" }).click()]);
    expect(await page.locator("main").innerText()).toMatch("The round is scheduled.");
    expect(await Rounds.round(deps, REGION, quarter)).toMatchObject({ remindDaysBefore: [7] });

    // The scheduled step opens it today; Derby's data contact sends its figures from the emailed link.
    await runScheduled(deps);
    const invitation = (await mails()).find(
      (m) => /Core dataset for/.test(m.subject) && m.body.text!.includes("Derby's figures"),
    )!;
    const returnLink = /(http:\/\/localhost:\d+\/d\/[\w.-]+)/.exec(invitation.body.text!)![1]!;
    const previous = await DatasetStore.getValues(deps, REGION, Quarters.shift(quarter, -1), DERBY);
    const contact = await (await browser.newContext()).newPage();
    await contact.goto(returnLink);
    await contact.locator('[name="v-re-referrals"]').fill(String(previous?.values["re-referrals"] ?? 20));
    await Promise.all([contact.waitForNavigation(), contact.getByRole("button", { name: "Send the figures" }).click()]);
    expect(await contact.locator("h1").innerText()).toBe("Figures sent");

    await page.goto(`${stack.urls.app}/lead/dataset/${REGION}/rounds/${quarter}`);
    const derbyRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Derby", exact: true }) });
    expect(await derbyRow.innerText()).toContain("Returned");
    await noViolations(page, "round");

    await Promise.all([page.waitForNavigation(), derbyRow.getByRole("link", { name: /Reopen/ }).click()]);
    await page.getByLabel("Why reopen it").fill("Re-referrals counted twice");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Reopen the return" }).click()]);
    expect(await page.locator("main").innerText()).toMatch("The return is reopened");
    expect(await derbyRow.innerText()).toContain("Reopened: awaiting a corrected return");
    expect((await Rounds.round(deps, REGION, quarter))!.reopened?.[DERBY]?.reason).toBe("Re-referrals counted twice");
  }, 240_000);

  it.each([320, 1280])(
    "the region's figures page fits a %i px screen: the wide table scrolls in its own focusable region",
    async (width) => {
      const ctx = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      await signIn(page);
      const quarter = Quarters.lastEnded(stack.deps.clock.now());
      await page.goto(`${stack.urls.app}/lead/dataset/${REGION}?quarter=${quarter}`);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
      const region = page.getByRole("region", { name: "The same figures as a table" });
      expect(await region.getAttribute("tabindex")).toBe("0");
      const sizes = await region.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
      expect(sizes.client).toBeLessThanOrEqual(width);
      // Scrolled to its far end, the local authority's name is still in view.
      await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      const first = region.locator("tbody th").first();
      const box = await first.boundingBox();
      const area = await region.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(area!.x - 1);
      expect(
        await first.evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { position: string } }).getComputedStyle(el)
              .position,
        ),
      ).toBe("sticky");
      await noViolations(page, `figures at ${width}`);
      await ctx.close();
    },
    120_000,
  );
});

describe.skipIf(!hasChromium)("an EES file imported in a browser", () => {
  it("uploads, shows the full account with no accessibility violations, and imports the valid rows", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page);
    await page.goto(`${stack.urls.app}/lead/dataset/${REGION}/import`);
    await page.getByLabel("CSV file").setInputFiles(join(__dirname, "../fixtures/ees/long-financial-quarter.csv"));
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Check the file" }).click()]);
    const preview = await page.locator("main").innerText();
    expect(preview).toMatch(/10 rows read\. \d+ figures will change/);
    expect(preview).toContain("lines 2 and 3 give different figures for Leicestershire");
    await noViolations(page, "import preview");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Import the rows that can be imported" }).click(),
    ]);
    expect(await page.locator("main").innerText()).toContain("What was imported");
    const stored = await DatasetStore.getValues(stack.deps, REGION, "2025-Q3", "E06000017");
    expect(stored?.values["re-referrals"]).toBe(17.5);
    await noViolations(page, "import result");
  }, 120_000);
});
