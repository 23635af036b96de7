/**
 * Once a step has closed nobody is chased for it: no reminder, overdue notice or escalation. `endChasingForStep`
 * takes the step's tasks out of the due index (every event counted as done, silently) and ends each escalation still
 * open with a note, audited. Closing a step calls it; the scheduled step calls it too when it meets a closed step's
 * task still due, so a close by any path (the lead, the schedule, an older version) never misfires.
 */
import { Audit } from "../audit";
import { Cycle, Tasks } from "../cycle";
import { ConditionFailedError, type Deps } from "../shared";
import { Region } from "../directory";
import { dateWords as longDate, stepWords } from "./step-words";

/**
 * Whether the scheduled step must leave a task of this step alone now: the step has closed, and the task was not
 * reopened for its LA beyond the close (until a date still to come).
 */
export const stepIsClosed = (
  cycle: Cycle.Cycle,
  step: Region.Step,
  task: Pick<Tasks.Task, "reopenedUntil">,
  now: number,
) => Cycle.phase(cycle, step).state === "closed" && !(task?.reopenedUntil && Date.parse(task.reopenedUntil) > now);

/** The task with every event counted as done: nothing left for the schedule to do. */
export function silenced(task: Tasks.Task, settings: Region.RegionSettings): Tasks.Task {
  const all = Tasks.taskEvents(task, settings).map((e) => e.id);
  return { ...task, done: [...new Set([...task.done, ...all])] };
}

const live = (t: Tasks.Task, now: number) => !!t.reopenedUntil && Date.parse(t.reopenedUntil) > now;

/** Why chasing ended, in the words the audit and the lead's pages show. */
export function closedNote(cycle: Cycle.Cycle, step: Region.Step): string {
  const closedAt = Cycle.phase(cycle, step).closedAt;
  return `${stepWords(step)} closed${closedAt ? ` on ${longDate(closedAt)}` : ""}: no more reminders, overdue notices or escalations.`;
}

/** End one task's chasing; false when another writer changed it first (the caller reads it again). */
async function endOne(
  deps: Pick<Deps, "store" | "clock">,
  task: Tasks.Task,
  settings: Region.RegionSettings,
  note: string,
) {
  const quiet = silenced(task, settings);
  const escalating = task.status === "escalated" || task.status === "overdue";
  const chaseEnded = { at: deps.clock.now().toISOString(), note };
  try {
    await deps.store.update(
      Tasks.taskKey(task.cycleId, task.step, task.authority),
      {
        set: { done: quiet.done, version: task.version + 1, ...(escalating ? { chaseEnded } : {}) },
        remove: ["gsi2pk", "gsi2sk"],
      },
      { condition: { op: "eq", attr: "version", value: task.version } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
  if (escalating)
    await Audit.record(deps, {
      scope: Audit.cycleScope(task.cycleId),
      actor: Audit.systemActor("schedule"),
      action: "task.escalation-ended",
      entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: task.version + 1 },
      authority: task.authority,
      summary: `Ended the ${task.status === "escalated" ? "escalation" : "overdue chasing"} of ${task.step}: ${note}`,
    });
  return true;
}

/**
 * Stop chasing every task of a closed step: out of the due index, open escalations ended with `note` (audited).
 * Idempotent: a task already ended, submitted or waived and out of the index is left alone.
 */
export async function endChasingForStep(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
  step: Region.Step,
  note: string,
): Promise<{ stopped: number; escalationsEnded: number }> {
  const cycle = await Cycle.get(deps, cycleId);
  const { settings } = await Region.get(deps, cycle.regionId);
  let stopped = 0;
  let escalationsEnded = 0;
  const now = deps.clock.now().getTime();
  // A task reopened for its LA after the close is still live until its new date: it is chased like any other.
  const ofStep = (await Tasks.tasksOf(deps, cycleId)).filter((t) => t.step === step && !live(t, now));
  for (const listed of ofStep) {
    let task: Tasks.Task | undefined = listed;
    for (let attempt = 0; task && attempt < 3; attempt++) {
      const escalating = (task.status === "escalated" || task.status === "overdue") && !task.chaseEnded;
      if (!task.gsi2pk && !escalating) break;
      if (await endOne(deps, task, settings, note)) {
        stopped++;
        if (escalating) escalationsEnded++;
        break;
      }
      task = await deps.store.get<Tasks.Task>(Tasks.taskKey(cycleId, step, task.authority), { consistent: true });
    }
  }
  return { stopped, escalationsEnded };
}
