/** The cycle board: every LA × step with its task's status. */
import { Cycle, Tasks } from "../cycle";
import type { Deps } from "../shared";
import { Region } from "../directory";

export interface BoardRow {
  code: string;
  name: string;
  steps: Partial<Record<Region.Step, { status: Tasks.TaskStatus; deadline: string; late: boolean }>>;
}

/** Every LA × step of a cycle with its task status (overdue and escalated marked late). */
export async function board(
  deps: Pick<Deps, "store">,
  cycleId: string,
  onlyAuthority?: string,
): Promise<{ cycle: Cycle.Cycle; rows: BoardRow[] }> {
  const cycle = await Cycle.get(deps, cycleId);
  const [las, tasks] = await Promise.all([Region.authorities(deps, cycle.regionId), Tasks.liveTasksOf(deps, cycleId)]);
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
            { status: t.status, deadline: t.deadline, late: t.status === "overdue" || t.status === "escalated" },
          ]),
      ),
    }));
  return { cycle, rows };
}
