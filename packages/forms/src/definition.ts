/**
 * The form-definition model: a template is sections of questions. Definitions are data (a region
 * can publish its own), so they are validated like any other input: `checkTemplate` lists every
 * mistake at once.
 */
import * as v from "valibot";

const Id = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]{0,60}$/, "ids are lower-case letters, digits and hyphens, starting with a letter"),
);
const Text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, "must not be empty"),
    v.maxLength(max, `must be at most ${max} characters`),
  );

const Option = v.object({ value: Id, label: Text(200), hint: v.optional(Text(300)) });

/** Show a question only when another question (in the same section, or the same group item) has one of these values. */
const ShowIf = v.object({ question: Id, in: v.pipe(v.array(v.string()), v.minLength(1)) });

const Base = {
  id: Id,
  label: Text(300),
  hint: v.optional(Text(1000)),
  /** How error messages name the answer, a noun phrase ("Enter <errorName>", "<ErrorName> must be a number"). */
  errorName: v.optional(Text(200)),
  /** The whole message when a required answer is missing ("Select yes if support would help"). */
  errorMessage: v.optional(Text(200)),
  required: v.optional(v.boolean(), false),
  showIf: v.optional(ShowIf),
  /** "lead" answers are seen only by the regional lead (and the person filling the form). */
  visibility: v.optional(v.picklist(["all", "lead"]), "all"),
};

const TextQ = v.object({
  ...Base,
  type: v.literal("text"),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 200),
});
const TextareaQ = v.object({
  ...Base,
  type: v.literal("textarea"),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20000)), 5000),
});
const NumberQ = v.object({
  ...Base,
  type: v.literal("number"),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  /** Decimal places allowed (0 = whole numbers). */
  decimals: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4)), 0),
  unit: v.optional(Text(40)),
});
const DateQ = v.object({
  ...Base,
  type: v.literal("date"),
  /** The date must be today or later (a plan's "complete by"): checked against the form's day, ctx.today. */
  future: v.optional(v.boolean()),
});
const ChoiceQ = v.object({
  ...Base,
  type: v.picklist(["radios", "checkboxes", "select"]),
  options: v.pipe(v.array(Option), v.minLength(2, "give at least two options"), v.maxLength(40)),
});
const ThemesQ = v.object({ ...Base, type: v.literal("themes"), multiple: v.optional(v.boolean(), true) });
const RagQ = v.object({ ...Base, type: v.literal("rag") });
const FileQ = v.object({ ...Base, type: v.literal("file") });

const Simple = v.variant("type", [TextQ, TextareaQ, NumberQ, DateQ, ChoiceQ, ThemesQ, RagQ, FileQ]);
const GroupQ = v.object({
  ...Base,
  type: v.literal("group"),
  /** Name of one item, e.g. "priority": used in "Add another priority". */
  itemName: Text(60),
  minItems: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(50)), 0),
  maxItems: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 20),
  questions: v.pipe(v.array(Simple), v.minLength(1), v.maxLength(20)),
});
const Question = v.variant("type", [TextQ, TextareaQ, NumberQ, DateQ, ChoiceQ, ThemesQ, RagQ, FileQ, GroupQ]);

const Section = v.object({
  id: Id,
  title: Text(120),
  description: v.optional(Text(2000)),
  questions: v.pipe(v.array(Question), v.minLength(1, "a section needs at least one question"), v.maxLength(40)),
});

export const FORM_KINDS = ["self-evaluation", "development-plan", "peer-challenge-response", "core-dataset"] as const;

export const TemplateSchema = v.object({
  kind: v.picklist(FORM_KINDS),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  title: Text(200),
  description: v.optional(Text(2000)),
  sections: v.pipe(v.array(Section), v.minLength(1), v.maxLength(30)),
  declaration: v.object({ text: Text(2000), requiresDcs: v.boolean() }),
});

export type Template = v.InferOutput<typeof TemplateSchema>;
export type TemplateSection = Template["sections"][number];
export type Question = TemplateSection["questions"][number];
export type SimpleQuestion = Exclude<Question, { type: "group" }>;
export type GroupQuestion = Extract<Question, { type: "group" }>;

export interface TemplateProblem {
  path: string;
  message: string;
}

/**
 * Check a template: its shape, then what shape alone cannot say — unique ids, conditions that point
 * at an earlier choice question and name its real options, sensible number ranges.
 */
export function checkTemplate(
  input: unknown,
): { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] } {
  const parsed = v.safeParse(TemplateSchema, input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? "(template)", message: i.message })),
    };
  }
  const t = parsed.output;
  const problems: TemplateProblem[] = [];
  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  t.sections.forEach((s, si) => {
    if (sectionIds.has(s.id))
      problems.push({ path: `sections.${si}.id`, message: `section id "${s.id}" is used twice` });
    sectionIds.add(s.id);
    const checkList = (qs: (Question | SimpleQuestion)[], at: string, isSection: boolean) => {
      const scope = new Map<string, Question | SimpleQuestion>();
      qs.forEach((q, qi) => {
        const path = `${at}.${qi}`;
        if (scope.has(q.id)) problems.push({ path: `${path}.id`, message: `question id "${q.id}" is used twice` });
        else if (isSection && questionIds.has(q.id))
          problems.push({ path: `${path}.id`, message: `question id "${q.id}" is already used in another section` });
        if (q.showIf) {
          const target = scope.get(q.showIf.question);
          if (!target) {
            problems.push({
              path: `${path}.showIf.question`,
              message: `"${q.showIf.question}" must be an earlier question in the same ${isSection ? "section" : "group"}`,
            });
          } else if (!("options" in target) && target.type !== "rag") {
            problems.push({
              path: `${path}.showIf.question`,
              message: `"${q.showIf.question}" is not a choice question`,
            });
          } else {
            const values = "options" in target ? target.options.map((o) => o.value) : ["red", "amber", "green"];
            const bad = q.showIf.in.filter((x) => !values.includes(x));
            if (bad.length)
              problems.push({
                path: `${path}.showIf.in`,
                message: `"${bad.join('", "')}" is not an option of "${target.id}"`,
              });
          }
        }
        if (q.type === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max) {
          problems.push({ path: `${path}.max`, message: "max must not be less than min" });
        }
        if ("options" in q && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
          problems.push({ path: `${path}.options`, message: "option values must be unique" });
        }
        if (q.type === "group") {
          if (q.minItems > q.maxItems)
            problems.push({ path: `${path}.minItems`, message: "minItems must not be more than maxItems" });
          checkList(q.questions, `${path}.questions`, false);
        }
        scope.set(q.id, q);
        if (isSection) questionIds.add(q.id);
      });
    };
    checkList(s.questions, `sections.${si}.questions`, true);
  });
  return problems.length ? { ok: false, problems } : { ok: true, template: t };
}

/** Every top-level question of a template, with its section. */
export function allQuestions(t: Template): { section: TemplateSection; question: Question }[] {
  return t.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
}
