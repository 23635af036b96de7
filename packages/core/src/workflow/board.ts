/** The cycle board: every LA × step with its task's status, and the submission behind a form step's task. */
import { Cycle, Tasks } from "../cycle";
import type { Deps } from "../shared";
import { Region } from "../directory";
import { Submission } from "../submissions";
import { taskStates } from "./task-state";

export interface BoardCell {
  status: Tasks.TaskStatus;
  deadline: string;
  late: boolean;
  /** The form step's submission, once one exists (its version history is worth a look). */
  submissionId?: string;
}

export interface BoardRow {
  code: string;
  name: string;
  steps: Partial<Record<Region.Step, BoardCell>>;
}

/** Every LA × step of a cycle with its task status (overdue and escalated marked late). */
export async function board(
  deps: Pick<Deps, "store">,
  cycleId: string,
  onlyAuthority?: string,
): Promise<{ cycle: Cycle.Cycle; rows: BoardRow[] }> {
  const cycle = await Cycle.get(deps, cycleId);
  const [las, tasks, subs] = await Promise.all([
    Region.authorities(deps, cycle.regionId),
    taskStates(deps, cycleId),
    Submission.listForCycle(deps, cycleId),
  ]);
  const ids = new Set(subs.map((s) => s.id));
  const submissionOf = (t: Tasks.Task) => {
    const form = Tasks.FORM_OF_STEP[t.step];
    const id = form ? Submission.submissionId(cycleId, form, t.authority) : undefined;
    return id && ids.has(id) ? { submissionId: id } : {};
  };
  const rows = las
    .filter((la) => !onlyAuthority || la.code === onlyAuthority)
    .map((la) => ({
      code: la.code,
      name: la.name,
      steps: Object.fromEntries(
        tasks
          .filter((t) => t.authority === la.code)
          .map((t) => [
            t.step,
            {
              status: t.status,
              deadline: t.deadline,
              late: t.status === "overdue" || t.status === "escalated",
              ...submissionOf(t),
            },
          ]),
      ),
    }));
  return { cycle, rows };
}
