/**
 * What a post to the template editor asks for. Each button says what it does in its value —
 * "move-question:<list>:<question>:-1", where the list is "<section>" or, for a question inside a
 * repeating group, "<section>/<group>" — and the form around it carries the new wording.
 */
import { SECTION_TYPES, type EditOp, type GroupSettings, type QuestionList, type QuestionSettings } from "@riia/forms";

export type Body = Record<string, string>;
export interface EditError {
  href: string;
  text: string;
}

const listOf = (token: string): QuestionList => {
  const [section = "", group] = token.split("/");
  return group ? { section, group } : { section };
};

/** The id the editor page gives a question's fields ("minItems-<key>"): a group's own question is "<group>--<id>". */
export const fieldKey = (at: QuestionList, question: string) => (at.group ? `${at.group}--${question}` : question);

const count = (x: string | undefined) => (/^\s*\d{1,2}\s*$/.test(x ?? "") ? Number(x) : undefined);

/** A group's own settings, checked here so a typing slip is an error on the page, never a stored draft. */
function groupSettingsOf(b: Body, key: string): GroupSettings | EditError | undefined {
  if (b.itemName === undefined) return undefined;
  const minItems = count(b.minItems);
  const maxItems = count(b.maxItems);
  if (minItems === undefined || minItems > 50)
    return { href: `#minItems-${key}`, text: "Enter the fewest items as a whole number from 0 to 50" };
  if (maxItems === undefined || maxItems < 1 || maxItems > 50)
    return { href: `#maxItems-${key}`, text: "Enter the most items as a whole number from 1 to 50" };
  if (minItems > maxItems)
    return { href: `#minItems-${key}`, text: "The fewest items must not be more than the most items" };
  return { itemName: b.itemName, minItems, maxItems };
}

/** A number typed in a field: undefined when left blank, NaN when it is not a number. */
const optionalNumber = (x: string | undefined) => (x?.trim() ? Number(x.trim().replace(/,/g, "")) : undefined);

function numberSettingsOf(b: Body, key: string): QuestionSettings | EditError {
  const min = optionalNumber(b.min);
  const max = optionalNumber(b.max);
  const decimals = count(b.decimals);
  const unit = b.unit?.trim() || undefined;
  if (Number.isNaN(min))
    return { href: `#min-${key}`, text: "Enter the smallest answer as a number, or leave it blank" };
  if (Number.isNaN(max))
    return { href: `#max-${key}`, text: "Enter the largest answer as a number, or leave it blank" };
  if (min !== undefined && max !== undefined && min > max)
    return { href: `#min-${key}`, text: "The smallest answer must not be more than the largest" };
  // Blank keeps the engine's default (whole numbers).
  if (b.decimals?.trim() && (decimals === undefined || decimals > 4))
    return { href: `#decimals-${key}`, text: "Enter the decimal places as a whole number from 0 to 4" };
  if (unit && unit.length > 40) return { href: `#unit-${key}`, text: "The unit must be 40 characters or fewer" };
  return { min, max, decimals, unit };
}

/** The settings of the question's own type, read from the fields its card has (named by `questionType`). */
function settingsOf(b: Body, key: string): QuestionSettings | EditError | undefined {
  switch (b.questionType) {
    case "text":
    case "textarea": {
      const most = b.questionType === "text" ? 500 : 20000;
      const maxLength = optionalNumber(b.maxLength);
      if (maxLength === undefined) return {}; // blank keeps the engine's default
      if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > most)
        return {
          href: `#maxLength-${key}`,
          text: `Enter the longest answer as a whole number of characters from 1 to ${most}`,
        };
      return { maxLength };
    }
    case "number":
      return numberSettingsOf(b, key);
    case "themes":
      return { multiple: b.multiple === "yes" };
  }
  return undefined;
}

function editQuestionOf(b: Body, at: QuestionList, question: string): EditOp | EditError {
  const groupSettings = groupSettingsOf(b, fieldKey(at, question));
  if (groupSettings && "href" in groupSettings) return groupSettings;
  const settings = settingsOf(b, fieldKey(at, question));
  if (settings && "href" in settings) return settings;
  return {
    op: "edit-question",
    ...at,
    question,
    label: b.label ?? "",
    hint: b.hint ?? "",
    required: b.required === "yes",
    options: b.options ?? "",
    showIf: b.showIf ?? "",
    showIfValues: b.showIfValues ?? "",
    ...(groupSettings ? { groupSettings } : {}),
    ...(settings ? { settings } : {}),
    ...(b.errorName !== undefined
      ? { errorWords: { errorName: b.errorName, errorMessage: b.errorMessage ?? "" } }
      : {}),
  };
}

/** The edit a posted form asks for, the mistake that stops it, or nothing (an unnamed addition). */
export function editOf(b: Body): EditOp | EditError | undefined {
  const [op, list = "", question = "", dir] = (b.op ?? "").split(":");
  const by = (op === "move-section" ? question : dir) === "-1" ? -1 : 1;
  const at = listOf(list);
  switch (op) {
    case "add-section":
      return b.title?.trim() ? { op, title: b.title } : undefined;
    case "edit-section":
      return { op, section: at.section, title: b.title ?? "", description: b.description ?? "" };
    case "move-section":
      return { op, section: at.section, by };
    case "remove-section":
      return { op, section: at.section };
    case "add-question": {
      const type = SECTION_TYPES.find((t) => t === b.type && (t !== "group" || !at.group));
      return type && b.label?.trim() ? { op, ...at, type, label: b.label } : undefined;
    }
    case "edit-question":
      return editQuestionOf(b, at, question);
    case "move-question":
      return { op, ...at, question, by };
    case "remove-question":
      return { op, ...at, question };
    case "edit-form":
      return { op, title: b.title ?? "", declaration: b.declaration ?? "", requiresDcs: b.requiresDcs === "yes" };
  }
  return undefined;
}
