/**
 * No one stranded, nobody's words lost, in Chromium with and without its JavaScript: an expired link's page offers
 * "Email me a new link", which answers and emails a link that opens the form; two officers saving the same answer
 * leave the slower one's text in the box. axe-core finds no WCAG 2.2 AA violation on the new pages.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack, type LocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";
import { linkFor } from "../../local/form-link";
import { axe, hasChromium, launch } from "./browser";

const dir = mkdtempSync(join(tmpdir(), "riia-e2e-new-link-"));
let stack: LocalStack;
let browser: Browser;

/** The newest link to `path` emailed to `to`. */
const mailedLink = async (to: string, path: string) => {
  const mails = (await sentMail(stack.urls.mail.replace(/\/$/, ""))).filter((m) =>
    m.destination.to.some((t) => t.toLowerCase() === to),
  );
  return mails
    .map((m) => new RegExp(`https?://\\S+(/${path}/[A-Za-z0-9._-]+)`).exec(m.body.text ?? "")?.[1])
    .filter(Boolean)
    .at(-1);
};

beforeAll(async () => {
  if (!hasChromium) return;
  process.env.RIIA_LOCAL_DIR = dir;
  stack = await startLocalStack({ dataDir: dir, ports: { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 } });
  browser = await launch();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A browser context, with the pages' own scripts removed from every response when JavaScript is off. */
async function context(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  if (!javaScriptEnabled)
    await ctx.route(`${stack.urls.app}/**`, async (route) => {
      const res = await route.fetch({
        maxRedirects: 0,
        headers: { ...route.request().headers(), origin: new URL(stack.urls.app).origin },
      });
      if (!(res.headers()["content-type"] ?? "").includes("text/html")) return route.fulfill({ response: res });
      return route.fulfill({ response: res, body: (await res.text()).replace(/<script\b[\s\S]*?<\/script>/g, "") });
    });
  return ctx;
}

async function violations(page: Page) {
  return (await axe(page)).map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(!hasChromium)("in a browser", () => {
  it.each([true, false])(
    "an expired link's owner presses Email me a new link and opens the new one (JavaScript %s)",
    async (javaScriptEnabled) => {
      const email = javaScriptEnabled ? "performance@rutland.example.org" : "improvement@rutland.example.org";
      const { token } = await linkFor(stack.deps, {
        email,
        form: "self-evaluation",
        expiresAt: new Date("2020-01-01T00:00:00Z"),
        generation: 3,
      });
      const ctx = await context(javaScriptEnabled);
      const page = await ctx.newPage();
      const res = await page.goto(`${stack.urls.app}/f/${token}`);
      expect(res?.status()).toBe(410);
      expect(await violations(page)).toEqual([]);
      await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Email me a new link" }).click()]);
      await expect(page.locator("main").textContent()).resolves.toContain("If we have this link on file");
      expect(await violations(page)).toEqual([]);
      const fresh = await mailedLink(email, "f");
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(`/f/${token}`);
      expect((await page.goto(`${stack.urls.app}${fresh}`))?.status()).toBe(200);
      await ctx.close();
    },
    120_000,
  );

  it("two officers save the same answer: the slower one's text stays in the box, beside the saved one", async () => {
    const a = await linkFor(stack.deps, { email: "performance@leicestershire.example.org", form: "self-evaluation" });
    const b = await linkFor(stack.deps, { email: "improvement@leicestershire.example.org", form: "self-evaluation" });
    const ctxA = await context(true);
    const ctxB = await context(true);
    const pageA = await ctxA.newPage();
    const pageB = await ctxB.newPage();
    await pageA.goto(`${stack.urls.app}/f/${a.token}/s/summary`);
    await pageB.goto(`${stack.urls.app}/f/${b.token}/s/summary`);
    const plans = "textarea[name='q.plans']";
    await pageA.fill(plans, "A's plans for the year.");
    await Promise.all([
      pageA.waitForNavigation(),
      pageA.getByRole("button", { name: "Save as draft and return later" }).click(),
    ]);
    await pageB.fill(plans, "B's plans, typed at the same time.");
    const [res] = await Promise.all([
      pageB.waitForNavigation(),
      pageB.getByRole("button", { name: "Save as draft and return later" }).click(),
    ]);
    expect(res?.status()).toBe(409);
    expect(await pageB.inputValue(plans)).toBe("B's plans, typed at the same time.");
    await expect(pageB.locator("main").textContent()).resolves.toContain("A's plans for the year.");
    expect(await violations(pageB)).toEqual([]);
    await ctxA.close();
    await ctxB.close();
  }, 120_000);
});
