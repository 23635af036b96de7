/**
 * Nothing signed unseen. Answers carried forward from last year are not taken as this year's until someone has
 * opened their section and saved it ("To check" until then, and the form cannot be submitted); carried-forward
 * answers that still name an earlier year or date are pointed out on the check-answers page; and the officer's
 * declaration does not claim the director's approval before the director has given it.
 */
import type { Submission } from "@riia/core";
import { fieldId } from "./answers";
import type { Question, Template, TemplateSection } from "./definition";

type Sub = Pick<Submission.Submission, "carriedForward" | "checkedSections" | "answers">;

/** Does this section hold answers carried forward from last year that nobody has checked yet? */
export function needsCheck(section: TemplateSection, sub: Sub): boolean {
  return !sub.checkedSections?.[section.id] && section.questions.some((q) => sub.carriedForward.includes(q.id));
}

/** The sections still to check, in form order. */
export const sectionsToCheck = (template: Template, sub: Sub) => template.sections.filter((s) => needsCheck(s, sub));

/** Why the form cannot be submitted yet (sections incomplete or still to check), for the check page; or undefined. */
export function cannotSubmitYet(incomplete: { section: TemplateSection }[], toCheck: TemplateSection[]) {
  const names = (xs: TemplateSection[]) => xs.map((s) => `“${s.title}”`).join(", ");
  const parts = [
    ...(incomplete.length ? [`complete ${names(incomplete.map((x) => x.section))}`] : []),
    ...(toCheck.length
      ? [`check ${names(toCheck)}, which ${toCheck.length === 1 ? "was" : "were"} carried forward from last year`]
      : []),
  ];
  return parts.length ? parts.join(", and ") : undefined;
}

export interface LastYearWarning {
  href: string;
  text: string;
}

const YEAR = /\b(?:19|20)\d{2}\b/g;
const quote = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

/**
 * Carried-forward answers that still name an earlier period: a year before the one this cycle's self-evaluation
 * covers (April of the cycle's year before, so "April 2024 to March 2025" in the 2026 to 2027 cycle), or a date
 * before the cycle's first step opened. Each links to its question.
 */
export function lastYearWarnings(
  template: Template,
  sub: Sub,
  cycle: { year: number; startsAt: string },
  sectionHref: (sectionId: string) => string,
): LastYearWarning[] {
  const out: LastYearWarning[] = [];
  const earliestYear = cycle.year - 1;
  const startDay = cycle.startsAt.slice(0, 10);
  const cycleName = `${cycle.year} to ${cycle.year + 1}`;
  const check = (q: Question, value: unknown, href: string, label: string) => {
    if (typeof value !== "string" || !value) return;
    if (q.type === "date") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value) && value < startDay)
        out.push({ href, text: `“${label}” is still last year's date (${value}): change it for ${cycleName}` });
      return;
    }
    if (q.type !== "text" && q.type !== "textarea") return;
    const old = [...new Set([...value.matchAll(YEAR)].map((m) => Number(m[0])).filter((y) => y < earliestYear))];
    if (old.length)
      out.push({
        href,
        text: `“${label}” was carried forward from last year and still says “${quote(value)}”: check it is right for ${cycleName}`,
      });
  };
  for (const section of template.sections) {
    for (const q of section.questions) {
      if (!sub.carriedForward.includes(q.id)) continue;
      const at = (id: string) => `${sectionHref(section.id)}#${id}`;
      if (q.type === "group") {
        const items = Array.isArray(sub.answers[q.id]) ? (sub.answers[q.id] as Record<string, unknown>[]) : [];
        items.forEach((item, index) => {
          for (const sq of q.questions) {
            const id = fieldId(sq.id, { id: q.id, index });
            check(
              sq,
              item[sq.id],
              at(sq.type === "date" ? `${id}-day` : id),
              `${q.itemName.charAt(0).toUpperCase()}${q.itemName.slice(1)} ${index + 1}: ${sq.label}`,
            );
          }
        });
      } else check(q, sub.answers[q.id], at(q.type === "date" ? `${fieldId(q.id)}-day` : fieldId(q.id)), q.label);
    }
  }
  return out;
}

/**
 * The declaration the person submitting makes. An officer whose form goes to the director to approve confirms it is
 * accurate and ready for approval, not that it "has been approved"; the director's own submission keeps the
 * template's words (the director approves it by submitting).
 */
export function declarationText(template: Template, who: { isDcs: boolean; signOff: boolean }): string {
  if (!template.declaration.requiresDcs || who.isDcs) return template.declaration.text;
  const what = `this ${template.title.toLowerCase()}`;
  return who.signOff
    ? `I confirm that ${what} is accurate to the best of my knowledge and ready for our director of children's services to approve. It is not submitted until they approve it.`
    : `I confirm that ${what} is accurate to the best of my knowledge.`;
}
