/** The lead's controls on tasks: extend one LA's deadline, waive a task with a reason, remind a step now. */
import { Audit } from "../audit";
import { Cycle, Tasks } from "../cycle";
import { Emails, Mail } from "../mail";
import { ConditionFailedError, ConflictError, StateError, ValidationError, type Deps } from "../shared";
import { Region } from "../directory";
import { refreshStatus, taskPeople } from "./task-people";
import { chaseGuard } from "./chase-guard";
import { stepWords } from "./step-words";
import { remindReviewer, stillOwed } from "./review-chase";

const DAY = 86_400_000;
const longDate = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Europe/London",
  });

/** A lead's change to a task, only if nobody else changed it since it was read. */
async function updateTask(
  deps: Pick<Deps, "store">,
  task: Tasks.Task,
  update: { set: Record<string, unknown>; remove: string[] },
) {
  try {
    await deps.store.update(
      Tasks.taskKey(task.cycleId, task.step, task.authority),
      { set: { ...update.set, version: task.version + 1 }, remove: update.remove },
      { condition: { op: "eq", attr: "version", value: task.version } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new ConflictError("The task changed at the same moment. Try again.");
    throw err;
  }
}

/** A new deadline must be a real date, after the current one and (once a step has closed) still ahead. */
function checkDeadline(deadline: string, after: string, now: Date) {
  const at = Date.parse(deadline);
  if (!Number.isFinite(at) || at <= Date.parse(after))
    throw new ValidationError("The new deadline must be after the current one.", [
      { path: "deadline", message: `Enter a date after ${after.slice(0, 10)}` },
    ]);
  if (at <= now.getTime())
    throw new ValidationError("The new deadline must be in the future.", [
      { path: "deadline", message: `Enter a date after today, ${now.toISOString().slice(0, 10)}` },
    ]);
}

/**
 * Give one LA more time: its task gets a new deadline (and a fresh schedule from it). After the step has closed this
 * reopens the LA's form until the new deadline and emails its people a fresh link.
 */
export async function extendDeadline(
  deps: Deps,
  input: { cycleId: string; step: Region.Step; authority: string; deadline: string; actor: Audit.Actor },
) {
  const task = await Tasks.getTask(deps, input.cycleId, input.step, input.authority);
  const cycle = await Cycle.get(deps, input.cycleId);
  if (Cycle.phase(cycle, input.step).state === "closed") {
    checkDeadline(input.deadline, deps.clock.now().toISOString(), deps.clock.now());
    await reopenTasks(deps, {
      cycle,
      step: input.step,
      authorities: [input.authority],
      deadline: input.deadline,
      reason: `Deadline extended to ${input.deadline.slice(0, 10)} after the step closed`,
      actor: input.actor,
    });
    return { reopened: true };
  }
  checkDeadline(input.deadline, task.deadline, new Date(0));
  if (Date.parse(input.deadline) <= deps.clock.now().getTime()) {
    // A deadline already gone would send overdue notices and escalations on the next run.
    const suggested = new Date(deps.clock.now().getTime() + Tasks.MIN_NOTICE_DAYS * DAY).toISOString().slice(0, 10);
    throw new ValidationError("The new deadline must be in the future.", [
      { path: "deadline", message: `Enter a date after today, for example ${suggested}` },
    ]);
  }
  const region = await Region.get(deps, task.regionId);
  const deadline = new Date(input.deadline).toISOString();
  // Reminders before the new deadline start again; overdue and escalations wait for it.
  const next: Tasks.Task = {
    ...task,
    deadline,
    done: [],
    status: task.status === "overdue" || task.status === "escalated" ? "in-progress" : task.status,
    createdAt: deps.clock.now().toISOString(),
  };
  const due = Tasks.dueAttrs(next, region.settings);
  await updateTask(deps, task, {
    set: { deadline, done: [], status: next.status, createdAt: next.createdAt, ...due.set },
    remove: due.remove,
  });
  await Audit.record(deps, {
    scope: Audit.cycleScope(task.cycleId),
    actor: input.actor,
    action: "task.extended",
    entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: task.version + 1 },
    authority: task.authority,
    summary: `Extended the ${task.step} deadline to ${deadline.slice(0, 10)}`,
    before: { deadline: task.deadline },
    after: { deadline },
  });
  await tellExtended(deps, cycle, task, deadline);
  return { reopened: false };
}

/** The LA's officers and DCS hear of their new deadline, with a fresh personal link to the form. */
async function tellExtended(deps: Deps, cycle: Cycle.Cycle, task: Tasks.Task, deadline: string) {
  const form = Tasks.FORM_OF_STEP[task.step];
  if (!form) return;
  const la = await Region.authority(deps, task.authority);
  for (const person of await taskPeople(deps, task)) {
    const link = await Tasks.formLink(
      deps,
      cycle,
      form,
      task.authority,
      person,
      Cycle.closesAt(Cycle.phase(cycle, task.step)),
    );
    await Mail.enqueue(deps, {
      key: {
        cycleId: cycle.id,
        step: task.step,
        recipient: person.email,
        purpose: `${task.authority}:extended`,
        n: Math.floor(Date.parse(deadline) / DAY),
      },
      to: person.email,
      regionId: cycle.regionId,
      message: Emails.render("deadlineExtended", {
        name: person.name,
        authority: la.name,
        form: Tasks.FORM_TITLES[form],
        deadline,
        link,
      }),
      guard: { cycleId: cycle.id, step: task.step, authority: task.authority, kind: "invitation" },
    });
  }
}

/**
 * Reopen chosen LAs' unfinished work in a step (closed, or reopened for everyone): each task gets the new deadline and
 * a fresh schedule, its "not submitted" mark goes, and its officers and DCS are emailed a fresh link. While the step
 * itself stays closed, the task's `reopenedUntil` is what lets its form take changes. Returns the emails queued.
 */
export async function reopenTasks(
  deps: Deps,
  input: {
    cycle: Cycle.Cycle;
    step: Region.Step;
    authorities: string[];
    deadline: string;
    reason: string;
    actor: Audit.Actor;
    /** A submitted form the lead has just reopened: its task reopens too, and the reopening's own email suffices. */
    reopenedForm?: boolean;
  },
): Promise<number> {
  const { cycle, step } = input;
  const form = Tasks.FORM_OF_STEP[step];
  const region = await Region.get(deps, cycle.regionId);
  const deadline = new Date(input.deadline).toISOString();
  const phaseClosed = Cycle.phase(cycle, step).state === "closed";
  let emailed = 0;
  for (const authority of input.authorities) {
    const task = await Tasks.getTask(deps, cycle.id, step, authority);
    if (task.status === "waived" || (task.status === "submitted" && !input.reopenedForm)) continue;
    const next: Tasks.Task = {
      ...task,
      deadline,
      done: [],
      status: task.status === "not-started" && !input.reopenedForm ? "not-started" : "in-progress",
      createdAt: deps.clock.now().toISOString(),
    };
    const due = Tasks.dueAttrs(next, region.settings);
    await updateTask(deps, task, {
      set: {
        deadline,
        done: [],
        status: next.status,
        createdAt: next.createdAt,
        // The ladder counts from now, when the LA is asked again.
        askedAt: next.createdAt,
        ...(phaseClosed ? { reopenedUntil: deadline } : {}),
        ...due.set,
      },
      remove: [...due.remove, "notSubmitted", "chaseEnded", ...(phaseClosed ? [] : ["reopenedUntil"])],
    });
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor: input.actor,
      action: "task.reopened",
      entity: { type: "task", id: `${cycle.id}/${step}/${authority}`, version: task.version + 1 },
      authority,
      summary: `Reopened ${step} until ${deadline.slice(0, 10)}: ${input.reason}`,
      before: { deadline: task.deadline },
      after: { deadline },
    });
    if (!form || input.reopenedForm) continue;
    const la = await Region.authority(deps, authority);
    for (const person of await taskPeople(deps, task)) {
      const link = await Tasks.formLink(deps, cycle, form, authority, person, deadline);
      const r = await Mail.enqueue(deps, {
        key: {
          cycleId: cycle.id,
          step,
          recipient: person.email,
          purpose: `${authority}:reopened`,
          n: Math.floor(Date.parse(deadline) / DAY),
        },
        to: person.email,
        regionId: cycle.regionId,
        message: Emails.render("reopened", {
          name: person.name,
          authority: la.name,
          form: Tasks.FORM_TITLES[form],
          reason: `${input.reason.replace(/[.\s]+$/, "")}. Please complete it by ${longDate(deadline)}.`,
          link,
        }),
      });
      if (r.created) emailed++;
    }
  }
  return emailed;
}

/** Waive an LA's task (e.g. during an inspection): no reminders or escalation. */
export async function waiveTask(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; step: Region.Step; authority: string; reason: string; actor: Audit.Actor },
) {
  if (!input.reason?.trim() || input.reason.trim().length < 3)
    throw new ValidationError("Give a reason for waiving.", [
      { path: "reason", message: "Give a reason for waiving this task" },
    ]);
  const task = await Tasks.getTask(deps, input.cycleId, input.step, input.authority);
  if (task.status === "submitted") throw new StateError("This task is already complete.");
  await updateTask(deps, task, {
    set: { status: "waived", waivedReason: input.reason.trim() },
    remove: ["gsi2pk", "gsi2sk"],
  });
  await Audit.record(deps, {
    scope: Audit.cycleScope(task.cycleId),
    actor: input.actor,
    action: "task.waived",
    entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: task.version + 1 },
    authority: task.authority,
    summary: `Waived ${task.step}: ${input.reason.trim()}`,
  });
}

/** Reminders are for an open step only: the page asks this before it shows the confirmation, and the send again. */
export function assertRemindable(cycle: Cycle.Cycle, step: Region.Step) {
  const phase = Cycle.phase(cycle, step);
  if (phase.state === "closed")
    throw new StateError(
      `${stepWords(step)} closed${phase.closedAt ? ` on ${longDate(phase.closedAt)}` : ""}: no reminders are sent for a closed step. Reopen the step first if local authorities should still complete it.`,
    );
  if (phase.state !== "open") throw new StateError(`Reminders can only be sent while ${stepWords(step)} is open.`);
}

/** Send a reminder now to every LA (or one) that has not submitted this step (once per day at most). */
export async function remindNow(
  deps: Deps,
  input: { cycleId: string; step: Region.Step; actor: Audit.Actor; authority?: string },
): Promise<number> {
  const cycle = await Cycle.get(deps, input.cycleId);
  assertRemindable(cycle, input.step);
  const form = Tasks.FORM_OF_STEP[input.step];
  const day = Math.floor(deps.clock.now().getTime() / DAY);
  let sent = 0;
  const tasks = (await Tasks.tasksOf(deps, cycle.id)).filter(
    (t) => t.step === input.step && (!input.authority || t.authority === input.authority),
  );
  for (const task of tasks) {
    const status = await refreshStatus(deps, task);
    if (status === "submitted" || status === "waived") continue;
    if (Tasks.REVIEW_STEPS.includes(task.step)) {
      // Reviewers are reminded of each review they owe, with their own response form (as the schedule does).
      const daysFromDeadline = Math.floor((deps.clock.now().getTime() - Date.parse(task.deadline.slice(0, 10))) / DAY);
      sent += await remindReviewer(deps, { task, cycle, daysFromDeadline }, await stillOwed(deps, task), day, false);
      continue;
    }
    const la = await Region.authority(deps, task.authority);
    for (const person of await taskPeople(deps, task)) {
      const link = form
        ? await Tasks.formLink(
            deps,
            cycle,
            form,
            task.authority,
            person,
            Cycle.closesAt(Cycle.phase(cycle, input.step)),
          )
        : `${deps.config.baseUrl}/`;
      const r = await Mail.enqueue(deps, {
        key: {
          cycleId: cycle.id,
          step: input.step,
          recipient: person.email,
          purpose: `${task.authority}:manual-reminder`,
          n: day,
        },
        to: person.email,
        regionId: cycle.regionId,
        guard: chaseGuard(task, "task-chase"),
        message: Emails.render("reminder", {
          name: person.name,
          authority: la.name,
          form: form ? Tasks.FORM_TITLES[form] : input.step,
          deadline: task.deadline,
          link,
          daysLeft: Math.ceil((Date.parse(task.deadline) - deps.clock.now().getTime()) / DAY),
          reminder: 0,
        }),
      });
      if (r.created) sent++;
    }
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor: input.actor,
    action: "step.reminded",
    entity: { type: "cycle", id: cycle.id, version: day },
    ...(input.authority ? { authority: input.authority } : {}),
    summary: `Sent reminders for ${input.step}${input.authority ? ` to ${input.authority}` : ""} to ${sent} people`,
  });
  return sent;
}
