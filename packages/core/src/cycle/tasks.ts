/**
 * Each LA's task in a step: its record, its deadline and the events that fall due around it (reminders, overdue,
 * escalations). The due index (gsi2) carries the next event, so the scheduled step reads only what is due.
 */
import { Audit } from "../audit";
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
  /** When the LA was first asked (its invitation or assignment): the MoU ladder never counts from before it. */
  askedAt?: string;
  /** The step's own deadline, when it had already passed as the LA was asked and `deadline` was moved. */
  nominalDeadline?: string;
  /** The chasing ended before the ladder did (the step closed): when, and the note saying why. */
  chaseEnded?: { at: string; note: string };
  waivedReason?: string;
  /** Set when the step closed with this LA's work unfinished: the lead's (or the schedule's) reason. */
  notSubmitted?: { at: string; reason: string };
  /** The lead reopened this LA's work after the step closed: its form takes changes until this moment. */
  reopenedUntil?: string;
  version: number;
}

/** The fewest days an LA is given when it is asked after its step's deadline has passed. */
export const MIN_NOTICE_DAYS = 14;

/**
 * The deadline an LA is given when it is asked at `now`: the step's own, or — when that has already passed (a cycle
 * created late, a step opened late, a reviewer asked after the deadline) — the step's usual length in the region's
 * calendar from today, never fewer than MIN_NOTICE_DAYS, to the end of that day; but never after the last day before
 * the step closes (a deadline after the form locks would promise time it does not give: the lead reopens or extends
 * the step for more). Invitations, tasks and a lead's late opening all take the deadline from here, so no email asks
 * for work by a date already gone.
 */
export function deadlineWhenAsked(
  phase: Pick<Cycle.Phase, "opensAt" | "deadline" | "graceDays" | "closesAt">,
  now: Date,
): { deadline: string; moved: boolean; nominal: string } {
  const nominal = phase.deadline;
  if (Date.parse(nominal) > now.getTime()) return { deadline: nominal, moved: false, nominal };
  const usual = Math.round((Date.parse(phase.deadline) - Date.parse(phase.opensAt)) / DAY);
  const wanted = now.getTime() + Math.max(MIN_NOTICE_DAYS, usual) * DAY;
  const closes = phase.closesAt ?? new Date(Date.parse(phase.deadline) + phase.graceDays * DAY).toISOString();
  const lastOpenDay = Date.parse(closes) - DAY;
  const day = Math.max(Math.min(wanted, lastOpenDay), now.getTime());
  return { deadline: `${new Date(day).toISOString().slice(0, 10)}T23:59:59.000Z`, moved: true, nominal };
}

export const taskKey = Keys.task;

/** The events of a task, in time order: reminders before and after the deadline, overdue, escalations. */
export function taskEvents(
  task: Pick<Task, "deadline" | "graceDays" | "createdAt"> & Pick<Partial<Task>, "askedAt">,
  settings: Region.RegionSettings,
): { id: string; at: number; kind: "reminder" | "overdue" | "escalation"; n: number }[] {
  // Events fall at 08:00 UTC on their day, counted in days from the deadline's date: "7 days
  // before 31 October" is 24 October, "3 days after" is 3 November, whatever the deadline's hour.
  // A task whose LA was asked after its deadline counts from the day it was asked instead: the
  // ladder never climbs for days before anyone asked (see deadlineWhenAsked, which moves such deadlines).
  const created = Date.parse(task.createdAt);
  const asked = Date.parse((task.askedAt ?? task.createdAt).slice(0, 10));
  const deadlineDay = Math.max(Date.parse(task.deadline.slice(0, 10)), asked);
  const on = (days: number) => deadlineDay + days * DAY + 8 * 3_600_000;
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
    const status = liveStatus(t, form ? byKey.get(`${form}#${t.authority}`) : undefined);
    return status === t.status ? t : { ...t, status };
  });
}

/**
 * The one rule for a task's state as people see it: its stored status, moved on by its form (submitted reads
 * "submitted"; started reads "in progress") before the scheduled step reaches the task. Every page and count that
 * shows a task's state goes through here (see Workflow.taskStates).
 */
export function liveStatus(
  task: Pick<Task, "step" | "status">,
  form: Pick<Submission.Submission, "status" | "version"> | undefined,
): TaskStatus {
  if (!FORM_OF_STEP[task.step] || task.status === "submitted" || task.status === "waived" || !form) return task.status;
  if (form.status === "submitted") return "submitted";
  if (form.version > 1 && task.status === "not-started") return "in-progress";
  return task.status;
}

export function tasksOf(deps: Pick<Deps, "store">, cycleId: string): Promise<Task[]> {
  return queryAll<Task>(deps.store, { pk: Keys.tasksOfCycle(cycleId) });
}

/**
 * Create a task if it does not exist yet (review steps create one per reviewing LA when assignments go out), and
 * return the task as stored. A task created after its step's deadline gets a deadline it can meet
 * (deadlineWhenAsked), audited: invitations should quote the returned task's deadline.
 */
export async function ensureTask(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycle: Cycle.Cycle; step: Region.Step; authority: string; settings: Region.RegionSettings },
): Promise<Task> {
  const phase = Cycle.phase(input.cycle, input.step);
  const now = deps.clock.now();
  const when = deadlineWhenAsked(phase, now);
  const task: Task = {
    ...taskKey(input.cycle.id, input.step, input.authority),
    kind: "task",
    cycleId: input.cycle.id,
    regionId: input.cycle.regionId,
    step: input.step,
    authority: input.authority,
    status: "not-started",
    deadline: when.deadline,
    ...(when.moved ? { nominalDeadline: when.nominal } : {}),
    graceDays: phase.graceDays,
    done: [],
    createdAt: now.toISOString(),
    askedAt: now.toISOString(),
    version: 1,
  };
  const due = dueAttrs(task, input.settings);
  try {
    await deps.store.put({ ...task, ...due.set }, { condition: { op: "notExists" } });
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await getTask(deps, input.cycle.id, input.step, input.authority);
    // A reviewing LA that had finished its reviews and is asked for another (a reserve after a decline) is asked again.
    if (REVIEW_STEPS.includes(input.step) && existing.status === "submitted")
      return askAgain(deps, existing, phase, input.settings);
    return existing;
  }
  if (when.moved)
    await Audit.record(deps, {
      scope: Audit.cycleScope(task.cycleId),
      actor: Audit.systemActor("schedule"),
      action: "task.deadline-moved",
      entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: 1 },
      authority: task.authority,
      summary: `The ${task.step} deadline (${when.nominal.slice(0, 10)}) had passed when the local authority was asked; its deadline is ${when.deadline.slice(0, 10)}`,
      before: { deadline: when.nominal },
      after: { deadline: when.deadline },
    });
  return task;
}

/**
 * A finished task asked for more work: in progress again, from now, with a deadline it can meet; events already past
 * count as done, so nothing stale is sent. If another writer changed it meanwhile, it is returned as they left it.
 */
async function askAgain(
  deps: Pick<Deps, "store" | "clock">,
  task: Task,
  phase: Cycle.Phase,
  settings: Region.RegionSettings,
): Promise<Task> {
  const now = deps.clock.now();
  const when = deadlineWhenAsked(phase, now);
  const deadline = Date.parse(task.deadline) > now.getTime() ? task.deadline : when.deadline;
  const next: Task = { ...task, status: "in-progress", askedAt: now.toISOString(), deadline, done: [] };
  next.done = taskEvents(next, settings)
    .filter((e) => e.at <= now.getTime())
    .map((e) => e.id);
  const due = dueAttrs(next, settings);
  try {
    await deps.store.update(
      taskKey(task.cycleId, task.step, task.authority),
      {
        set: {
          status: next.status,
          askedAt: next.askedAt,
          deadline,
          done: next.done,
          version: task.version + 1,
          ...(deadline !== task.deadline ? { nominalDeadline: phase.deadline } : {}),
          ...due.set,
        },
        remove: due.remove,
      },
      { condition: { op: "eq", attr: "version", value: task.version } },
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    return getTask(deps, task.cycleId, task.step, task.authority);
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(task.cycleId),
    actor: Audit.systemActor("schedule"),
    action: "task.asked-again",
    entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: task.version + 1 },
    authority: task.authority,
    summary: `Asked for more ${task.step} work after finishing; its deadline is ${deadline.slice(0, 10)}`,
    ...(deadline !== task.deadline ? { before: { deadline: task.deadline }, after: { deadline } } : {}),
  });
  return { ...next, version: task.version + 1 };
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
