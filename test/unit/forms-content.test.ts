/**
 * Content as people read it: error messages are sentences (not labels spliced into "Enter …"),
 * each page has one H1 and no heading twice, a review form is titled for its step, and a task list
 * past its deadline says the form is late.
 */
import { describe, expect, it } from "vitest";
import type { Cycle, Region, Submission } from "@riia/core";
import {
  BUILT_IN,
  createRenderer,
  questionSchema,
  readSection,
  sectionFields,
  taskListView,
  titledForStep,
  type FormBody,
  type SimpleQuestion,
} from "@riia/forms";
import * as v from "valibot";
import { defaultViewPaths } from "@riia/functions/assets";
import { formOf } from "../form-page";

const ctx = { themes: [{ id: "workforce", label: "Workforce" }] };
const render = createRenderer(defaultViewPaths());
const noFiles = { files: () => [], uploadHref: () => undefined };

const headings = (html: string) =>
  [...html.matchAll(/<(h[12])\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => ({
    level: m[1],
    text: m[2]!
      .replace(/<[^>]+>/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  }));

function posted(params: URLSearchParams): FormBody {
  const out: FormBody = {};
  for (const [k, x] of params) out[k] = out[k] === undefined ? x : [...[out[k]!].flat(), x];
  return out;
}

describe("error messages", () => {
  const required = Object.values(BUILT_IN).flatMap((t) =>
    t.sections.flatMap((s) =>
      s.questions
        .flatMap((q) => (q.type === "group" ? q.questions : [q]) as SimpleQuestion[])
        .filter((q) => q.required),
    ),
  );

  it.each(required.map((q) => [q.label, q] as const))("“%s” has a message written as a sentence", (_, q) => {
    const r = v.safeParse(questionSchema(q, ctx, "complete"), undefined);
    expect(r.success).toBe(false);
    const message = r.success ? "" : r.issues[0]!.message;
    // Not a question or a bare label dropped after a verb.
    expect(message).not.toMatch(/\?/);
    expect(message).not.toMatch(/^(Enter|Select) (would|could|what do|how do|what are|how will|complete by|[A-Z])/);
    expect(message).not.toMatch(/^(Enter|Select) (theme|area|priority|owner|actions|strengths|findings|quarter)$/);
  });

  it("the development plan's page says what is missing in English", () => {
    const section = BUILT_IN["development-plan"].sections[0]!;
    const fields = sectionFields(section, { answers: {} }, {}, [], ctx, noFiles);
    const page = formOf(render("section.njk", { title: section.title, section, fields, action: "/f/t/s/priorities" }));
    page.fill("q.priorities.0.title", "Reduce drift");
    const { errors } = readSection(section, posted(page.body("continue")), {}, ctx, "complete");
    expect(errors.map((e) => e.text)).toEqual([
      "Priority 1: Select a theme",
      "Priority 1: Enter the actions",
      "Priority 1: Enter who owns this priority",
      "Priority 1: Enter the date this priority will be complete by",
      "Priority 1: Enter the success measures",
      "Priority 1: Select yes if support from another local authority would help",
    ]);
  });

  it("format errors name the answer and count decimal places properly", () => {
    const caseload = BUILT_IN["core-dataset"].sections
      .flatMap((s) => s.questions)
      .find((q) => q.id === "caseload") as SimpleQuestion;
    const r = v.safeParse(questionSchema(caseload, ctx, "complete"), 17.25);
    expect(r.success ? "" : r.issues[0]!.message).toBe("The average caseload must have 1 decimal place or fewer");
  });
});

describe("headings", () => {
  const pages = Object.values(BUILT_IN).flatMap((t) => t.sections.map((s) => [`${t.kind}/${s.id}`, t, s] as const));
  it.each(pages)("%s has one H1 and no heading twice", (_, t, section) => {
    const fields = sectionFields(section, { answers: {} }, {}, [], ctx, noFiles);
    const html = render("section.njk", { title: section.title, formTitle: t.title, section, fields, action: "/x" });
    const hs = headings(html);
    expect(hs.filter((h) => h.level === "h1")).toHaveLength(1);
    const texts = hs.map((h) => h.text);
    expect(texts).toEqual([...new Set(texts)]);
  });
});

describe("titles and deadlines", () => {
  it("a scrutiny reviewer's form is a peer scrutiny response, a challenger's a peer challenge response", () => {
    const t = BUILT_IN["peer-challenge-response"];
    expect(titledForStep(t, "peer-scrutiny").title).toBe("Peer scrutiny response");
    expect(titledForStep(t, "peer-scrutiny").description).not.toMatch(/challenge to/);
    expect(titledForStep(t, "peer-challenge").title).toBe("Peer challenge response");
    expect(titledForStep(BUILT_IN["self-evaluation"], "self-evaluation").title).toBe("Annual self-evaluation");
  });

  const session = (status: Submission.Status) => ({
    template: BUILT_IN["self-evaluation"],
    ctx,
    authority: { code: "E1", name: "Derby" } as Region.Authority,
    cycle: { phases: [{ step: "self-evaluation", deadline: "2026-10-31T23:59:59Z" }] } as unknown as Cycle.Cycle,
    submission: { status, answers: {}, carriedForward: [] } as unknown as Submission.Submission,
  });
  const taskList = (status: Submission.Status, now: string) =>
    render("task-list.njk", taskListView(session(status), new Date(now), "/f/t", "self-evaluation"))
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ");

  it("says a form past its deadline is late, and shows a future deadline as the deadline", () => {
    expect(taskList("draft", "2026-10-20T10:00:00Z")).toContain("Deadline: 31 October 2026");
    const late = taskList("draft", "2026-11-03T10:00:00Z");
    expect(late).toContain("Late The deadline was 31 October 2026");
    expect(late).not.toContain("Deadline: 31 October 2026");
  });
});
