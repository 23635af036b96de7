/**
 * The template editor's operations, as plain data changes to a draft definition: add, remove,
 * reorder and reword sections and questions — including the questions inside a repeating group —
 * with hints, required and conditional display. The draft may be wrong while it is edited;
 * `checkTemplate` says what is wrong and publishing refuses it until it is right.
 */
import type { GroupQuestion, Question, SimpleQuestion, Template, TemplateSection } from "./definition";

export const EDITABLE_TYPES = [
  "text",
  "textarea",
  "number",
  "date",
  "radios",
  "checkboxes",
  "select",
  "themes",
  "rag",
  "file",
] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];
/** What a section can hold: every simple type, and a repeating group of them (groups do not nest). */
export const SECTION_TYPES = [...EDITABLE_TYPES, "group"] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

export const TYPE_NAMES: Record<EditableType | "group", string> = {
  text: "Short answer",
  textarea: "Long answer",
  number: "Number",
  date: "Date",
  radios: "Choose one (radios)",
  checkboxes: "Choose several (checkboxes)",
  select: "Choose one from a list",
  themes: "Theme from the region's list",
  rag: "Red, amber or green rating",
  file: "File upload",
  group: "Repeating group",
};

/** Where a question lives: a section's own list, or (with `group`) the list inside one of its repeating groups. */
export interface QuestionList {
  section: string;
  group?: string;
}

/** What the lead may change on a repeating group itself, besides what every question has. */
export interface GroupSettings {
  itemName: string;
  minItems: number;
  maxItems: number;
}

/**
 * A question's own settings by type: the longest answer of a text box; a number's range, decimal
 * places and unit; whether a theme question takes several. Only those of the question's type apply;
 * an absent `min`, `max` or `unit` clears it.
 */
export interface QuestionSettings {
  maxLength?: number;
  min?: number;
  max?: number;
  decimals?: number;
  unit?: string;
  multiple?: boolean;
}

export type EditOp =
  | { op: "add-section"; title: string }
  | { op: "edit-section"; section: string; title: string; description: string }
  | { op: "move-section"; section: string; by: -1 | 1 }
  | { op: "remove-section"; section: string }
  | ({ op: "add-question"; type: SectionType; label: string } & QuestionList)
  | ({
      op: "edit-question";
      question: string;
      label: string;
      hint: string;
      required: boolean;
      options: string;
      showIf: string;
      showIfValues: string;
      groupSettings?: GroupSettings;
      settings?: QuestionSettings;
      /** How error messages name the answer, and the whole message when it is missing; blank clears them. */
      errorWords?: { errorName: string; errorMessage: string };
    } & QuestionList)
  | ({ op: "move-question"; question: string; by: -1 | 1 } & QuestionList)
  | ({ op: "remove-question"; question: string } & QuestionList)
  | { op: "edit-form"; title: string; declaration: string; requiresDcs: boolean };

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "")
    .slice(0, 40) || "item";

function uniqueId(base: string, taken: Set<string>) {
  let id = slug(base);
  for (let n = 2; taken.has(id); n++) id = `${slug(base)}-${n}`;
  return id;
}

function move<T>(list: T[], index: number, by: number): T[] {
  const to = index + by;
  if (index < 0 || to < 0 || to >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[to]] = [copy[to]!, copy[index]!];
  return copy;
}

/** Options typed one per line ("Label" or "value | Label"). */
function parseOptions(text: string) {
  const taken = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [a, b] = line.split("|").map((x) => x.trim());
      const value = b ? slug(a!) : uniqueId(a!, taken);
      taken.add(value);
      return { value, label: b ?? a! };
    });
}

const withSection = (t: Template, id: string, change: (s: TemplateSection) => TemplateSection): Template => ({
  ...t,
  sections: t.sections.map((s) => (s.id === id ? change(s) : s)),
});

/**
 * Change the list a question lives in. Inside a group the list holds only simple questions: the
 * callers never put a group there (`applyEdit` refuses to add one).
 */
function withList(t: Template, at: QuestionList, change: (qs: Question[]) => Question[]): Template {
  return withSection(t, at.section, (s) => {
    if (!at.group) return { ...s, questions: change(s.questions) };
    const inGroup = (q: Question): Question =>
      q.type === "group" && q.id === at.group ? { ...q, questions: change(q.questions) as SimpleQuestion[] } : q;
    return { ...s, questions: s.questions.map(inGroup) };
  });
}

/** The ids a new question must not take: every top-level one, or, inside a group, the group's own. */
function takenIds(t: Template, at: QuestionList): Set<string> {
  if (!at.group) return new Set(t.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const group = t.sections
    .find((s) => s.id === at.section)
    ?.questions.find((q): q is GroupQuestion => q.type === "group" && q.id === at.group);
  return new Set(group?.questions.map((q) => q.id) ?? []);
}

function newQuestion(type: SectionType, label: string, id: string): Question {
  const base = { id, label, required: false, visibility: "all" as const };
  switch (type) {
    case "group":
      // A group needs a question for each item; the lead rewords this one.
      return {
        ...base,
        type,
        itemName: "item",
        minItems: 0,
        maxItems: 20,
        questions: [
          {
            id: "detail",
            type: "textarea",
            label: "New question",
            required: false,
            maxLength: 5000,
            visibility: "all",
          },
        ],
      };
    case "radios":
    case "checkboxes":
    case "select":
      return {
        ...base,
        type,
        options: [
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ],
      };
    case "text":
      return { ...base, type, maxLength: 200 };
    case "textarea":
      return { ...base, type, maxLength: 5000 };
    case "number":
      return { ...base, type, decimals: 0 };
    case "themes":
      return { ...base, type, multiple: false };
    default:
      return { ...base, type } as Question;
  }
}

function applySettings(q: Question, s: QuestionSettings) {
  if ((q.type === "text" || q.type === "textarea") && s.maxLength !== undefined) q.maxLength = s.maxLength;
  if (q.type === "themes" && s.multiple !== undefined) q.multiple = s.multiple;
  if (q.type !== "number") return;
  if (s.decimals !== undefined) q.decimals = s.decimals;
  for (const key of ["min", "max", "unit"] as const) {
    if (s[key] === undefined) delete q[key];
    else Object.assign(q, { [key]: s[key] });
  }
}

function editQuestion(q: Question, op: Extract<EditOp, { op: "edit-question" }>): Question {
  const next: Question = { ...q, label: op.label.trim(), required: op.required };
  if (next.type === "group" && op.groupSettings)
    Object.assign(next, { ...op.groupSettings, itemName: op.groupSettings.itemName.trim() });
  if (op.settings) applySettings(next, op.settings);
  // Reworded questions need their error messages reworded too; left blank, messages quote the question.
  for (const [key, text] of Object.entries(op.errorWords ?? {}) as ["errorName" | "errorMessage", string][]) {
    if (text.trim()) next[key] = text.trim();
    else delete next[key];
  }
  if (op.hint.trim()) next.hint = op.hint.trim();
  else delete next.hint;
  if ("options" in next && op.options.trim()) (next as { options: unknown }).options = parseOptions(op.options);
  if (op.showIf)
    next.showIf = {
      question: op.showIf,
      in: op.showIfValues
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    };
  else delete next.showIf;
  return next;
}

/** Apply one edit to a draft. Unknown sections or questions leave it as it was. */
export function applyEdit(t: Template, op: EditOp): Template {
  switch (op.op) {
    case "add-section": {
      const id = uniqueId(op.title, new Set(t.sections.map((s) => s.id)));
      const qid = uniqueId(`${op.title} question`, takenIds(t, { section: id }));
      const first = newQuestion("textarea", "New question", qid);
      return { ...t, sections: [...t.sections, { id, title: op.title.trim(), questions: [first] }] };
    }
    case "edit-section":
      return withSection(t, op.section, (s) => {
        const next = { ...s, title: op.title.trim() };
        if (op.description.trim()) next.description = op.description.trim();
        else delete next.description;
        return next;
      });
    case "move-section":
      return {
        ...t,
        sections: move(
          t.sections,
          t.sections.findIndex((s) => s.id === op.section),
          op.by,
        ),
      };
    case "remove-section":
      return { ...t, sections: t.sections.filter((s) => s.id !== op.section) };
    case "add-question":
    case "edit-question":
    case "move-question":
    case "remove-question":
      return applyQuestionEdit(t, op);
    case "edit-form":
      // Whether an officer's submission waits for the LA's DCS to approve it is the region's choice.
      return {
        ...t,
        title: op.title.trim(),
        declaration: { text: op.declaration.trim(), requiresDcs: op.requiresDcs },
      };
  }
}

type QuestionOp = Extract<EditOp, { question: string } | { op: "add-question" }>;

function applyQuestionEdit(t: Template, op: QuestionOp): Template {
  switch (op.op) {
    case "add-question": {
      if (op.group && op.type === "group") return t;
      const added = newQuestion(op.type, op.label.trim(), uniqueId(op.label, takenIds(t, op)));
      return withList(t, op, (qs) => [...qs, added]);
    }
    case "edit-question":
      return withList(t, op, (qs) => qs.map((q) => (q.id === op.question ? editQuestion(q, op) : q)));
    case "move-question":
      return withList(t, op, (qs) =>
        move(
          qs,
          qs.findIndex((q) => q.id === op.question),
          op.by,
        ),
      );
    case "remove-question":
      return withList(t, op, (qs) => qs.filter((q) => q.id !== op.question));
  }
}
