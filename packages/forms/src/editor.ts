/**
 * The template editor's operations, as plain data changes to a draft definition: add, remove,
 * reorder and reword sections and questions, with hints, required and conditional display. The
 * draft may be wrong while it is edited; `checkTemplate` says what is wrong and publishing refuses
 * it until it is right. Also: what changed between the published version and the draft.
 */
import type { Question, Template, TemplateSection } from "./definition";

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

export type EditOp =
  | { op: "add-section"; title: string }
  | { op: "edit-section"; section: string; title: string; description: string }
  | { op: "move-section"; section: string; by: -1 | 1 }
  | { op: "remove-section"; section: string }
  | { op: "add-question"; section: string; type: EditableType; label: string }
  | {
      op: "edit-question";
      section: string;
      question: string;
      label: string;
      hint: string;
      required: boolean;
      options: string;
      showIf: string;
      showIfValues: string;
    }
  | { op: "move-question"; section: string; question: string; by: -1 | 1 }
  | { op: "remove-question"; section: string; question: string }
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

function newQuestion(type: EditableType, label: string, id: string): Question {
  const base = { id, label, required: false, visibility: "all" as const };
  switch (type) {
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

function editQuestion(q: Question, op: Extract<EditOp, { op: "edit-question" }>): Question {
  const next: Question = { ...q, label: op.label.trim(), required: op.required };
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
  const allIds = new Set(t.sections.flatMap((s) => s.questions.map((q) => q.id)));
  switch (op.op) {
    case "add-section": {
      const id = uniqueId(op.title, new Set(t.sections.map((s) => s.id)));
      const qid = uniqueId(`${op.title} question`, allIds);
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
      return withSection(t, op.section, (s) => ({
        ...s,
        questions: [...s.questions, newQuestion(op.type, op.label.trim(), uniqueId(op.label, allIds))],
      }));
    case "edit-question":
      return withSection(t, op.section, (s) => ({
        ...s,
        questions: s.questions.map((q) => (q.id === op.question ? editQuestion(q, op) : q)),
      }));
    case "move-question":
      return withSection(t, op.section, (s) => ({
        ...s,
        questions: move(
          s.questions,
          s.questions.findIndex((q) => q.id === op.question),
          op.by,
        ),
      }));
    case "remove-question":
      return withSection(t, op.section, (s) => ({ ...s, questions: s.questions.filter((q) => q.id !== op.question) }));
    case "edit-form":
      // Whether an officer's submission waits for the LA's DCS to approve it is the region's choice.
      return {
        ...t,
        title: op.title.trim(),
        declaration: { text: op.declaration.trim(), requiresDcs: op.requiresDcs },
      };
  }
}

/** What the draft changes from the published version, in words. */
export function templateChanges(published: Template, draft: Template): string[] {
  const out: string[] = [];
  if (published.title !== draft.title) out.push(`Renamed the form “${published.title}” to “${draft.title}”`);
  if (published.declaration.text !== draft.declaration.text) out.push("Changed the declaration");
  if (published.declaration.requiresDcs !== draft.declaration.requiresDcs)
    out.push(
      draft.declaration.requiresDcs
        ? "The LA's director of children's services must now approve each submission"
        : "Submissions no longer wait for the director of children's services to approve them",
    );
  const before = new Map(published.sections.flatMap((s) => s.questions.map((q) => [q.id, { s, q }] as const)));
  const after = new Map(draft.sections.flatMap((s) => s.questions.map((q) => [q.id, { s, q }] as const)));
  const beforeSections = new Map(published.sections.map((s) => [s.id, s]));
  for (const s of draft.sections) {
    const old = beforeSections.get(s.id);
    if (!old) out.push(`Added the section “${s.title}”`);
    else if (old.title !== s.title) out.push(`Renamed the section “${old.title}” to “${s.title}”`);
  }
  for (const s of published.sections)
    if (!draft.sections.some((x) => x.id === s.id)) out.push(`Removed the section “${s.title}”`);
  if (
    published.sections.map((s) => s.id).join() !==
    draft.sections
      .filter((s) => beforeSections.has(s.id))
      .map((s) => s.id)
      .join()
  )
    out.push("Changed the order of the sections");
  for (const [id, { s, q }] of after) {
    const old = before.get(id);
    if (!old) {
      out.push(`Added the question “${q.label}” to “${s.title}”`);
      continue;
    }
    if (old.q.label !== q.label) out.push(`Reworded “${old.q.label}” to “${q.label}”`);
    if ((old.q.hint ?? "") !== (q.hint ?? "")) out.push(`Changed the hint of “${q.label}”`);
    if (old.q.required !== q.required) out.push(`Made “${q.label}” ${q.required ? "required" : "optional"}`);
    if (JSON.stringify(old.q.showIf ?? null) !== JSON.stringify(q.showIf ?? null))
      out.push(`Changed when “${q.label}” is shown`);
    if ("options" in old.q && "options" in q && JSON.stringify(old.q.options) !== JSON.stringify(q.options))
      out.push(`Changed the options of “${q.label}”`);
    if (old.s.id !== s.id) out.push(`Moved “${q.label}” to “${s.title}”`);
    else if (old.s.questions.findIndex((x) => x.id === id) !== s.questions.findIndex((x) => x.id === id))
      out.push(`Moved “${q.label}” within “${s.title}”`);
  }
  for (const [id, { s, q }] of before)
    if (!after.has(id)) out.push(`Removed the question “${q.label}” from “${s.title}”`);
  return out;
}

/** A template mistake in the lead's words: which section and question, then what is wrong. */
export function describeProblem(t: Template, p: { path: string; message: string }): string {
  const m = /^sections\.(\d+)(?:\.questions\.(\d+)(?:\.questions\.(\d+))?)?(?:\.(.*))?$/.exec(p.path);
  if (!m) return `${p.path === "(template)" ? "The form" : p.path}: ${p.message}`;
  const s = t.sections[Number(m[1])];
  const q = m[2] !== undefined ? s?.questions[Number(m[2])] : undefined;
  const sq = m[3] !== undefined && q?.type === "group" ? q.questions[Number(m[3])] : undefined;
  const where = [
    s ? `Section “${s.title || "(no title)"}”` : "A section",
    q ? `question “${q.label || "(no wording)"}”` : undefined,
    sq ? `“${sq.label || "(no wording)"}”` : undefined,
  ]
    .filter(Boolean)
    .join(", ");
  const field = m[4] ? ` (${m[4].replace(/\./g, " ")})` : "";
  return `${where}${field}: ${p.message}`;
}
