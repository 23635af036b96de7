/**
 * Each LA's task in a step: its record, its deadline and the events that fall due around it (reminders, overdue,
 * escalations). The due index (gsi2) carries the next event, so the scheduled step reads only what is due.
 */
import { Keys, ConditionFailedError, NotFoundError, queryAll, type Deps, type Item } from "../shared";
import type { People, Region } from "../directory";
import { Links, Submission } from "../submissions";
import * as Cycle from "./cycle";

const DAY = 86_400_000;
export const DUE_TASK = "DUE#task";

/** Steps whose LA task is to submit a form. */
export const FORM_OF_STEP: Partial<Record<Region.Step, Submission.FormKind>> = {
  "self-evaluation": "self-evaluation",
  "development-plan": "development-plan",
};
/** Which step each form belongs to (a review response's own step is in its authority key). */
export const STEP_OF_FORM: Record<Submission.FormKind, Region.Step | undefined> = {
  "self-evaluation": "self-evaluation",
  "development-plan": "development-plan",
  "peer-challenge-response": "peer-challenge",
  "core-dataset": undefined,
};

/** What each form is called in emails and pages. */
export const FORM_TITLES: Record<Submission.FormKind, string> = {
  "self-evaluation": "Annual self-evaluation",
  "development-plan": "Development plan",
  "peer-challenge-response": "Peer challenge response",
  "core-dataset": "Quarterly core dataset",
};

export const REVIEW_STEPS: Region.Step[] = ["peer-scrutiny", "peer-challenge"];

export type TaskStatus = "not-started" | "in-progress" | "submitted" | "overdue" | "escalated" | "waived";

export interface Task extends Item {
  kind: "task";
  cycleId: string;
  regionId: string;
  step: Region.Step;
  authority: string;
  status: TaskStatus;
  deadline: string;
  graceDays: number;
  /** Events already acted on (reminders, overdue notice, escalations). */
  done: string[];
  createdAt: string;
  waivedReason?: string;
  /** Set when the step closed with this LA's work unfinished: the lead's (or the schedule's) reason. */
  notSubmitted?: { at: string; reason: string };
  /** The lead reopened this LA's work after the step closed: its form takes changes until this moment. */
  reopenedUntil?: string;
  version: number;
}

export const taskKey = Keys.task;

/** The events of a task, in time order: reminders before and after the deadline, overdue, escalations. */
export function taskEvents(
  task: Pick<Task, "deadline" | "graceDays" | "createdAt">,
  settings: Region.RegionSettings,
): { id: string; at: number; kind: "reminder" | "overdue" | "escalation"; n: number }[] {
  // Events fall at 08:00 UTC on their day, counted in days from the deadline's date: "7 days
  // before 31 October" is 24 October, "3 days after" is 3 November, whatever the deadline's hour.
  const deadlineDay = Date.parse(task.deadline.slice(0, 10));
  const on = (days: number) => deadlineDay + days * DAY + 8 * 3_600_000;
  const created = Date.parse(task.createdAt);
  const events: { id: string; at: number; kind: "reminder" | "overdue" | "escalation"; n: number }[] = [];
  settings.reminders.daysBefore.forEach((days) => {
    const at = on(-days);
    if (at >= created) events.push({ id: `before-${days}`, at, kind: "reminder", n: -days });
  });
  for (let m = 1; m <= settings.reminders.maxAfter; m++)
    events.push({ id: `after-${m}`, at: on(m * settings.reminders.everyDaysAfter), kind: "reminder", n: m });
  events.push({ id: "overdue", at: on(task.graceDays), kind: "overdue", n: 0 });
  settings.escalation.forEach((rung, i) =>
    events.push({ id: `escalation-${i}`, at: on(rung.afterDays), kind: "escalation", n: i }),
  );
  return events.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

function nextDue(task: Task, settings: Region.RegionSettings): string | undefined {
  if (task.status === "submitted" || task.status === "waived") return undefined;
  const next = taskEvents(task, settings).find((e) => !task.done.includes(e.id));
  return next ? new Date(next.at).toISOString() : undefined;
}

export const dueAttrs = (task: Task, settings: Region.RegionSettings) => {
  const at = nextDue(task, settings);
  return at
    ? {
        set: { gsi2pk: DUE_TASK, gsi2sk: `${at}#${task.cycleId}#${task.step}#${task.authority}` },
        remove: [] as string[],
      }
    : { set: {}, remove: ["gsi2pk", "gsi2sk"] };
};

export async function getTask(
  deps: Pick<Deps, "store">,
  cycleId: string,
  step: Region.Step,
  authority: string,
): Promise<Task> {
  const t = await deps.store.get<Task>(taskKey(cycleId, step, authority), { consistent: true });
  if (!t) throw new NotFoundError("There is no such task.");
  return t;
}

/**
 * The tasks of a cycle as people should see them now: a form step's task whose form has been submitted reads
 * "submitted" (and one whose form has been started reads "in progress") at once, without waiting for the scheduled
 * step to reach the task. One extra query: the cycle's submissions. Review steps keep their stored status (a
 * reviewing LA's task waits on several responses, which the scheduled step counts).
 */
export async function liveTasksOf(deps: Pick<Deps, "store">, cycleId: string): Promise<Task[]> {
  const [tasks, subs] = await Promise.all([tasksOf(deps, cycleId), Submission.listForCycle(deps, cycleId)]);
  const byKey = new Map(subs.map((s) => [`${s.form}#${s.authority}`, s]));
  return tasks.map((t) => {
    const form = FORM_OF_STEP[t.step];
    if (!form || t.status === "submitted" || t.status === "waived") return t;
    const sub = byKey.get(`${form}#${t.authority}`);
    if (sub?.status === "submitted") return { ...t, status: "submitted" };
    if (sub && sub.version > 1 && t.status === "not-started") return { ...t, status: "in-progress" };
    return t;
  });
}

export function tasksOf(deps: Pick<Deps, "store">, cycleId: string): Promise<Task[]> {
  return queryAll<Task>(deps.store, { pk: Keys.tasksOfCycle(cycleId) });
}

/** Create a task if it does not exist yet (review steps create one per reviewing LA when assignments go out). */
export async function ensureTask(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycle: Cycle.Cycle; step: Region.Step; authority: string; settings: Region.RegionSettings },
) {
  const phase = Cycle.phase(input.cycle, input.step);
  const task: Task = {
    ...taskKey(input.cycle.id, input.step, input.authority),
    kind: "task",
    cycleId: input.cycle.id,
    regionId: input.cycle.regionId,
    step: input.step,
    authority: input.authority,
    status: "not-started",
    deadline: phase.deadline,
    graceDays: phase.graceDays,
    done: [],
    createdAt: deps.clock.now().toISOString(),
    version: 1,
  };
  const due = dueAttrs(task, input.settings);
  await deps.store.put({ ...task, ...due.set }, { condition: { op: "notExists" } }).catch((err: unknown) => {
    if (!(err instanceof ConditionFailedError)) throw err;
  });
}

/** The personal link through which a person does an LA's task; it lives a while past the step's close. */
export async function formLink(
  deps: Deps,
  cycle: Cycle.Cycle,
  form: string,
  authority: string,
  person: People.Person,
  until: string,
  reviewee?: string,
) {
  const { token } = await Links.issue(deps, {
    cycleId: cycle.id,
    regionId: cycle.regionId,
    authority,
    form,
    personId: person.id,
    expiresAt: new Date(Date.parse(until) + 60 * DAY),
    reviewee,
  });
  return `${deps.config.baseUrl}/f/${token}`;
}
