/**
 * Nobody's words lost. When a save clashes with a colleague's, the section is drawn again with this person's own
 * text kept in the boxes they changed, the colleague's saved answer shown beside it, and the page's "seen" answers
 * taken from what is saved now, so saving again (after merging) writes what is in the boxes. When the form can no
 * longer be changed (a colleague submitted it, the step closed), the text they sent is shown for them to copy.
 */
import { readSection, type Answers, type Context, type FormBody } from "./answers";
import type { TemplateSection } from "./definition";
import { checkRows, type Field } from "./views";

/**
 * The fields of a section redrawn after a clash: the posted field for each question this person changed (their
 * text, kept), the saved field for every other question (a colleague's change there shows, not their old page's).
 */
export function keptFields(mine: Field[], saved: Field[], changed: readonly string[]): Field[] {
  const fromMine = new Map(mine.map((f) => [f.q.id, f]));
  const out = saved.map((f) => (changed.includes(f.q.id) ? (fromMine.get(f.q.id) ?? f) : f));
  // A question shown only in this person's version (a condition they met) keeps its place after its neighbours.
  for (const f of mine) if (changed.includes(f.q.id) && !out.some((x) => x.q.id === f.q.id)) out.push(f);
  return out;
}

/** The colleague's saved answers to the clashing questions, as summary list rows. */
export function savedRows(section: TemplateSection, answers: Answers, ctx: Context, clashes: readonly string[]) {
  return checkRows({ ...section, questions: section.questions.filter((q) => clashes.includes(q.id)) }, answers, ctx, {
    forLead: true,
  });
}

/** What this person sent and could not be saved, as summary list rows to copy from (answered questions only). */
export function unsentRows(section: TemplateSection, body: FormBody, ctx: Context) {
  const { answers } = readSection(section, body, {}, ctx, "draft");
  const answered = section.questions.filter((q) => {
    const v = answers[q.id];
    return v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
  });
  return checkRows({ ...section, questions: answered }, answers, ctx, { forLead: true });
}
