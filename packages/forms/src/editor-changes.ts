/**
 * What a draft changes from the published version, in the lead's words, and a template mistake
 * located by section, question and (inside a repeating group) the group's question.
 */
import type { GroupQuestion, Question, Template } from "./definition";

/** A question with the list it sits in: a section's, or a repeating group's inside it. */
interface Placed {
  q: Question;
  list: string;
  listName: string;
}

function placed(t: Template): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const s of t.sections)
    for (const q of s.questions) {
      out.set(q.id, { q, list: s.id, listName: `“${s.title}”` });
      if (q.type === "group")
        for (const inner of q.questions)
          out.set(`${q.id}/${inner.id}`, {
            q: inner,
            list: `${s.id}/${q.id}`,
            listName: `the repeating group “${q.label}”`,
          });
    }
  return out;
}

function formChanges(published: Template, draft: Template): string[] {
  const out: string[] = [];
  if (published.title !== draft.title) out.push(`Renamed the form “${published.title}” to “${draft.title}”`);
  if (published.declaration.text !== draft.declaration.text) out.push("Changed the declaration");
  if (published.declaration.requiresDcs !== draft.declaration.requiresDcs)
    out.push(
      draft.declaration.requiresDcs
        ? "The LA's director of children's services must now approve each submission"
        : "Submissions no longer wait for the director of children's services to approve them",
    );
  return out;
}

function sectionChanges(published: Template, draft: Template): string[] {
  const out: string[] = [];
  const beforeSections = new Map(published.sections.map((s) => [s.id, s]));
  for (const s of draft.sections) {
    const old = beforeSections.get(s.id);
    if (!old) out.push(`Added the section “${s.title}”`);
    else if (old.title !== s.title) out.push(`Renamed the section “${old.title}” to “${s.title}”`);
    else if ((old.description ?? "") !== (s.description ?? "")) out.push(`Changed the introduction of “${s.title}”`);
  }
  for (const s of published.sections)
    if (!draft.sections.some((x) => x.id === s.id)) out.push(`Removed the section “${s.title}”`);
  const kept = (t: Template) =>
    t.sections
      .filter((s) => beforeSections.has(s.id) && draft.sections.some((x) => x.id === s.id))
      .map((s) => s.id)
      .join();
  if (kept(published) !== kept(draft)) out.push("Changed the order of the sections");
  return out;
}

/** The type-specific settings the editor changes (see `QuestionSettings`). */
const SETTINGS = ["maxLength", "min", "max", "decimals", "unit", "multiple"];

function groupChanges(old: GroupQuestion, q: GroupQuestion): string[] {
  const out: string[] = [];
  if (old.itemName !== q.itemName)
    out.push(`Renamed each item of “${q.label}” from “${old.itemName}” to “${q.itemName}”`);
  if (old.minItems !== q.minItems || old.maxItems !== q.maxItems)
    out.push(`“${q.label}” now takes at least ${q.minItems} and at most ${q.maxItems}`);
  return out;
}

/** What changed in one question that is in both versions. */
function questionChanges(old: Placed, now: Placed): string[] {
  const [a, b] = [old.q, now.q];
  const out: string[] = [];
  if (a.label !== b.label) out.push(`Reworded “${a.label}” to “${b.label}”`);
  if ((a.hint ?? "") !== (b.hint ?? "")) out.push(`Changed the hint of “${b.label}”`);
  if (a.required !== b.required) out.push(`Made “${b.label}” ${b.required ? "required" : "optional"}`);
  if (JSON.stringify(a.showIf ?? null) !== JSON.stringify(b.showIf ?? null))
    out.push(`Changed when “${b.label}” is shown`);
  if ("options" in a && "options" in b && JSON.stringify(a.options) !== JSON.stringify(b.options))
    out.push(`Changed the options of “${b.label}”`);
  if (a.type === "group" && b.type === "group") out.push(...groupChanges(a, b));
  const settings = (q: Question) => JSON.stringify(SETTINGS.map((k) => (k in q ? q[k as keyof Question] : null)));
  if (settings(a) !== settings(b)) out.push(`Changed the settings of “${b.label}”`);
  if ((a.errorName ?? "") !== (b.errorName ?? "") || (a.errorMessage ?? "") !== (b.errorMessage ?? ""))
    out.push(`Changed the error messages of “${b.label}”`);
  if (old.list !== now.list) out.push(`Moved “${b.label}” to ${now.listName}`);
  return out;
}

/** Lists whose kept questions are in a different order (not a question merely shifted by an addition). */
function orderChanges(before: Map<string, Placed>, after: Map<string, Placed>): string[] {
  const orderIn = (m: Map<string, Placed>, other: Map<string, Placed>) => {
    const lists = new Map<string, { name: string; keys: string[] }>();
    for (const [key, p] of m) {
      if (other.get(key)?.list !== p.list) continue;
      const list = lists.get(p.list) ?? { name: p.listName, keys: [] };
      list.keys.push(key);
      lists.set(p.list, list);
    }
    return lists;
  };
  const was = orderIn(before, after);
  return [...orderIn(after, before)]
    .filter(([list, now]) => was.get(list)?.keys.join() !== now.keys.join())
    .map(([, now]) => `Changed the order of the questions in ${now.name}`);
}

/** What the draft changes from the published version, in words. */
export function templateChanges(published: Template, draft: Template): string[] {
  const out = [...formChanges(published, draft), ...sectionChanges(published, draft)];
  const before = placed(published);
  const after = placed(draft);
  // A group added or removed whole is one change, not one per question inside it.
  const groupIn = (m: Map<string, Placed>, key: string) => !key.includes("/") || m.has(key.split("/")[0]!);
  for (const [key, now] of after) {
    const old = before.get(key);
    if (!old) {
      if (groupIn(before, key)) out.push(`Added the question “${now.q.label}” to ${now.listName}`);
    } else out.push(...questionChanges(old, now));
  }
  out.push(...orderChanges(before, after));
  for (const [key, { q, listName }] of before)
    if (!after.has(key) && groupIn(after, key)) out.push(`Removed the question “${q.label}” from ${listName}`);
  return out;
}

/** The editor's own names for the fields a mistake can be in. */
const FIELD_NAMES: Record<string, string> = {
  label: "wording",
  itemName: "name of one item",
  minItems: "fewest items",
  maxItems: "most items",
};

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
  const field = m[4] ? ` (${FIELD_NAMES[m[4]] ?? m[4].replace(/\./g, " ")})` : "";
  return `${where}${field}: ${p.message}`;
}
