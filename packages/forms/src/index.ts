/** @riia/forms — form definitions, answer validation (valibot) and GOV.UK rendering. */
export * from "./definition";
export * from "./answers";
export { type Render, type RendererPaths } from "./render";
export { createRenderer } from "./render-files";
export { BUILT_IN } from "./templates/index";
export * as FormService from "./service";
export * from "./views";
export * as Attachments from "./attachments";
export { answerBlocks, sendSubmissionConfirmation } from "./emails";
export { readOnlySections, taskListView, titledForStep } from "./pages";
export { answersTable, compareAnswers, flatten, type Change, type FlatAnswer } from "./flatten";
export { historyView } from "./history";
export {
  applyEdit,
  EDITABLE_TYPES,
  SECTION_TYPES,
  TYPE_NAMES,
  type EditableType,
  type EditOp,
  type GroupSettings,
  type QuestionList,
  type QuestionSettings,
  type SectionType,
} from "./editor";
export { describeProblem, templateChanges } from "./editor-changes";
export { keptFields, savedRows, unsentRows } from "./conflict";
export {
  cannotSubmitYet,
  declarationText,
  lastYearWarnings,
  needsCheck,
  sectionsToCheck,
  type LastYearWarning,
} from "./before-submit";
