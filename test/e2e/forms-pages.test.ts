/**
 * The new pages in Chromium, with and without their JavaScript: the DCS's sign-off page (and its
 * error state), a form's versions and their comparison, and the lead's template editor and preview.
 * axe-core finds no WCAG 2.2 AA violation on any of them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Submission } from "@riia/core";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { linkFor } from "../../local/form-link";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-pages-"));
let stack: LocalStack;
let browser: Browser;
const urls: Record<string, string> = {};
let leadCookie = "";

const mailText = async (to: string, path: string) => {
  const mails = (await sentMail(stack.urls.mail.replace(/\/$/, ""))).filter((m) =>
    m.destination.to.some((t) => t.toLowerCase() === to),
  );
  const found = mails
    .map((m) => new RegExp(`https?://\\S+(/${path}/[A-Za-z0-9._-]+)`).exec(m.body.text ?? "")?.[1])
    .filter(Boolean);
  return found.at(-1)!;
};

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
  const deps = stack.deps;
  // An officer's self-evaluation, submitted and waiting for the DCS; then returned and submitted again.
  const id = Submission.submissionId("east-midlands-2026", "self-evaluation", "E06000015");
  const officer = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
  await fetch(`${stack.urls.app}/f/${officer.token}`);
  let sub = await Submission.get(deps, id);
  sub = await Submission.saveDraft(deps, {
    id,
    expectedVersion: sub.version,
    answers: { period: "2025-26", context: "A city." },
    actor: { kind: "person", id: officer.person.id, name: officer.person.name },
  });
  sub = await Submission.submit(deps, {
    id,
    expectedVersion: sub.version,
    actor: { kind: "system", id: "t" },
    awaitSignOff: true,
  });
  await Submission.requestSignOff(deps, { submission: sub, submittedBy: officer.person.name });
  urls.signOff = `${stack.urls.app}${await mailText("dcs@derby.example.org", "sign-off")}`;
  urls.history = `${stack.urls.app}/f/${officer.token}/history`;
  // The lead signs in (emailed link) for the editor pages.
  // As a browser: the sign-in page's visitor cookie goes with both posts, each carrying the page's token.
  const signInPage = await fetch(`${stack.urls.app}/sign-in`);
  const visitor = /riia_visitor=[^;]+/.exec(signInPage.headers.get("set-cookie") ?? "")![0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await signInPage.text())![1]!;
  await fetch(`${stack.urls.app}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ csrf, region: "east-midlands", email: "lead@em-riia.example.org" }),
    headers: { origin: stack.urls.app, cookie: visitor },
  });
  const signIn = await mailText("lead@em-riia.example.org", "s");
  const res = await fetch(`${stack.urls.app}${signIn}`, {
    method: "POST",
    body: new URLSearchParams({ csrf }),
    redirect: "manual",
    headers: { origin: stack.urls.app, cookie: visitor },
  });
  leadCookie = res.headers.get("set-cookie")!.split(";")[0]!;
  urls.templates = `${stack.urls.app}/lead/templates`;
  urls.editor = `${stack.urls.app}/lead/templates/development-plan`;
  urls.preview = `${stack.urls.app}/lead/templates/development-plan/preview/priorities`;
  urls.leadHistory = `${stack.urls.app}/lead/submissions/${id}/history`;
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)("new pages in a browser", () => {
  it.each([true, false])(
    "axe-core finds no WCAG 2.2 AA violations (JavaScript %s)",
    async (javaScriptEnabled) => {
      const ctx = await browser.newContext();
      // Without JavaScript: the pages' own scripts are removed from every response (axe runs from the test).
      if (!javaScriptEnabled)
        await ctx.route(`${stack.urls.app}/**`, async (route) => {
          const res = await route.fetch({
            maxRedirects: 0,
            headers: { ...route.request().headers(), origin: new URL(stack.urls.app).origin },
          });
          if (!(res.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response: res });
          return route.fulfill({ response: res, body: (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "") });
        });
      const [name, value] = leadCookie.split("=");
      await ctx.addCookies([{ name: name!, value: value!, url: stack.urls.app }]);
      const page = await ctx.newPage();
      const found: Record<string, string[]> = {};
      const check = async (label: string) => {
        const violations = await axe(page);
        if (violations.length)
          found[label] = violations.map(
            (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
      };
      for (const [label, url] of Object.entries(urls)) {
        const res = await page.goto(url);
        expect(res?.status(), label).toBe(200);
        if (!javaScriptEnabled) expect(await page.locator("body").getAttribute("class")).not.toContain("js-enabled");
        await check(label);
      }
      // The sign-off page with an error: send without choosing.
      await page.goto(urls.signOff!);
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send your decision" }).click()]);
      expect(await page.locator(".govuk-error-summary").count()).toBe(1);
      await check("signOffWithErrors");
      await ctx.close();
      expect(found).toEqual({});
    },
    120_000,
  );
});
