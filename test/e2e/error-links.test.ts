/**
 * Every form's error summary sends focus to a field: each page type the lead, an officer and a reviewer reach is
 * visited, each of its forms with fields is sent empty (what a person pressing the button at once sends), and each
 * link in the error summary that answers is clicked: focus must land on an input, select or textarea. With and
 * without JavaScript (without it, the browser follows the link's fragment: the target must be the field itself).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium } from "./browser";
import { crawl, crawlWorld, personContext } from "./crawl";

const world = crawlWorld("error-links");

type Doc = {
  document: { querySelectorAll(s: string): ArrayLike<unknown>; activeElement: { tagName: string; id: string } | null };
};

/** Indexes of the page's POST forms that have a field a person types in or chooses. */
const formsWithFields = (page: Page) =>
  page.evaluate(() => {
    const forms = Array.from(
      (globalThis as unknown as Doc).document.querySelectorAll(
        'form[method="post"], form[method="POST"]',
      ) as ArrayLike<{ querySelector(s: string): unknown }>,
    );
    return forms
      .map((f, i) =>
        f.querySelector('input[type="text"], input:not([type]), textarea, input[type="radio"], input[type="email"]')
          ? i
          : -1,
      )
      .filter((i) => i >= 0);
  });

/** Empty the form's text fields and press its first button; the error links on the page that answers, if any. */
async function sendEmpty(page: Page, index: number): Promise<string[]> {
  const form = page.locator('form[method="post"], form[method="POST"]').nth(index);
  for (const field of await form.locator('input[type="text"], input:not([type]), input[type="email"], textarea').all())
    if ((await field.isVisible()) && (await field.isEditable())) await field.fill("");
  const button = form.locator("button:not(.govuk-visually-hidden):not([type=button]), input[type=submit]").first();
  // A form folded away (in a closed details element) is reached by opening it: not what an empty press tests.
  if (!(await button.count()) || !(await button.isVisible())) return [];
  await Promise.all([page.waitForLoadState("load"), button.click()]);
  await page.waitForLoadState("load");
  return page
    .locator(".govuk-error-summary__list a")
    .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute("href")));
}

const activeField = (page: Page) =>
  page.evaluate(() => {
    const a = (globalThis as unknown as Doc).document.activeElement;
    return a ? `${a.tagName.toLowerCase()}#${a.id}` : "none";
  });

describe.skipIf(!hasChromium)("error summaries", () => {
  it.each([true, false])(
    "every error link moves focus to a field (JavaScript %s)",
    async (javaScriptEnabled) => {
      const notOnField: string[] = [];
      let links = 0;
      for (const start of world.people.filter((p) => ["lead", "officer", "reviewer", "public"].includes(p.who))) {
        const ctx = await personContext(world.browser, world.stack.urls.app, start, javaScriptEnabled);
        const page = await ctx.newPage();
        const urls: [string, string][] = [];
        await crawl(page, world.stack.urls.app, start, async (type, url) => {
          urls.push([type, url]);
        });
        for (const [type, url] of urls) {
          await page.goto(url);
          for (const index of await formsWithFields(page)) {
            await page.goto(url);
            const hrefs = await sendEmpty(page, index);
            for (const [i, href] of hrefs.entries()) {
              links++;
              await page.locator(".govuk-error-summary__list a").nth(i).click();
              const active = await activeField(page);
              if (!/^(input|select|textarea)#/.test(active))
                notOnField.push(`${type} form ${index}: ${href} → ${active}`);
            }
          }
        }
        await ctx.close();
      }
      expect(links).toBeGreaterThan(5);
      expect(notOnField).toEqual([]);
    },
    600_000,
  );
});
