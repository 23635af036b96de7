/**
 * Names where people read: over every page type the lead, the national coordinator, an officer and a reviewer reach,
 * the visible text of the main content holds no raw identifier — no LA code (E06000015), person or record id
 * (p-bea2…), cycle id (east-midlands-2026), step slug (peer-scrutiny), ISO date (2026-09-15) — and no count that
 * reads wrongly ("(0 new)").
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Cycle } from "@riia/core";
import { axe, hasChromium } from "./browser";
import { crawl, crawlWorld, CYCLE, personContext } from "./crawl";

const world = crawlWorld("names");

/** What a person should never have to read. */
export const RAW: [string, RegExp][] = [
  ["LA code", /\bE\d{8}\b/],
  ["record id", /\b(?:p|sub|con|c|s|a)-[0-9a-f]{6,}\b/],
  ["cycle id", /\b[a-z]+(?:-[a-z]+)*-20\d\d\b/],
  [
    "step slug",
    /\b(?:peer-scrutiny|development-plan|peer-challenge(?:-response)?|support-menu|regional-plan|core-dataset)\b/,
  ],
  ["ISO date", /\b20\d\d-\d\d-\d\d\b/],
  ["empty count", /\(0 new\)/],
  ["role slug", /\((?:[a-z]+-)+[a-z]+(?:, (?:[a-z]+-)+[a-z]+)*\)/],
];

/** The visible text of the page's main content, less what is shown as code or typed into fields. */
const mainText = (page: Page) =>
  page.evaluate(() => {
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { cloneNode(d: boolean): unknown } | null } }
    ).document;
    const main = doc.querySelector("main");
    if (!main) return "";
    const copy = main.cloneNode(true) as {
      querySelectorAll(s: string): { remove(): void }[];
      innerText?: string;
      textContent: string;
    };
    for (const e of copy.querySelectorAll("code, pre, .govuk-visually-hidden, script, style, svg")) e.remove();
    return copy.textContent.replace(/\s+/g, " ");
  });

describe.skipIf(!hasChromium)("names where people read", () => {
  it("no page shows raw ids, slugs or ISO dates, and axe finds nothing on any of them", async () => {
    const found: Record<string, string[]> = {};
    const violations: Record<string, string[]> = {};
    let count = 0;
    for (const start of world.people) {
      const ctx = await personContext(world.browser, world.stack.urls.app, start, false);
      const page = await ctx.newPage();
      count += (
        await crawl(page, world.stack.urls.app, start, async (type) => {
          const text = await mainText(page);
          if (/audit|concerns|steps\/peer-scrutiny$|board|cycle$/.test(type))
            console.log("TEXT", type, text.slice(0, 1500));
          const hits = RAW.flatMap(([what, re]) => {
            const m = new RegExp(re.source, "g");
            return [...text.matchAll(m)]
              .slice(0, 2)
              .map((x) => `${what}: …${text.slice(Math.max(0, x.index! - 40), x.index! + x[0].length + 20)}…`);
          });
          if (hits.length) found[type] = hits;
          const v = await axe(page);
          if (v.length)
            violations[type] = v.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        })
      ).length;
      await ctx.close();
    }
    expect(count).toBeGreaterThan(40);
    expect(found).toEqual({});
    expect(violations).toEqual({});
  }, 600_000);

  it("a step opened early says when it opened, on the board and its own page", async () => {
    const phase = Cycle.phase(await Cycle.get(world.stack.deps, CYCLE), "peer-scrutiny");
    const words = (iso: string) =>
      new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    // The crawl's set-up opened peer scrutiny today, before the date it was planned for.
    expect(phase.state).toBe("open");
    expect(words(phase.openedAt!)).not.toBe(words(phase.opensAt));
    const ctx = await personContext(
      world.browser,
      world.stack.urls.app,
      world.people.find((p) => p.who === "lead")!,
      false,
    );
    const page = await ctx.newPage();
    for (const path of ["", "/steps/peer-scrutiny"]) {
      await page.goto(`${world.stack.urls.app}/lead/cycles/${CYCLE}${path}`);
      const text = await mainText(page);
      expect(text, path).toContain(`Opened ${words(phase.openedAt!)}, deadline ${words(phase.deadline)}`);
      expect(text, path).not.toContain(`Opens ${words(phase.opensAt)}`);
    }
    await ctx.close();
  }, 120_000);
});
