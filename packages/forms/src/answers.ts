/**
 * Answers: reading a posted section (strings from an HTML form) into typed answers, and
 * validating them with valibot schemas compiled from the definition. Two modes: `draft` (save what
 * is there; only malformed values are errors) and `complete` (also required questions and
 * minimum items) — "Save and continue" and "Check your answers" use `complete`.
 */
import * as v from "valibot";
import type { GroupQuestion, Question, SimpleQuestion, Template, TemplateSection } from "./definition";

export type AnswerValue = string | number | string[] | Record<string, unknown>[] | undefined;
export type Answers = Record<string, unknown>;
export type FormBody = Record<string, string | File | (string | File)[]>;

export interface FieldError {
  /** The id of the field to link to from the error summary. */
  href: string;
  text: string;
}

export interface Context {
  /** The region's theme taxonomy. */
  themes: { id: string; label: string }[];
  /** Today's date (YYYY-MM-DD) where the form is being filled: date questions marked `future` must not be before it. */
  today?: string;
}

export type Mode = "draft" | "complete";

const RAG = ["red", "amber", "green"] as const;
export const RAG_LABELS: Record<string, string> = { red: "Red", amber: "Amber", green: "Green" };

/** Field name and element id for a question (top-level or in a group item). */
export const fieldName = (qid: string, group?: { id: string; index: number }) =>
  group ? `q.${group.id}.${group.index}.${qid}` : `q.${qid}`;
export const fieldId = (qid: string, group?: { id: string; index: number }) =>
  group ? `q-${group.id}-${group.index}-${qid}` : `q-${qid}`;

/** Lower-case the first letter for use inside a sentence ("Enter the number of referrals"). */
const lowerFirst = (label: string) => label.charAt(0).toLowerCase() + label.slice(1).replace(/[?:]$/, "");

const MARK = Symbol("unparseable");
type Raw = AnswerValue | typeof MARK;

function str(body: FormBody, name: string): string {
  const x = body[name];
  const first = Array.isArray(x) ? x[0] : x;
  return typeof first === "string" ? first.trim() : "";
}
function list(body: FormBody, name: string): string[] {
  const x = body[name];
  return (Array.isArray(x) ? x : x === undefined ? [] : [x]).filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
}

/** Turn posted strings into the value's type; MARK when it cannot be (a parse error). */
function convert(q: SimpleQuestion, body: FormBody, name: string, existing: unknown): Raw {
  switch (q.type) {
    case "text":
    case "textarea":
    case "radios":
    case "select":
    case "rag":
      return str(body, name) || undefined;
    case "themes":
      return q.multiple ? list(body, name) : str(body, name) || undefined;
    case "checkboxes":
      return list(body, name);
    case "number": {
      const raw = str(body, name);
      // Commas only as thousands separators ("1,250"); "1,5" is not a number here.
      const s = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replace(/,/g, "") : raw;
      if (!s) return undefined;
      return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : MARK;
    }
    case "date": {
      // GOV.UK's date input posts `<name>-day`, `<name>-month` and `<name>-year`.
      const [d, m, y] = ["day", "month", "year"].map((p) => str(body, `${name}-${p}`));
      if (!d && !m && !y) return undefined;
      if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return MARK;
      const iso = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
      const date = new Date(`${iso}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : MARK;
    }
    case "file":
      return Array.isArray(existing) ? (existing as string[]) : [];
  }
}

/**
 * The words error messages use for a question. Labels that are questions ("How do you know it?")
 * cannot be dropped into "Enter …", so a template names the answer (`errorName`, a noun phrase such
 * as "how you know it") or gives the whole message (`errorMessage`); failing both, the message
 * quotes the question rather than mangling it.
 */
function words(q: SimpleQuestion) {
  const isQuestion = /\?\s*$/.test(q.label);
  const name = q.errorName ?? (isQuestion ? undefined : lowerFirst(q.label));
  const subject = q.errorName
    ? q.errorName.charAt(0).toUpperCase() + q.errorName.slice(1)
    : isQuestion
      ? `The answer to “${q.label.trim()}”`
      : q.label.replace(/:\s*$/, "");
  const missing = (verb: "Enter" | "Select" | "Upload") =>
    q.errorMessage ??
    (name
      ? `${verb} ${name}`
      : verb === "Select"
        ? `Select an answer to “${q.label.trim()}”`
        : `Answer “${q.label.trim()}”`);
  return { name, subject, missing };
}

function parseError(q: SimpleQuestion): string {
  const { subject, name } = words(q);
  if (q.type === "number") return `${subject} must be a number${q.unit ? ` (${q.unit})` : ""}`;
  if (q.type === "date") return `${subject} must be a real date, like 27 3 2027`;
  return name ? `Check ${name}` : `Check your answer to “${q.label.trim()}”`;
}

const places = (n: number) => `${n} decimal place${n === 1 ? "" : "s"}`;

/** Compile the valibot schema that a question's typed value must satisfy. */
export function questionSchema(q: SimpleQuestion, ctx: Context, mode: Mode): v.GenericSchema<unknown> {
  const required = mode === "complete" && q.required;
  const { subject, missing, name } = words(q);
  const optional = (s: v.GenericSchema<unknown>): v.GenericSchema<unknown> => (required ? s : v.optional(s));
  switch (q.type) {
    case "text":
    case "textarea": {
      const tooLong = `${subject} must be ${q.maxLength.toLocaleString("en-GB")} characters or fewer`;
      return required
        ? v.pipe(v.string(missing("Enter")), v.minLength(1, missing("Enter")), v.maxLength(q.maxLength, tooLong))
        : v.optional(v.pipe(v.string(), v.maxLength(q.maxLength, tooLong)));
    }
    case "number": {
      const checks: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [];
      if (q.decimals === 0) checks.push(v.integer(`${subject} must be a whole number`));
      else
        checks.push(
          v.check(
            (n) => Math.round(n * 10 ** q.decimals) === n * 10 ** q.decimals,
            `${subject} must have ${places(q.decimals)} or fewer`,
          ),
        );
      const range =
        q.min !== undefined && q.max !== undefined
          ? `${subject} must be between ${q.min} and ${q.max}`
          : q.min !== undefined
            ? `${subject} must be ${q.min} or more`
            : `${subject} must be ${q.max} or less`;
      if (q.min !== undefined) checks.push(v.minValue(q.min, range));
      if (q.max !== undefined) checks.push(v.maxValue(q.max, range));
      return optional(v.pipe(v.number(missing("Enter")), ...checks));
    }
    case "date": {
      const today = q.future ? ctx.today : undefined;
      return optional(
        v.pipe(
          v.string(missing("Enter")),
          v.isoDate(`${subject} must be a real date`),
          v.check((d) => !today || d >= today, `${subject} must be today or in the future`),
        ),
      );
    }
    case "radios":
    case "select":
      return optional(
        v.picklist(
          q.options.map((o) => o.value),
          missing("Select"),
        ),
      );
    case "rag":
      return optional(v.picklist(RAG, q.errorMessage ?? (name ? `Select a rating for ${name}` : missing("Select"))));
    case "checkboxes":
    case "themes": {
      const values = q.type === "themes" ? ctx.themes.map((t) => t.id) : q.options.map((o) => o.value);
      if (q.type === "themes" && !q.multiple) return optional(v.picklist(values, missing("Select")));
      const item = v.picklist(values, `Select only the options shown`);
      return required ? v.pipe(v.array(item), v.minLength(1, missing("Select"))) : v.optional(v.array(item));
    }
    case "file":
      return required
        ? v.pipe(v.array(v.string()), v.minLength(1, missing("Upload")))
        : v.optional(v.array(v.string()));
  }
}

/** Is this question shown, given the answers around it? */
export function isShown(q: Question | SimpleQuestion, around: Answers): boolean {
  if (!q.showIf) return true;
  const value = around[q.showIf.question];
  return Array.isArray(value)
    ? value.some((x) => q.showIf!.in.includes(String(x)))
    : q.showIf.in.includes(String(value));
}

function readList(
  qs: SimpleQuestion[],
  body: FormBody,
  existing: Answers,
  ctx: Context,
  mode: Mode,
  group: { id: string; index: number } | undefined,
  errors: FieldError[],
): Answers {
  const out: Answers = {};
  for (const q of qs) {
    const raw = convert(q, body, fieldName(q.id, group), existing[q.id]);
    if (!isShown(q, out)) continue; // hidden conditional questions keep no answer
    // GOV.UK error summary links go to the first input: a date's day field, a choice's first option.
    const href = `#${fieldId(q.id, group)}${q.type === "date" ? "-day" : ""}`;
    if (raw === MARK) {
      errors.push({ href, text: parseError(q) });
      continue;
    }
    const result = v.safeParse(questionSchema(q, ctx, mode), raw);
    if (!result.success) {
      errors.push({ href, text: result.issues[0]!.message });
      continue;
    }
    const value = result.output;
    if (value !== undefined && !(Array.isArray(value) && value.length === 0 && q.type !== "file")) out[q.id] = value;
  }
  return out;
}

function readGroup(
  q: GroupQuestion,
  body: FormBody,
  existing: Answers,
  ctx: Context,
  mode: Mode,
  errors: FieldError[],
): Record<string, unknown>[] {
  const prefix = `q.${q.id}.`;
  const indexes = [
    ...new Set(
      Object.keys(body)
        .filter((k) => k.startsWith(prefix))
        .map((k) => Number(k.slice(prefix.length).split(".")[0])),
    ),
  ]
    .filter((n) => Number.isInteger(n) && n >= 0 && n < 100)
    .sort((a, b) => a - b);
  const previous = Array.isArray(existing[q.id]) ? (existing[q.id] as Answers[]) : [];
  const items: Record<string, unknown>[] = [];
  for (const index of indexes) {
    // A row whose posted fields are all empty (a blank "add another" row) is not an item.
    const itemPrefix = `${prefix}${index}.`;
    const blank = Object.entries(body).every(
      ([k, x]) => !k.startsWith(itemPrefix) || [x].flat().every((s) => typeof s !== "string" || s.trim() === ""),
    );
    if (blank && !Array.isArray(previous[index]?.[q.questions.find((sq) => sq.type === "file")?.id ?? ""])) continue;
    const itemErrors: FieldError[] = [];
    const item = readList(q.questions, body, previous[index] ?? {}, ctx, mode, { id: q.id, index }, itemErrors);
    errors.push(
      ...itemErrors.map((e) => ({
        ...e,
        text: `${q.itemName.charAt(0).toUpperCase()}${q.itemName.slice(1)} ${items.length + 1}: ${e.text}`,
      })),
    );
    items.push(item);
  }
  if (mode === "complete") {
    const min = Math.max(q.minItems, q.required ? 1 : 0);
    if (items.length < min)
      errors.push({
        href: `#${fieldId(q.questions[0]!.id, { id: q.id, index: 0 })}`,
        text: `Add at least ${min} ${q.itemName}${min === 1 ? "" : "s"}`,
      });
  }
  if (items.length > q.maxItems)
    errors.push({ href: `#q-${q.id}`, text: `You can add up to ${q.maxItems} ${q.itemName}s` });
  return items;
}

/**
 * Read one posted section. Returns the section's answers (hidden conditional questions and empty
 * values removed) and the errors, in page order, ready for an error summary.
 */
export function readSection(
  section: TemplateSection,
  body: FormBody,
  existing: Answers,
  ctx: Context,
  mode: Mode,
): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const answers: Answers = {};
  for (const q of section.questions) {
    if (q.type === "group") {
      if (!isShown(q, answers)) continue;
      const items = readGroup(q, body, existing, ctx, mode, errors);
      if (items.length) answers[q.id] = items;
      continue;
    }
    Object.assign(answers, readList([q], body, { ...existing, ...answers }, ctx, mode, undefined, errors));
    if (!isShown(q, answers)) delete answers[q.id];
  }
  return { answers, errors };
}

/** Validate stored answers of a section as complete (for the task list and check your answers). */
export function sectionErrors(section: TemplateSection, answers: Answers, ctx: Context): FieldError[] {
  const errors: FieldError[] = [];
  for (const q of section.questions) {
    if (!isShown(q, answers)) continue;
    const value = answers[q.id];
    if (q.type === "group") {
      const items = Array.isArray(value) ? (value as Answers[]) : [];
      const min = Math.max(q.minItems, q.required ? 1 : 0);
      if (items.length < min)
        errors.push({ href: `#q-${q.id}`, text: `Add at least ${min} ${q.itemName}${min === 1 ? "" : "s"}` });
      items.forEach((item, index) => {
        for (const sq of q.questions) {
          if (!isShown(sq, item)) continue;
          const r = v.safeParse(questionSchema(sq, ctx, "complete"), item[sq.id]);
          if (!r.success)
            errors.push({
              href: `#${fieldId(sq.id, { id: q.id, index })}`,
              text: `${q.itemName} ${index + 1}: ${r.issues[0]!.message}`,
            });
        }
      });
      continue;
    }
    const r = v.safeParse(questionSchema(q, ctx, "complete"), value);
    if (!r.success) errors.push({ href: `#${fieldId(q.id)}`, text: r.issues[0]!.message });
  }
  return errors;
}

export type SectionStatus = "not-started" | "in-progress" | "completed";

/** Status of a section for the task list. */
export function sectionStatus(section: TemplateSection, answers: Answers, ctx: Context): SectionStatus {
  if (!section.questions.some((q) => answers[q.id] !== undefined)) return "not-started";
  return sectionErrors(section, answers, ctx).length ? "in-progress" : "completed";
}

/** All errors of a whole form (submission is allowed only when there are none). */
export function formErrors(
  t: Template,
  answers: Answers,
  ctx: Context,
): { section: TemplateSection; errors: FieldError[] }[] {
  return t.sections
    .map((section) => ({ section, errors: sectionErrors(section, answers, ctx) }))
    .filter((x) => x.errors.length);
}

/** A display string for an answer (check your answers, emails, exports). */
export function displayAnswer(q: SimpleQuestion, value: unknown, ctx: Context): string {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) return "";
  const label = (x: unknown) => {
    if ("options" in q) return q.options.find((o) => o.value === x)?.label ?? String(x);
    if (q.type === "themes") return ctx.themes.find((t) => t.id === x)?.label ?? String(x);
    if (q.type === "rag") return RAG_LABELS[String(x)] ?? String(x);
    return String(x);
  };
  if (q.type === "date" && typeof value === "string") {
    return new Date(`${value}T00:00:00Z`).toLocaleDateString("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
  }
  if (q.type === "number") return `${Number(value).toLocaleString("en-GB")}${q.unit ? ` ${q.unit}` : ""}`;
  if (q.type === "file" && Array.isArray(value)) return `${value.length} file${value.length === 1 ? "" : "s"}`;
  return Array.isArray(value) ? value.map(label).join(", ") : label(value);
}
