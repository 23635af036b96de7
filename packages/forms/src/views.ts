/**
 * View models: what the nunjucks views need for each page, built from a template, answers (or a
 * re-posted form) and errors. Kept apart from the views so they are plain data and testable.
 */
import {
  displayAnswer,
  fieldId,
  fieldName,
  isShown,
  RAG_LABELS,
  sectionStatus,
  type Answers,
  type Context,
  type FieldError,
  type FormBody,
} from "./answers";
import type { GroupQuestion, SimpleQuestion, Template, TemplateSection } from "./definition";

export interface Field {
  q: SimpleQuestion | GroupQuestion;
  id: string;
  name: string;
  hint?: string;
  error?: string;
  value?: string;
  dateParts?: { day: string; month: string; year: string };
  options?: { value: string; text: string; hint?: { text: string }; selected?: boolean; checked?: boolean }[];
  files?: { name: string; size: string; href: string }[];
  uploadHref?: string;
  heading?: boolean;
  group?: boolean;
  items?: { index: number; legend: string; removable: boolean; fields: Field[] }[];
  canAdd?: boolean;
}

/** Where a page's values come from: the stored answers, or what was just posted (to re-show it with errors). */
export type Source = { answers: Answers } | { body: FormBody };

const bodyString = (body: FormBody, name: string) => {
  const x = body[name];
  const first = Array.isArray(x) ? x[0] : x;
  return typeof first === "string" ? first : "";
};
const bodyList = (body: FormBody, name: string) => {
  const x = body[name];
  return (Array.isArray(x) ? x : x === undefined ? [] : [x]).filter((s): s is string => typeof s === "string");
};

export interface FileLinks {
  files: (ids: string[]) => { name: string; size: string; href: string }[];
  uploadHref: (questionId: string) => string | undefined;
}

function simpleField(
  q: SimpleQuestion,
  source: Source,
  stored: unknown,
  errors: Map<string, string>,
  ctx: Context,
  links: FileLinks,
  group?: { id: string; index: number },
): Field {
  const id = fieldId(q.id, group);
  const name = fieldName(q.id, group);
  const f: Field = { q, id, name, hint: q.hint, error: errors.get(id) ?? errors.get(`${id}-day`) };
  const fromBody = "body" in source;
  const asString = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const chosen: string[] = fromBody
    ? bodyList(source.body, name)
    : Array.isArray(stored)
      ? stored.map(String)
      : stored === undefined || stored === null
        ? []
        : [String(stored)];
  const opt = (value: string, text: string, hint?: string) => ({
    value,
    text,
    ...(hint ? { hint: { text: hint } } : {}),
    ...(q.type === "select" || (q.type === "themes" && !q.multiple)
      ? { selected: chosen.includes(value) }
      : { checked: chosen.includes(value) }),
  });
  switch (q.type) {
    case "text":
    case "textarea":
    case "number":
      f.value = fromBody ? bodyString(source.body, name) : asString(stored);
      break;
    case "date": {
      if (fromBody)
        f.dateParts = {
          day: bodyString(source.body, `${name}-day`),
          month: bodyString(source.body, `${name}-month`),
          year: bodyString(source.body, `${name}-year`),
        };
      else {
        const [y, m, d] = typeof stored === "string" ? stored.split("-") : ["", "", ""];
        f.dateParts = { day: d ? String(Number(d)) : "", month: m ? String(Number(m)) : "", year: y ?? "" };
      }
      break;
    }
    case "radios":
    case "checkboxes":
    case "select":
      f.options = q.options.map((o) => opt(o.value, o.label, o.hint));
      if (q.type === "select")
        f.options.unshift({ value: "", text: "Choose an option", selected: chosen.length === 0 });
      break;
    case "rag":
      f.options = Object.entries(RAG_LABELS).map(([value, text]) => opt(value, text));
      break;
    case "themes":
      f.options = ctx.themes.map((t) => opt(t.id, t.label));
      if (!q.multiple) f.options.unshift({ value: "", text: "Choose a theme", selected: chosen.length === 0 });
      break;
    case "file":
      f.files = links.files(Array.isArray(stored) ? (stored as string[]) : []);
      f.uploadHref = links.uploadHref(q.id);
      break;
  }
  return f;
}

/**
 * The fields of a section page. `extraItems` adds blank items to groups (the "Add another" button
 * without JavaScript); a group always shows at least one item.
 */
export function sectionFields(
  section: TemplateSection,
  source: Source,
  stored: Answers,
  errors: FieldError[],
  ctx: Context,
  links: FileLinks,
  extraItems: Record<string, number> = {},
): Field[] {
  const errorMap = new Map(errors.map((e) => [e.href.slice(1), e.text]));
  const visibleAnswers: Answers = "answers" in source ? source.answers : {};
  const single =
    section.questions.length === 1 && section.questions[0]!.type !== "group" && section.questions[0]!.type !== "file";
  const fields: Field[] = [];
  for (const q of section.questions) {
    if (q.type === "group") {
      const storedItems = Array.isArray(stored[q.id]) ? (stored[q.id] as Answers[]) : [];
      let indexes: number[];
      if ("body" in source) {
        const prefix = `q.${q.id}.`;
        indexes = [
          ...new Set(
            Object.keys(source.body)
              .filter((k) => k.startsWith(prefix))
              .map((k) => Number(k.slice(prefix.length).split(".")[0])),
          ),
        ].sort((a, b) => a - b);
      } else indexes = storedItems.map((_, i) => i);
      const count = Math.min(q.maxItems, Math.max(indexes.length + (extraItems[q.id] ?? 0), 1));
      let next = indexes.length ? Math.max(...indexes) + 1 : 0;
      while (indexes.length < count) indexes.push(next++);
      const items = indexes.slice(0, count).map((index, n) => {
        const item = storedItems[index] ?? {};
        const itemSource: Source = "body" in source ? source : { answers: item };
        return {
          index,
          legend: `${q.itemName.charAt(0).toUpperCase()}${q.itemName.slice(1)} ${n + 1}`,
          removable: count > 1 || Object.keys(item).length > 0,
          fields: q.questions.map((sq) =>
            simpleField(sq, itemSource, item[sq.id], errorMap, ctx, links, { id: q.id, index }),
          ),
        };
      });
      fields.push({
        q,
        id: `q-${q.id}`,
        name: `q.${q.id}`,
        hint: q.hint,
        group: true,
        items,
        canAdd: count < q.maxItems,
      });
      continue;
    }
    // Conditional questions are shown while their condition holds (or while re-showing a post).
    if (
      "answers" in source &&
      !isShown(q, visibleAnswers) &&
      q.showIf &&
      visibleAnswers[q.showIf.question] !== undefined
    )
      continue;
    fields.push({ ...simpleField(q, source, stored[q.id], errorMap, ctx, links), heading: single });
  }
  return fields;
}

/** Task list items (GOV.UK task list component). */
export function taskItems(
  t: Template,
  answers: Answers,
  ctx: Context,
  href: (sectionId: string) => string | undefined,
  /** Sections of carried-forward answers nobody has checked yet: "To check", never "Completed". */
  toCheck: (section: TemplateSection) => boolean = () => false,
) {
  return t.sections.map((s) => {
    const status = sectionStatus(s, answers, ctx);
    const link = href(s.id);
    return {
      title: { text: s.title },
      ...(link ? { href: link } : {}),
      status: toCheck(s)
        ? { tag: { text: "To check", classes: "govuk-tag--yellow" } }
        : status === "completed"
          ? { text: "Completed" }
          : status === "in-progress"
            ? { tag: { text: "In progress", classes: "govuk-tag--light-blue" } }
            : { tag: { text: "Not yet started", classes: "govuk-tag--blue" } },
    };
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Check-your-answers rows for one section, with "Changed since last year" / "Carried forward"
 * marks when there is a previous submission. Lead-only answers are left out when `forLead` is false.
 */
export function checkRows(
  section: TemplateSection,
  answers: Answers,
  ctx: Context,
  opts: {
    changeHref?: string;
    previous?: Answers;
    carriedForward?: string[];
    forLead?: boolean;
    /** Links to a file question's attached files (the reader can open each one). */
    files?: FileLinks["files"];
  },
) {
  const rows: {
    key: { text: string };
    value: { html: string };
    actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
  }[] = [];
  const esc = (s: string) =>
    s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  const mark = (qid: string, value: unknown) => {
    if (!opts.previous) return "";
    if (opts.carriedForward?.includes(qid))
      return ' <strong class="govuk-tag govuk-tag--grey">Carried forward</strong>';
    return same(value, opts.previous[qid])
      ? ""
      : ' <strong class="govuk-tag govuk-tag--yellow">Changed since last year</strong>';
  };
  const lines = (text: string) =>
    text ? esc(text).replace(/\n/g, "<br>") : '<span class="govuk-hint">Not answered</span>';
  // A file answer lists its files as links where the reader can open them, otherwise says how many there are.
  const shown = (q: SimpleQuestion, value: unknown) => {
    const attached = q.type === "file" && opts.files && Array.isArray(value) ? opts.files(value.map(String)) : [];
    return attached.length
      ? `<ul class="govuk-list">${attached.map((f) => `<li><a class="govuk-link" href="${esc(f.href)}">${esc(f.name)}</a> (${esc(f.size)})</li>`).join("")}</ul>`
      : lines(displayAnswer(q, value, ctx));
  };
  for (const q of section.questions) {
    if (!isShown(q, answers)) continue;
    const value = answers[q.id];
    let html: string;
    if (q.type === "group") {
      const items = Array.isArray(value) ? (value as Answers[]) : [];
      html = items.length
        ? items
            .map(
              (item, i) =>
                `<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">${esc(q.itemName.charAt(0).toUpperCase() + q.itemName.slice(1))} ${i + 1}</p><dl class="govuk-body">${q.questions
                  .filter((sq) => isShown(sq, item) && (opts.forLead !== false || sq.visibility !== "lead"))
                  .map(
                    (sq) =>
                      `<dt class="govuk-!-font-weight-bold">${esc(sq.label)}</dt><dd class="govuk-!-margin-left-0 govuk-!-margin-bottom-2">${shown(sq, item[sq.id])}</dd>`,
                  )
                  .join("")}</dl>`,
            )
            .join("")
        : lines("");
    } else {
      if (opts.forLead === false && q.visibility === "lead") continue;
      html = shown(q, value);
    }
    rows.push({
      key: { text: q.label },
      value: { html: html + mark(q.id, value) },
      ...(opts.changeHref
        ? {
            actions: {
              items: [
                { href: `${opts.changeHref}#q-${q.id}`, text: "Change", visuallyHiddenText: q.label.toLowerCase() },
              ],
            },
          }
        : {}),
    });
  }
  return rows;
}
