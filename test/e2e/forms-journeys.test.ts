/**
 * Each of the four forms, in Debian's Chromium, from the link a person is emailed to the
 * confirmation page, with the page's JavaScript on and off. Every question the templates ask is
 * answered through the page (typing, ticking, choosing, the date's three boxes, adding a second
 * item to a repeating group, uploading a file), and the store is checked afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cycle, Mail, People, Submission, Tasks, Workflow } from "@riia/core";
import { BUILT_IN, type Question, type SimpleQuestion, type Template } from "@riia/forms";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { linkFor } from "../../local/form-link";
import { hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-journeys-"));
const evidence = join(dir, "evidence.csv");
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  writeFileSync(evidence, "measure,value\nre-referrals,21\n");
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const CYCLE = "east-midlands-2026";

/** A browser context whose pages run without their JavaScript (scripts stripped from every page). */
async function contextFor(javaScript: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({ javaScriptEnabled: javaScript });
  return ctx;
}

/** The form link in the newest email to `to` (as a person would click it). */
async function emailedLink(to: string, path = "f"): Promise<string> {
  await Mail.dispatchDue(stack.deps, { limit: 200 });
  const mail = (await sentMail(stack.urls.mail.replace(/\/$/, ""))).filter((m) =>
    m.destination.to.some((t) => t.toLowerCase().includes(to)),
  );
  const text = mail.map((m) => m.body.text ?? "").reverse();
  const pattern = new RegExp(`(https?://\\S+/${path}/[A-Za-z0-9._-]+)`);
  const link = text.map((t) => pattern.exec(t)?.[1]).find(Boolean);
  if (!link) throw new Error(`No form link was emailed to ${to}`);
  return link;
}

/** Pick a value for a choice question: one that shows the questions that depend on it, when any do. */
function choiceFor(q: SimpleQuestion | Question, siblings: (SimpleQuestion | Question)[]): string {
  const dependent = siblings.find((s) => s.showIf?.question === q.id);
  if (dependent) return dependent.showIf!.in[0]!;
  if (q.type === "rag") return "green";
  return "options" in q ? q.options[q.options.length > 1 ? 1 : 0]!.value : "";
}

/** Answer one question on the page, by the ids the page gives its fields. */
async function answer(page: Page, q: SimpleQuestion, id: string, siblings: SimpleQuestion[] | Question[], n: number) {
  switch (q.type) {
    case "text":
    case "textarea":
      await page.locator(`#${id}`).fill(`${q.label.replace(/[?:]$/, "")} – answer ${n}`);
      return `${q.label.replace(/[?:]$/, "")} – answer ${n}`;
    case "number": {
      const value = Math.min(q.max ?? 7, Math.max(q.min ?? 0, 7));
      await page.locator(`#${id}`).fill(String(value));
      return value;
    }
    case "date":
      await page.locator(`#${id}-day`).fill("31");
      await page.locator(`#${id}-month`).fill("3");
      await page.locator(`#${id}-year`).fill("2027");
      return "2027-03-31";
    case "radios":
    case "rag": {
      const value = choiceFor(q, siblings);
      await page
        .locator(`input[name="${await page.locator(`#${id}`).getAttribute("name")}"][value="${value}"]`)
        .check();
      return value;
    }
    case "checkboxes": {
      const value = q.options[0]!.value;
      await page
        .locator(`input[name="${await page.locator(`#${id}`).getAttribute("name")}"][value="${value}"]`)
        .check();
      return [value];
    }
    case "select": {
      const value = choiceFor(q, siblings);
      await page.locator(`#${id}`).selectOption(value);
      return value;
    }
    case "themes": {
      const options = await page
        .locator(`#${id} option`)
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
      const value = options[n % options.length]!;
      await page.locator(`#${id}`).selectOption(value);
      return value;
    }
    case "file": {
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("link", { name: `Upload a file for ${q.label}` }).click(),
      ]);
      await page.locator("#file").setInputFiles(evidence);
      await Promise.all([page.waitForURL(/\/s\/[a-z-]+$/), page.getByRole("button", { name: "Upload file" }).click()]);
      expect(await page.locator(`#${id}`).textContent()).toContain("evidence.csv");
      return "file";
    }
  }
}

async function press(page: Page, name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name, exact: true }).last().click()]);
}

/** Fill every section of `template` through its pages; returns what was entered, by question id. */
async function fillWholeForm(page: Page, template: Template) {
  const entered: Record<string, unknown> = {};
  const taskList = page.url();
  for (const section of template.sections) {
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: section.title, exact: true }).click()]);
    expect(await page.locator("h1").first().textContent()).toContain(section.title);
    // Files first: the upload page is a page of its own, and returns here.
    for (const q of section.questions)
      if (q.type === "file") entered[q.id] = await answer(page, q, `q-${q.id}`, section.questions, 1);
    for (const q of section.questions) {
      if (q.type !== "group") {
        if (q.type !== "file") entered[q.id] = await answer(page, q, `q-${q.id}`, section.questions, 1);
        continue;
      }
      // Two items: fill the first, press "Add another", fill the second.
      const items: Record<string, unknown>[] = [{}, {}];
      for (const [i, item] of items.entries()) {
        if (i === 1) await press(page, `Add another ${q.itemName}`);
        for (const sq of q.questions) {
          if (sq.showIf && !sq.showIf.in.includes(String(item[sq.showIf.question]))) continue;
          item[sq.id] = await answer(page, sq, `q-${q.id}-${i}-${sq.id}`, q.questions, i + 1);
        }
      }
      entered[q.id] = items;
    }
    await press(page, "Save and continue");
    expect(await page.locator(".govuk-error-summary").count(), `errors on ${section.title}`).toBe(0);
    await page.goto(taskList);
  }
  return entered;
}

async function submitFrom(page: Page) {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Check your answers" }).click()]);
  expect(await page.locator("h1").textContent()).toContain("Check your answers");
  for (const box of await page.locator('input[name="declaration"]').all()) await box.check();
  await press(page, "Accept and submit");
  return (await page.locator(".govuk-panel__title").textContent())?.trim();
}

/** The LA's DCS follows the sign-off email's link and approves the whole form. */
async function dcsApproves(ctx: BrowserContext, domain: string) {
  const url = await emailedLink(`dcs@${domain}.example.org`, "sign-off");
  const page = await ctx.newPage();
  await page.goto(url.replace(stack.deps.config.baseUrl, stack.urls.app));
  await page.getByLabel("Yes, approve it").check();
  await press(page, "Send your decision");
  return (await page.locator(".govuk-panel__title").textContent())?.trim();
}

interface Journey {
  form: Template["kind"];
  /** The link the person follows: from the email they were sent. */
  open: (js: boolean) => Promise<{ url: string; submissionId: string }>;
}

const LA = {
  true: { code: "E10000007", domain: "derbyshire" },
  false: { code: "E10000018", domain: "leicestershire" },
} as const;

const journeys: Journey[] = [
  {
    form: "self-evaluation",
    open: async (js) => {
      await Workflow.openStep(stack.deps, {
        cycleId: CYCLE,
        step: "self-evaluation",
        actor: { kind: "system", id: "test" },
      });
      const la = LA[`${js}`];
      return {
        url: await emailedLink(`improvement@${la.domain}.example.org`),
        submissionId: Submission.submissionId(CYCLE, "self-evaluation", la.code),
      };
    },
  },
  {
    form: "development-plan",
    open: async (js) => {
      await Workflow.openStep(stack.deps, {
        cycleId: CYCLE,
        step: "development-plan",
        actor: { kind: "system", id: "test" },
        reason: "browser journey",
      });
      const la = LA[`${js}`];
      return {
        url: await emailedLink(`improvement@${la.domain}.example.org`),
        submissionId: Submission.submissionId(CYCLE, "development-plan", la.code),
      };
    },
  },
  {
    form: "peer-challenge-response",
    // The link the assignment email carries (Tasks.formLink with the reviewee and step).
    open: async (js) => {
      const la = LA[`${js}`];
      const person = (await People.findByEmail(stack.deps, "east-midlands", `performance@${la.domain}.example.org`))!;
      const cycle = await Cycle.get(stack.deps, CYCLE);
      const reviewee = js ? "E06000015" : "E06000016";
      const url = await Tasks.formLink(
        stack.deps,
        cycle,
        "peer-challenge-response",
        la.code,
        person,
        "2027-03-31T00:00:00Z",
        `${reviewee}~peer-challenge`,
      );
      return {
        url: url.replace(stack.deps.config.baseUrl, stack.urls.app),
        submissionId: Submission.submissionId(
          CYCLE,
          "peer-challenge-response",
          `${la.code}~${reviewee}~peer-challenge`,
        ),
      };
    },
  },
  {
    form: "core-dataset",
    open: async (js) => {
      const la = LA[`${js}`];
      const { token } = await linkFor(stack.deps, { email: `dcs@${la.domain}.example.org`, form: "core-dataset" });
      return {
        url: `${stack.urls.app}/f/${token}`,
        submissionId: Submission.submissionId(CYCLE, "core-dataset", la.code),
      };
    },
  },
];

describe.skipIf(!hasChromium)("every form in a browser, from the emailed link to the confirmation", () => {
  for (const journey of journeys)
    it.each([true, false])(
      `${journey.form} (JavaScript %s)`,
      async (js) => {
        const { url, submissionId } = await journey.open(js);
        const ctx = await contextFor(js);
        const page = await ctx.newPage();
        await page.goto(url.replace(stack.deps.config.baseUrl, stack.urls.app));
        expect(await page.locator("body").getAttribute("class")).toMatch(js ? /js-enabled/ : /^(?!.*js-enabled)/);
        const entered = await fillWholeForm(page, BUILT_IN[journey.form]);
        const panel = await submitFrom(page);
        if (BUILT_IN[journey.form].declaration.requiresDcs) {
          // Officers submit; it counts only when the LA's DCS approves it from their email.
          expect(panel).toBe("Sent to your director for approval");
          expect((await Submission.get(stack.deps, submissionId)).status).toBe("awaiting-sign-off");
          expect(await dcsApproves(ctx, LA[`${js}`].domain)).toMatch(/^You approved the /);
        } else expect(panel).toMatch(/submitted$/);
        const sub = await Submission.get(stack.deps, submissionId);
        expect(sub.status).toBe("submitted");
        expect(sub.reference).toBeTruthy();
        expect(sub.reference).toMatch(/^[0-9A-F]{8}$/);
        for (const [qid, value] of Object.entries(entered)) {
          if (value === "file") expect((sub.answers[qid] as string[]).length, qid).toBe(1);
          else if (Array.isArray(value) && typeof value[0] === "object")
            expect(sub.answers[qid], qid).toEqual(
              (value as Record<string, unknown>[]).map((item) =>
                Object.fromEntries(Object.entries(item).filter(([, x]) => x !== "file")),
              ),
            );
          else expect(sub.answers[qid], qid).toEqual(value);
        }
        await ctx.close();
      },
      180_000,
    );
});
