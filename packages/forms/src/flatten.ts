/**
 * Answers as a flat list of named values, one per question and (for repeating groups) one per item
 * and question, numbered: the shape of a CSV row and of a question-by-question comparison.
 */
import { displayAnswer, isShown, type Answers, type Context } from "./answers";
import type { Template } from "./definition";

export interface FlatAnswer {
  /** Stable column key, e.g. `themes.2.rating`. */
  key: string;
  section: string;
  label: string;
  value: string;
}

const itemLabel = (name: string, n: number) => `${name.charAt(0).toUpperCase()}${name.slice(1)} ${n}`;

/**
 * Flatten answers. `items` says how many numbered columns each group gets (so every row of an
 * export has the same columns); by default, as many as these answers have.
 */
export function flatten(t: Template, answers: Answers, ctx: Context, items: Record<string, number> = {}): FlatAnswer[] {
  const out: FlatAnswer[] = [];
  for (const s of t.sections)
    for (const q of s.questions) {
      if (q.type !== "group") {
        out.push({
          key: q.id,
          section: s.title,
          label: q.label,
          value: isShown(q, answers) ? displayAnswer(q, answers[q.id], ctx) : "",
        });
        continue;
      }
      const list = Array.isArray(answers[q.id]) ? (answers[q.id] as Answers[]) : [];
      const count = items[q.id] ?? list.length;
      for (let i = 0; i < count; i++)
        for (const sq of q.questions) {
          const item = list[i] ?? {};
          out.push({
            key: `${q.id}.${i + 1}.${sq.id}`,
            section: s.title,
            label: `${itemLabel(q.itemName, i + 1)}: ${sq.label}`,
            value: isShown(sq, item) ? displayAnswer(sq, item[sq.id], ctx) : "",
          });
        }
    }
  return out;
}

export interface Change {
  section: string;
  label: string;
  before: string;
  after: string;
}

/** What changed between two versions of a form, question by question (group items by number). */
export function compareAnswers(t: Template, before: Answers, after: Answers, ctx: Context): Change[] {
  const counts: Record<string, number> = {};
  for (const s of t.sections)
    for (const q of s.questions)
      if (q.type === "group") {
        const n = (a: Answers) => (Array.isArray(a[q.id]) ? (a[q.id] as unknown[]).length : 0);
        counts[q.id] = Math.max(n(before), n(after));
      }
  const a = flatten(t, before, ctx, counts);
  const b = new Map(flatten(t, after, ctx, counts).map((x) => [x.key, x]));
  return a
    .filter((x) => b.get(x.key)!.value !== x.value)
    .map((x) => ({ section: x.section, label: x.label, before: x.value, after: b.get(x.key)!.value }));
}

/**
 * Submissions of one form as a table: fixed columns, then one column per question, groups
 * flattened into numbered columns wide enough for the longest answer.
 */
export function answersTable(
  t: Template,
  subs: { answers: Answers; fixed: Record<string, string> }[],
  ctx: Context,
): { columns: string[]; headings: string[]; rows: Record<string, string>[] } {
  const counts: Record<string, number> = {};
  for (const s of t.sections)
    for (const q of s.questions)
      if (q.type === "group")
        counts[q.id] = Math.max(
          0,
          ...subs.map((x) => (Array.isArray(x.answers[q.id]) ? (x.answers[q.id] as unknown[]).length : 0)),
        );
  const fixed = Object.keys(subs[0]?.fixed ?? {});
  const shape = flatten(t, {}, ctx, counts);
  const rows = subs.map((x) => ({
    ...x.fixed,
    ...Object.fromEntries(flatten(t, x.answers, ctx, counts).map((f) => [f.key, f.value])),
  }));
  return { columns: [...fixed, ...shape.map((f) => f.key)], headings: [...fixed, ...shape.map((f) => f.label)], rows };
}
