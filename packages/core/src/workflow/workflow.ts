/**
 * The annual cycle in motion. Everything here is level-triggered: the scheduled step reads only what is due (gsi2,
 * by time) and derives what to do from stored state, so running it twice, or twice at once, or again after a crash,
 * does each thing once. Emails go through the ledger with keys that name the cycle, step, recipient, purpose and
 * occurrence.
 */
export { openStep, closeStep, runPhaseEvents, unfinishedTasks } from "./steps";
export { reopenStep } from "./reopen";
export { advanceTask, runTaskEvents } from "./task-events";
export { extendDeadline, waiveTask, remindNow, reopenTasks, assertRemindable } from "./controls";
export { endChasingForStep, closedNote, stepIsClosed } from "./step-closed";
export { board, type BoardRow } from "./board";
export { taskPeople } from "./task-people";
export {
  dashboard,
  noConcerns,
  countStates,
  type StepCounts,
  type Dashboard,
  type StepProgress,
  type OverdueTask,
  type ConcernSource,
} from "./dashboard";
export { guardOf, guardsOf, type Guard } from "./guards";
export { taskStates, taskState, isDerived } from "./task-state";
export { mailGuards, sendDueMail } from "./mail-guard";
