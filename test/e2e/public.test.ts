/**
 * The public pages in a real browser: the start page, privacy notice and accessibility statement are
 * axe-clean (WCAG 2.2 AA) and carry no GOV.UK brand. The API reference has its own file (api-reference.test.ts).
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

describe.skipIf(!hasChromium)("the public pages in a browser", () => {
  it("start, privacy and accessibility pages have no WCAG 2.2 AA violations and no GOV.UK brand", async () => {
    const page = await browser.newPage();
    const found: Record<string, string[]> = {};
    for (const path of ["/", "/privacy", "/accessibility"]) {
      const res = await page.goto(`${origin}${path}`);
      expect(res?.status(), path).toBe(200);
      const violations = await axe(page);
      if (violations.length)
        found[path] = violations.map(
          (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        );
      const html = await page.content();
      expect(html, path).not.toMatch(/govuk-logo|govuk-crest|Crown copyright|Royal Arms|GOV\.UK/);
      await expect(page.getByRole("link", { name: "Privacy" }).count()).resolves.toBeGreaterThan(0);
      await expect(page.getByRole("link", { name: "Accessibility statement" }).count()).resolves.toBeGreaterThan(0);
      // The typeface is the fallback, not GDS Transport (which is for GOV.UK only).
      const font = await page.evaluate(
        () =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }).getComputedStyle(
            (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector("h1"),
          ).fontFamily,
      );
      expect(font, path).not.toContain("GDS Transport");
    }
    await page.close();
    expect(found).toEqual({});
  });
});
