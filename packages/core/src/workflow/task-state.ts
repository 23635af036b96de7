/**
 * Task state read from one place. The board, the dashboard's counts, the step page, the task page and the demo's
 * summary all read an LA's state in a step here, so they can never disagree: stored tasks with their live status
 * (Tasks.liveStatus: a submitted form reads "submitted" at once), and the support menu's state, which no stored
 * task carries, derived from the LA's menu choices.
 */
import { Cycle, Tasks } from "../cycle";
import type { Deps } from "../shared";
import { Region } from "../directory";
import { Submission } from "../submissions";
import { Support } from "../support";

/** A task built from the LA's menu choices rather than read from the store (it has no actions of its own). */
export const isDerived = (t: Pick<Tasks.Task, "version">) => t.version === 0;

function menuTask(cycle: Cycle.Cycle, authority: string, chose: boolean): Tasks.Task {
  const phase = Cycle.phase(cycle, "support-menu");
  return {
    ...Tasks.taskKey(cycle.id, "support-menu", authority),
    kind: "task",
    cycleId: cycle.id,
    regionId: cycle.regionId,
    step: "support-menu",
    authority,
    status: chose ? "submitted" : "not-started",
    deadline: phase.deadline,
    graceDays: phase.graceDays,
    done: [],
    createdAt: phase.opensAt,
    version: 0,
  };
}

/** The support menu's state per LA, once the menu has opened: "submitted" once the LA has chosen an offer. */
async function menuTasks(deps: Pick<Deps, "store">, cycle: Cycle.Cycle, only?: string): Promise<Tasks.Task[]> {
  if (Cycle.phase(cycle, "support-menu").state === "scheduled") return [];
  const [las, interests] = await Promise.all([
    Region.authorities(deps, cycle.regionId),
    Support.interests(deps, cycle.id),
  ]);
  const chose = new Set(interests.map((i) => i.authority));
  return las.filter((la) => !only || la.code === only).map((la) => menuTask(cycle, la.code, chose.has(la.code)));
}

/** Every LA's task in every step of a cycle (its id, or the cycle already read), as people should see it now. */
export async function taskStates(deps: Pick<Deps, "store">, of: string | Cycle.Cycle): Promise<Tasks.Task[]> {
  const cycle = typeof of === "string" ? await Cycle.get(deps, of) : of;
  const stored = await Tasks.liveTasksOf(deps, cycle.id);
  const menu = stored.some((t) => t.step === "support-menu") ? [] : await menuTasks(deps, cycle);
  return [...stored, ...menu];
}

/** One LA's task in one step as people should see it now (the same rule as taskStates); undefined if none. */
export async function taskState(
  deps: Pick<Deps, "store">,
  cycleId: string,
  step: Region.Step,
  authority: string,
): Promise<Tasks.Task | undefined> {
  const stored = await deps.store.get<Tasks.Task>(Tasks.taskKey(cycleId, step, authority), { consistent: true });
  if (!stored && step === "support-menu") return (await menuTasks(deps, await Cycle.get(deps, cycleId), authority))[0];
  if (!stored) return undefined;
  const form = Tasks.FORM_OF_STEP[step];
  const sub = form
    ? await deps.store.get<Submission.Submission>(Submission.keyOf({ cycleId, form, authority }), { consistent: true })
    : undefined;
  const status = Tasks.liveStatus(stored, sub);
  return status === stored.status ? stored : { ...stored, status };
}
