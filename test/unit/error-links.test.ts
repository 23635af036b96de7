/**
 * Error summary links land on a field: a date question's link points at its day input, radios at the first radio,
 * a plain input at itself; rendered through GOV.UK's own macros.
 */
import { describe, expect, it } from "vitest";
import { createRenderer } from "@riia/forms";
import { pointErrorLinksAtFields } from "@riia/forms/error-links";
import { defaultViewPaths } from "@riia/functions/assets";

const render = createRenderer(defaultViewPaths());
const summaryHrefs = (html: string) =>
  [...html.slice(html.indexOf("govuk-error-summary__list")).matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).slice(0, 3);

describe("error summary links", () => {
  it("point at the day of a date, the first radio and the input itself", () => {
    const html = render("message.njk", {
      title: "Test",
      paragraphs: [],
      errors: [
        { href: "#deadline", text: "Enter a deadline" },
        { href: "#decision", text: "Choose a decision" },
        { href: "#reason", text: "Enter a reason" },
      ],
    });
    // The message page has no fields: links are left as they were.
    expect(summaryHrefs(html)).toEqual(["deadline", "decision", "reason"]);
    const page = `${html.slice(0, html.indexOf("</main>"))}
      <div class="govuk-date-input" id="deadline"><input class="govuk-input" id="deadline-day" name="deadline-day" type="text"></div>
      <fieldset id="decision-fieldset"><div class="govuk-radios"><input type="hidden" name="csrf" value="x"><input class="govuk-radios__input" id="decision-approve" name="decision" type="radio"></div></fieldset>
      <div id="decision"><input type="hidden" name="x"><input type="radio" id="decision-1" name="decision"></div>
      <textarea class="govuk-textarea" id="reason" name="reason"></textarea></main>`;
    expect(summaryHrefs(pointErrorLinksAtFields(page))).toEqual(["deadline-day", "decision-1", "reason"]);
  });

  it("leaves a page without an error summary untouched", () => {
    const page = '<div id="deadline"><input id="deadline-day"></div>';
    expect(pointErrorLinksAtFields(page)).toBe(page);
  });
});
