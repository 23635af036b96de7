/**
 * Reflow (WCAG 1.4.10) over every page type each person reaches — the lead, the national coordinator, an officer, a
 * reviewer and the public pages — at 320 px and 1,280 px, with and without JavaScript: the document never scrolls
 * sideways. A wide table may scroll inside its own focusable region (`.riia-scroll`), which the document does not.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium } from "./browser";
import { crawl, crawlWorld, personContext } from "./crawl";

const world = crawlWorld("reflow");

/** How wide the document is, and the widest elements outside any scrolling region (to say what overflows). */
function measure(page: Page) {
  return page.evaluate(() => {
    type El = {
      getBoundingClientRect(): { right: number };
      closest(s: string): unknown;
      tagName: string;
      className: unknown;
      id: string;
    };
    const d = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): El[] };
    };
    const width = d.innerWidth;
    const over = [...d.document.querySelectorAll("body *")]
      .filter(
        (e) =>
          e.getBoundingClientRect().right > width + 1 &&
          !(e as unknown as { parentElement: El | null }).parentElement?.closest(".riia-scroll"),
      )
      .slice(0, 4)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${String(e.className).split(" ")[0]}`);
    return { scrollWidth: d.document.documentElement.scrollWidth, width, over };
  });
}

describe.skipIf(!hasChromium)("every page reflows", () => {
  it.each([
    [320, true],
    [320, false],
    [1280, true],
    [1280, false],
  ])(
    "at %i px (JavaScript %s) no page scrolls sideways",
    async (width, javaScriptEnabled) => {
      const wide: Record<string, string> = {};
      let count = 0;
      for (const start of world.people) {
        const ctx = await personContext(world.browser, world.stack.urls.app, start, javaScriptEnabled, {
          width,
          height: 800,
        });
        const page = await ctx.newPage();
        const visited = await crawl(page, world.stack.urls.app, start, async (type) => {
          const m = await measure(page);
          if (m.scrollWidth > m.width) wide[type] = `${m.scrollWidth} px: ${m.over.join(", ")}`;
        });
        count += visited.length;
        await ctx.close();
      }
      // The crawl reaches the lead's console, the national view, the officer's form and the reviewer's work.
      expect(count).toBeGreaterThan(40);
      expect(wide).toEqual({});
    },
    600_000,
  );
});
