/**
 * The API reference (/docs) in a real browser at 1,280 and 320 pixels wide: axe finds
 * no WCAG 2.2 AA violation, nothing scrolls sideways, every request stays on this server (it works offline) with no
 * Content Security Policy violation, and the whole page (HTML, stylesheet, script, fonts) weighs well under 200 KB.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, hasChromium } from "./browser";
import { storelessPages, type StorelessPages } from "./storeless";

let pages: StorelessPages | undefined;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  pages = await storelessPages();
  ({ origin, browser } = pages);
});

afterAll(() => pages?.close());

describe.skipIf(!hasChromium)("the API reference in a browser", () => {
  // The page has no script of its own (integration/api-reference.test.ts reads it as sent, as with JavaScript off).
  for (const javaScriptEnabled of [true])
    for (const width of [1280, 320])
      it(`is accessible, reflows and stays offline at ${width} px, JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
        const ctx = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 } });
        const elsewhere: string[] = [];
        await ctx.route("**/*", (route) => {
          const url = route.request().url();
          if (url.startsWith(origin)) return route.continue();
          elsewhere.push(url);
          return route.abort();
        });
        const page = await ctx.newPage();
        const problems: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(m.text());
        });
        const requests: Promise<number>[] = [];
        page.on("requestfinished", (r) => requests.push(r.sizes().then((s) => s.responseBodySize)));
        const res = await page.goto(`${origin}/docs`, { waitUntil: "load" });
        expect(res?.status()).toBe(200);
        expect(res?.headers()["content-security-policy"]).not.toContain("unsafe-inline");
        await expect(page.locator("h1").textContent()).resolves.toBe("API reference");
        await expect(page.locator("main").count()).resolves.toBe(1);
        const sideways = await page.evaluate(() => {
          const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
          return root.documentElement.scrollWidth;
        });
        expect(sideways).toBeLessThanOrEqual(width);
        expect(await axe(page)).toEqual([]);
        const bytes = (await Promise.all(requests)).reduce((a, b) => a + b, 0);
        expect(bytes).toBeLessThan(200 * 1024);
        expect(elsewhere).toEqual([]);
        expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
        await ctx.close();
      });
});
