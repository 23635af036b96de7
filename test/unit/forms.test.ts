import { describe, expect, it } from "vitest";
import {
  BUILT_IN,
  checkTemplate,
  createRenderer,
  displayAnswer,
  readSection,
  sectionErrors,
  sectionFields,
  type Answers,
  type FormBody,
  type Template,
  type TemplateSection,
} from "@riia/forms";
import { defaultViewPaths } from "@riia/functions/assets";
import { formOf } from "../form-page";

const ctx = {
  themes: [
    { id: "workforce", label: "Workforce" },
    { id: "front-door", label: "Front door" },
  ],
};

describe("built-in templates", () => {
  it.each(Object.keys(BUILT_IN))("%s passes its own checks", (kind) => {
    const checked = checkTemplate(BUILT_IN[kind as keyof typeof BUILT_IN]);
    expect(checked.ok ? [] : checked.problems).toEqual([]);
  });

  it("the self-evaluation asks ILACS's three questions", () => {
    const summary = BUILT_IN["self-evaluation"].sections.find((s) => s.id === "summary")!;
    expect(summary.questions.map((q) => q.label)).toEqual([
      "What do you know about the quality and impact of social work practice in your local authority?",
      "How do you know it?",
      "What are your plans for the next 12 months to maintain or improve practice?",
    ]);
  });
});

describe("checkTemplate", () => {
  it("refuses a custom template with mistakes, listing each", () => {
    const bad = {
      kind: "core-dataset",
      version: 2,
      title: "Custom dataset",
      declaration: { text: "I confirm.", requiresDcs: false },
      sections: [
        {
          id: "one",
          title: "One",
          questions: [
            { id: "rate", type: "number", label: "Rate", min: 10, max: 5 },
            { id: "rate", type: "text", label: "Duplicate" },
            {
              id: "choice",
              type: "radios",
              label: "Pick",
              options: [
                { value: "a", label: "A" },
                { value: "a", label: "Also A" },
              ],
            },
            { id: "follow", type: "text", label: "Follow-up", showIf: { question: "choice", in: ["zzz"] } },
            { id: "early", type: "text", label: "Early", showIf: { question: "later", in: ["x"] } },
          ],
        },
        { id: "one", title: "Again", questions: [{ id: "other", type: "text", label: "Other" }] },
      ],
    };
    const checked = checkTemplate(bad);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      { path: "sections.0.questions.0.max", message: "max must not be less than min" },
      { path: "sections.0.questions.1.id", message: 'question id "rate" is used twice' },
      { path: "sections.0.questions.2.options", message: "option values must be unique" },
      { path: "sections.0.questions.3.showIf.in", message: '"zzz" is not an option of "choice"' },
      {
        path: "sections.0.questions.4.showIf.question",
        message: '"later" must be an earlier question in the same section',
      },
      { path: "sections.1.id", message: 'section id "one" is used twice' },
    ]);
  });

  it("reports shape errors with their paths", () => {
    const checked = checkTemplate({ kind: "nope", version: 0, title: "", sections: [], declaration: {} });
    expect(checked.ok).toBe(false);
    const paths = checked.ok ? [] : checked.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["kind", "version", "title", "sections"]));
  });
});

const render = createRenderer(defaultViewPaths());
const noFiles = { files: () => [], uploadHref: () => undefined };

/** Draw a section page as the app does and return its form, ready to fill. */
function pageOf(section: TemplateSection, answers: Answers = {}, extra: Record<string, number> = {}) {
  const fields = sectionFields(section, { answers }, answers, [], ctx, noFiles, extra);
  const html = render("section.njk", { title: section.title, section, fields, action: "/f/t/s/" + section.id });
  return formOf(html);
}
/** What the server reads from a posted form (repeated names become lists, as Hono's parseBody gives them). */
function posted(params: URLSearchParams): FormBody {
  const out: FormBody = {};
  for (const [k, v] of params) {
    const had = out[k];
    out[k] = had === undefined ? v : [...[had].flat(), v];
  }
  return out;
}
/** Fill a section's page and read what it posts. */
const submit = (section: TemplateSection, fields: Record<string, string | string[]>, mode: "draft" | "complete") =>
  readSection(section, posted(pageOf(section).set(fields).body("continue")), {}, ctx, mode);

describe("reading answers", () => {
  const t: Template = BUILT_IN["core-dataset"];
  const workforce = t.sections.find((s) => s.id === "workforce")!;

  it("turns posted strings into typed answers and checks ranges and decimals with GOV.UK messages", () => {
    expect(submit(workforce, { "q.turnover": "1,250" }, "draft").errors[0]?.text).toBe(
      "Social worker turnover must be between 0 and 100",
    );
    const { answers, errors } = submit(
      workforce,
      { "q.turnover": "12.5", "q.agency": "101", "q.vacancy": "1,5", "q.caseload": "17.25", "q.notes": "" },
      "complete",
    );
    expect(answers).toEqual({ turnover: 12.5 });
    expect(errors).toEqual([
      { href: "#q-agency", text: "The percentage of agency social workers must be between 0 and 100" },
      { href: "#q-vacancy", text: "The social worker vacancy rate must be a number (%)" },
      { href: "#q-caseload", text: "The average caseload must have 1 decimal place or fewer" },
    ]);
  });

  it("drafts keep what is well formed and skip required checks", () => {
    const { answers, errors } = submit(workforce, { "q.turnover": "10" }, "draft");
    expect(errors).toEqual([]);
    expect(answers).toEqual({ turnover: 10 });
    expect(sectionErrors(workforce, answers, ctx).map((e) => e.href)).toEqual([
      "#q-agency",
      "#q-vacancy",
      "#q-caseload",
    ]);
  });

  it("reads dates from three fields and refuses impossible ones", () => {
    const plan = BUILT_IN["development-plan"].sections[0]!;
    const base = {
      "q.priorities.0.title": "Reduce drift",
      "q.priorities.0.theme": "workforce",
      "q.priorities.0.actions": "Weekly tracking",
      "q.priorities.0.owner": "Head of service",
      "q.priorities.0.measures": "Fewer cases over 45 days",
      "q.priorities.0.support-wanted": "no",
    };
    const good = submit(
      plan,
      {
        ...base,
        "q.priorities.0.timescale-day": "31",
        "q.priorities.0.timescale-month": "3",
        "q.priorities.0.timescale-year": "2027",
      },
      "complete",
    );
    expect(good.errors).toEqual([]);
    expect((good.answers.priorities as { timescale: string }[])[0]!.timescale).toBe("2027-03-31");
    const bad = submit(
      plan,
      {
        ...base,
        "q.priorities.0.timescale-day": "31",
        "q.priorities.0.timescale-month": "2",
        "q.priorities.0.timescale-year": "2027",
      },
      "complete",
    );
    expect(bad.errors).toEqual([
      {
        href: "#q-priorities-0-timescale-day",
        text: "Priority 1: The date this priority will be complete by must be a real date, like 27 3 2027",
      },
    ]);
  });

  it("asks a conditional question inside a group item only when its condition holds", () => {
    const plan = BUILT_IN["development-plan"].sections[0]!;
    const item = {
      "q.priorities.0.title": "T",
      "q.priorities.0.theme": "workforce",
      "q.priorities.0.actions": "A",
      "q.priorities.0.owner": "O",
      "q.priorities.0.measures": "M",
      "q.priorities.0.timescale-day": "1",
      "q.priorities.0.timescale-month": "1",
      "q.priorities.0.timescale-year": "2027",
    };
    expect(
      submit(plan, { ...item, "q.priorities.0.support-wanted": "yes" }, "complete").errors.map((e) => e.text),
    ).toEqual(["Priority 1: Enter what support would help"]);
    const no = submit(
      plan,
      { ...item, "q.priorities.0.support-wanted": "no", "q.priorities.0.support-detail": "dropped" },
      "complete",
    );
    expect(no.errors).toEqual([]);
    expect((no.answers.priorities as Record<string, unknown>[])[0]).not.toHaveProperty("support-detail");
  });

  it("refuses options that are not offered (a tampered form)", () => {
    const quarter = t.sections[0]!;
    // The page offers only real quarters; a tampered post is read as such.
    expect(() => pageOf(quarter).fill("q.quarter", "q9")).toThrow(/no option "q9"/);
    expect(readSection(quarter, { "q.quarter": "q9" }, {}, ctx, "draft").errors).toEqual([
      { href: "#q-quarter", text: "Select the quarter" },
    ]);
  });

  it("displays answers for people", () => {
    const q = workforce.questions[0]!;
    expect(q.type === "group" ? "" : displayAnswer(q, 12.5, ctx)).toBe("12.5 %");
  });
});
