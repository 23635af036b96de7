/**
 * The lead's year at a glance for one cycle: per step, how many LAs have submitted, are in progress, have not
 * started, are overdue or escalated, and the days to the deadline; the overdue tasks by lateness with the next
 * escalation rung; email health; and the region's open concerns (supplied by the caller: the concerns domain sits
 * above this one, see National.openConcerns).
 */
import { Cycle, Tasks } from "../cycle";
import { Assignments } from "../peer-review";
import { Keys, type Deps } from "../shared";
import { People, Region, type Suppression } from "../directory";
import { Retention } from "../retention";
import { guardOf, type Guard } from "./guards";
import { taskStates } from "./task-state";

const DAY = 86_400_000;

export interface StepCounts {
  submitted: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  escalated: number;
  waived: number;
}

export interface StepProgress {
  step: Region.Step;
  state: Cycle.Phase["state"];
  opensAt: string;
  deadline: string;
  /** Whole days from today to the deadline (negative once passed). */
  daysToDeadline: number;
  counts: StepCounts;
  total: number;
  guard: Guard;
}

export interface OverdueTask {
  step: Region.Step;
  authority: string;
  name: string;
  status: Tasks.TaskStatus;
  deadline: string;
  daysLate: number;
  /** The next rung of the escalation ladder not yet taken, if any. */
  nextRung?: { role: string; at: string };
}

export interface EmailHealth {
  /** Region people whose address bounced permanently. */
  bounced: number;
  /** Region people whose address is suppressed for any reason (bounce or complaint). */
  suppressed: number;
  /** Assignment replies that did not decide (accept or decline) on an assignment still waiting for a decision. */
  undecidedReplies: number;
  /** Replies from an address we did not expect, held until the lead accepts or rejects them. */
  heldReplies: number;
  /** Inbound mail for the region that failed the sender or virus checks (the newest 100 at most). */
  quarantined: number;
}

/** An open concern from the quarterly data or intelligence (its page is /lead/concerns/:regionId/:id). */
export interface ConcernSummary {
  id: string;
  regionId: string;
  authority: string;
  name: string;
  summary: string;
  raisedAt: string;
}

export interface Dashboard {
  cycle: Cycle.Cycle;
  steps: StepProgress[];
  overdue: OverdueTask[];
  email: EmailHealth;
  concerns: ConcernSummary[];
}

const emptyCounts = (): StepCounts => ({
  submitted: 0,
  inProgress: 0,
  notStarted: 0,
  overdue: 0,
  escalated: 0,
  waived: 0,
});
const COUNT_OF: Record<Tasks.TaskStatus, keyof StepCounts> = {
  submitted: "submitted",
  "in-progress": "inProgress",
  "not-started": "notStarted",
  overdue: "overdue",
  escalated: "escalated",
  waived: "waived",
};

/** How many of these tasks are in each state (the dashboard's and the national view's one count). */
export function countStates(tasks: Pick<Tasks.Task, "status">[]): StepCounts {
  const counts = emptyCounts();
  for (const t of tasks) counts[COUNT_OF[t.status]]++;
  return counts;
}

function nextRung(task: Tasks.Task, settings: Region.RegionSettings) {
  const next = Tasks.taskEvents(task, settings).find((e) => e.kind === "escalation" && !task.done.includes(e.id));
  return next ? { role: settings.escalation[next.n]!.role, at: new Date(next.at).toISOString() } : undefined;
}

async function emailHealth(deps: Pick<Deps, "store">, cycleId: string, regionId: string): Promise<EmailHealth> {
  const people = await People.listByRegion(deps, regionId);
  const emails = [...new Set(people.map((p) => p.email))];
  const found = await Promise.all(emails.map((e) => deps.store.get<Suppression.SuppressedAddress>(Keys.suppressed(e))));
  const suppressed = found.filter((x) => x !== undefined);
  // The same list the lead's reply page shows, so the count and the page agree.
  const [needing, quarantined] = await Promise.all([
    Assignments.repliesNeedingLead(deps, cycleId),
    Retention.quarantined(deps, regionId),
  ]);
  return {
    bounced: suppressed.filter((s) => s.reason === "bounce").length,
    suppressed: suppressed.length,
    undecidedReplies: needing.undecided.length,
    heldReplies: needing.held.length,
    quarantined: quarantined.length,
  };
}

/** Open concerns for the cycle's region; the default shows none (callers pass National.openConcerns). */
export type ConcernSource = (deps: Pick<Deps, "store">, regionId: string) => Promise<ConcernSummary[]>;
export const noConcerns: ConcernSource = async () => [];

export async function dashboard(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
  concerns: ConcernSource = noConcerns,
): Promise<Dashboard> {
  const cycle = await Cycle.get(deps, cycleId);
  const [region, las, tasks] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    taskStates(deps, cycleId),
  ]);
  const now = deps.clock.now().getTime();
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const steps = await Promise.all(
    cycle.phases.map(async (p) => {
      const mine = tasks.filter((t) => t.step === p.step);
      const counts = countStates(mine);
      return {
        step: p.step,
        state: p.state,
        opensAt: p.opensAt,
        deadline: p.deadline,
        daysToDeadline: Math.ceil((Date.parse(p.deadline) - now) / DAY),
        counts,
        total: mine.length,
        guard: await guardOf(deps, cycle, p.step),
      };
    }),
  );
  const overdue = tasks
    .filter((t) => t.status === "overdue" || t.status === "escalated")
    .map((t) => ({
      step: t.step,
      authority: t.authority,
      name: name(t.authority),
      status: t.status,
      deadline: t.deadline,
      daysLate: Math.max(0, Math.floor((now - Date.parse(t.deadline)) / DAY)),
      nextRung: nextRung(t, region.settings),
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.name.localeCompare(b.name));
  return {
    cycle,
    steps,
    overdue,
    email: await emailHealth(deps, cycleId, cycle.regionId),
    concerns: await concerns(deps, cycle.regionId),
  };
}
