/**
 * The template editor's model on the built-in development plan: edits inside a repeating group land
 * in the group and nowhere else, groups do not nest, type settings apply only to their type, and
 * the list of changes names a whole group once.
 */
import { describe, expect, it } from "vitest";
import { applyEdit, BUILT_IN, checkTemplate, templateChanges, type EditOp, type Template } from "@riia/forms";

const plan = BUILT_IN["development-plan"];
const apply = (ops: EditOp[], t: Template = plan) => ops.reduce(applyEdit, t);
const group = (t: Template) => {
  const g = t.sections[0]!.questions[0]!;
  if (g.type !== "group") throw new Error("the plan's first question is its priorities group");
  return g;
};
const edit = (over: Partial<Extract<EditOp, { op: "edit-question" }>>): EditOp => ({
  op: "edit-question",
  section: "priorities",
  group: "priorities",
  question: "title",
  label: "Priority",
  hint: "",
  required: true,
  options: "",
  showIf: "",
  showIfValues: "",
  ...over,
});

describe("template edits inside a repeating group", () => {
  it("adds to the group's own list with an id unique there, and never nests a group", () => {
    const t = apply([
      { op: "add-question", section: "priorities", group: "priorities", type: "text", label: "Title" },
      { op: "add-question", section: "priorities", group: "priorities", type: "group", label: "Inner" },
    ]);
    expect(
      group(t)
        .questions.map((q) => q.id)
        .slice(-2),
    ).toEqual(["support-detail", "title-2"]);
    expect(t.sections[0]!.questions).toHaveLength(1);
    expect(checkTemplate(t).ok).toBe(true);
  });

  it("rewords and moves the group's question, leaving the rest of the form as it was", () => {
    const t = apply([
      edit({ label: "Name the priority" }),
      { op: "move-question", section: "priorities", group: "priorities", question: "title", by: 1 },
    ]);
    expect(
      group(t)
        .questions.slice(0, 2)
        .map((q) => [q.id, q.label]),
    ).toEqual([
      ["theme", "Theme"],
      ["title", "Name the priority"],
    ]);
    expect(t.sections[1]).toEqual(plan.sections[1]);
    expect(templateChanges(plan, t)).toEqual([
      "Reworded “Priority” to “Name the priority”",
      "Changed the order of the questions in the repeating group “Priorities”",
    ]);
  });

  it("applies a type's own settings and clears a number's range when left blank", () => {
    const added = apply([
      { op: "add-question", section: "priorities", group: "priorities", type: "number", label: "Budget" },
    ]);
    const at = (t: Template) => group(t).questions.find((q) => q.id === "budget")!;
    const set = applyEdit(
      added,
      edit({ question: "budget", label: "Budget", required: false, settings: { min: 0, unit: "£", decimals: 2 } }),
    );
    expect(at(set)).toMatchObject({ min: 0, unit: "£", decimals: 2 });
    const cleared = applyEdit(
      set,
      edit({ question: "budget", label: "Budget", required: false, settings: { decimals: 0 } }),
    );
    expect(at(cleared)).not.toHaveProperty("min");
    expect(at(cleared)).not.toHaveProperty("unit");
    // A text question ignores a number's settings.
    expect(group(applyEdit(plan, edit({ settings: { min: 3 } }))).questions[0]).not.toHaveProperty("min");
    expect(templateChanges(added, set)).toEqual(["Changed the settings of “Budget”"]);
    const words = applyEdit(plan, edit({ errorWords: { errorName: "", errorMessage: "Name the priority" } }));
    expect(group(words).questions[0]).not.toHaveProperty("errorName");
    expect(group(words).questions[0]).toMatchObject({ errorMessage: "Name the priority" });
  });

  it("names a group added or removed whole once", () => {
    const added = apply([{ op: "add-question", section: "governance", type: "group", label: "Risk register" }]);
    expect(checkTemplate(added).ok).toBe(true);
    expect(templateChanges(plan, added)).toEqual(["Added the question “Risk register” to “Governance”"]);
    expect(templateChanges(added, plan)).toEqual(["Removed the question “Risk register” from “Governance”"]);
  });
});
