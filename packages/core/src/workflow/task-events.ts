/**
 * Each LA's task as its dates pass: reminders before and after the deadline, the overdue notice, and escalation up
 * the region's MoU ladder. The scheduled step reads only due tasks (gsi2) and acts on each event once.
 */
import { Audit } from "../audit";
import { Cycle, Tasks } from "../cycle";
import { Emails, Mail } from "../mail";
import { ConditionFailedError, Keys, type Deps } from "../shared";
import { Region } from "../directory";
import { refreshStatus, taskPeople } from "./task-people";
import { chaseGuard } from "./chase-guard";
import { TickReads } from "./tick-reads";
import * as TickLease from "./tick-lease";
import { escalationKey, noticeKey, readAhead, rungPeople, type PageTask } from "./task-read-ahead";
import { chaseReviewer } from "./review-chase";
import { closedNote, endChasingForStep, silenced, stepIsClosed } from "./step-closed";

const DAY = 86_400_000;

/** Act on every event of one task that is due, then move it to its next due time. */
export async function advanceTask(
  deps: Deps,
  task: Tasks.Task,
  region: Region.Region,
  cycle: Cycle.Cycle,
): Promise<{ sent: number; status: Tasks.TaskStatus }> {
  const acted = await actOnTask(deps, task, region, cycle);
  await saveTask(deps, task, acted.current, region);
  if (acted.closed) await endChasingForStep(deps, task.cycleId, task.step, closedNote(cycle, task.step));
  return { sent: acted.sent, status: acted.current.status };
}

/**
 * Send what one task's due events call for; returns the task as it should be saved once the emails are queued. It
 * re-checks at the moment it acts: a closed step, a waived or submitted task is never chased — its due events are
 * counted as done, silently (`closed` tells the caller to end the step's chasing, see step-closed.ts).
 */
async function actOnTask(
  deps: Deps,
  task: Tasks.Task,
  region: Region.Region,
  cycle: Cycle.Cycle,
): Promise<{ sent: number; current: Tasks.Task; closed?: boolean }> {
  const now = deps.clock.now().getTime();
  // Whole days from the deadline's date, as people count them ("3 days overdue" on 3 November).
  const daysFromDeadline = Math.floor((now - Date.parse(task.deadline.slice(0, 10))) / DAY);
  const status = await refreshStatus(deps, task);
  let current: Tasks.Task = { ...task, status };
  let sent = 0;
  if (status === "submitted" || status === "waived") return { sent, current };
  if (stepIsClosed(cycle, task.step, task, now))
    return { sent, current: silenced(current, region.settings), closed: true };
  const dueNow = Tasks.taskEvents(task, region.settings).filter((e) => e.at <= now && !current.done.includes(e.id));
  if (Tasks.REVIEW_STEPS.includes(task.step))
    return chaseReviewer(deps, { task: current, region, cycle, due: dueNow, daysFromDeadline });
  const la = await Region.authority(deps, task.authority);
  // If the step has not run for a while, several reminders may be due at once: send only the
  // latest, never a burst of stale ones. Overdue notices and escalations are each acted on.
  const lastReminder = dueNow.filter((e) => e.kind === "reminder").at(-1);
  for (const e of dueNow) {
    if (e.kind === "reminder" && e !== lastReminder) {
      current = { ...current, done: [...current.done, e.id] };
      continue;
    }
    if (e.kind === "reminder" || e.kind === "overdue") {
      sent += await notifyTaskPeople(deps, { task, cycle, la, event: e, daysFromDeadline });
      if (e.kind === "overdue")
        current = { ...current, status: current.status === "escalated" ? "escalated" : "overdue" };
    } else {
      sent += await escalate(deps, { task, region, la, rungIndex: e.n, daysFromDeadline });
      current = { ...current, status: "escalated" };
    }
    current = { ...current, done: [...current.done, e.id] };
  }
  return { sent, current };
}

/** Save the task's new state and next due time, unless another run or a lead changed it meanwhile. */
async function saveTask(deps: Deps, task: Tasks.Task, current: Tasks.Task, region: Region.Region) {
  const due = Tasks.dueAttrs(current, region.settings);
  try {
    await deps.store.update(
      Tasks.taskKey(task.cycleId, task.step, task.authority),
      {
        set: { status: current.status, done: current.done, version: task.version + 1, ...due.set },
        remove: due.remove,
      },
      { condition: { op: "eq", attr: "version", value: task.version } },
    );
  } catch (err) {
    // Another run advanced it first; the emails it queued are the same ones (deterministic keys).
    if (!(err instanceof ConditionFailedError)) throw err;
  }
}

interface TaskEventInput {
  task: Tasks.Task;
  cycle: Cycle.Cycle;
  la: Region.Authority;
  event: { kind: "reminder" | "overdue" | "escalation"; n: number };
  daysFromDeadline: number;
}

/** A reminder or the overdue notice to the LA's officers and DCS, with their personal form links. */
async function notifyTaskPeople(deps: Deps, input: TaskEventInput): Promise<number> {
  const { task, cycle, la, event: e, daysFromDeadline } = input;
  const form = Tasks.FORM_OF_STEP[task.step];
  let sent = 0;
  for (const person of await taskPeople(deps, task)) {
    const link = form
      ? await Tasks.formLink(deps, cycle, form, task.authority, person, Cycle.closesAt(Cycle.phase(cycle, task.step)))
      : `${deps.config.baseUrl}/`;
    const message =
      e.kind === "overdue"
        ? Emails.render("overdue", {
            name: person.name,
            authority: la.name,
            form: form ? Tasks.FORM_TITLES[form] : task.step,
            deadline: task.deadline,
            daysOverdue: daysFromDeadline,
            link,
          })
        : Emails.render("reminder", {
            name: person.name,
            authority: la.name,
            form: form ? Tasks.FORM_TITLES[form] : task.step,
            deadline: task.deadline,
            link,
            daysLeft: -daysFromDeadline,
            reminder: e.n,
          });
    const r = await Mail.enqueue(deps, {
      key: noticeKey(task, person, e.kind, e.n),
      to: person.email,
      regionId: task.regionId,
      message,
      guard: chaseGuard(task, "task-chase"),
    });
    if (r.created) sent++;
  }
  return sent;
}

/** One rung of the MoU ladder: its people are told, and the escalation is audited. */
async function escalate(
  deps: Deps,
  input: { task: Tasks.Task; region: Region.Region; la: Region.Authority; rungIndex: number; daysFromDeadline: number },
): Promise<number> {
  const { task, region, la, daysFromDeadline } = input;
  const form = Tasks.FORM_OF_STEP[task.step];
  let sent = 0;
  const rung = region.settings.escalation[input.rungIndex]!;
  for (const person of await rungPeople(deps, task, rung.role as Region.Role)) {
    const r = await Mail.enqueue(deps, {
      key: escalationKey(task, person, input.rungIndex),
      to: person.email,
      regionId: task.regionId,
      guard: chaseGuard(task, "task-chase"),
      message: Emails.render("escalation", {
        name: person.name,
        role: rung.role.replace(/-/g, " ").replace("dcs", "director of children's services").replace("dfe", "DfE"),
        authority: la.name,
        form: form ? Tasks.FORM_TITLES[form] : task.step,
        deadline: task.deadline,
        daysOverdue: daysFromDeadline,
        region: region.name,
      }),
    });
    if (r.created) sent++;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(task.cycleId),
    actor: Audit.systemActor("schedule"),
    action: "task.escalated",
    entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: 100 + input.rungIndex },
    authority: task.authority,
    summary: `Escalated ${task.step} to ${rung.role} (${rung.afterDays} days after the deadline)`,
  });
  return sent;
}

/**
 * The region and cycle of each task: a region read once per run (its LAs and people read whole, once), a cycle once
 * per page, consistently, so a step closed since the run began is seen closed before its tasks are acted on.
 */
async function contextOf(
  deps: Deps,
  reads: TickReads,
  task: Tasks.Task,
  seen: { regions: Map<string, Region.Region>; cycles: Map<string, Cycle.Cycle> },
) {
  if (!seen.regions.has(task.regionId)) {
    seen.regions.set(task.regionId, await Region.get(deps, task.regionId));
    await reads.prefetchPartition("gsi1", Keys.authoritiesOfRegion(task.regionId));
    await reads.prefetchPartition("gsi1", Keys.peopleOfRegion(task.regionId));
  }
  if (!seen.cycles.has(task.cycleId)) {
    const { regionId, year } = Cycle.parseCycleId(task.cycleId);
    const cycle = await deps.store.get<Cycle.Cycle>(Keys.cycle(regionId, year), { consistent: true });
    seen.cycles.set(task.cycleId, cycle ?? (await Cycle.get(deps, task.cycleId)));
  }
  return { region: seen.regions.get(task.regionId)!, cycle: seen.cycles.get(task.cycleId)! };
}

/**
 * One page of due tasks, read again consistently in one batch (the due index may lag), with the submissions the
 * form steps wait for read in one more.
 */
async function prefetchPage(reads: TickReads, page: Tasks.Task[]) {
  const keys = page.map((t) => Tasks.taskKey(t.cycleId, t.step, t.authority));
  await reads.prefetch(keys, { consistent: true });
  const awaited = page.flatMap((t) => {
    const form = Tasks.FORM_OF_STEP[t.step];
    return form ? [Keys.submission(t.cycleId, form, t.authority)] : [];
  });
  await reads.prefetch(awaited);
  // Review steps wait on (and remind about) their step's assignments: one partition per cycle and step.
  for (const t of page)
    if (Tasks.REVIEW_STEPS.includes(t.step))
      await reads.prefetchPartition(undefined, Keys.assignmentsOfStep(t.cycleId, t.step));
  return Promise.all(keys.map((k) => reads.get<Tasks.Task>(k)));
}

/**
 * Remind, mark overdue and escalate tasks that are due. Reads only due tasks, a page at a time, and reads what
 * their events need in bulk (tick-reads.ts) rather than item by item per task. One run at a time (tick-lease.ts):
 * another run meanwhile skips the step.
 */
export async function runTaskEvents(
  deps: Deps,
  limit = 1000,
): Promise<{ tasks: number; emails: number; skipped?: string }> {
  const lease = await TickLease.acquire(deps, "tasks");
  if (!lease) return { tasks: 0, emails: 0, skipped: "another run is acting on due tasks" };
  try {
    return await runPages(deps, lease, limit);
  } finally {
    await lease.release();
  }
}

/**
 * Each page: its tasks and what their events touch are read in batches; the tasks act with their links, reply
 * handles, audit entries and emails held, which are then written in batches; only then is each task saved, so a run
 * that dies before the writes leaves the tasks due and the next run sends the same emails (deterministic keys).
 */
async function runPages(deps: Deps, lease: TickLease.Lease, limit: number) {
  const now = deps.clock.now();
  const reads = new TickReads(deps.store);
  const batched: Deps = { ...deps, store: reads };
  const regions = new Map<string, Region.Region>();
  const ended = new Set<string>();
  let tasks = 0;
  let emails = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<Tasks.Task>({
      index: "gsi2",
      pk: Tasks.DUE_TASK,
      sk: { le: `${now.toISOString()}#~` },
      limit: 100,
      cursor,
    });
    const fresh = await prefetchPage(reads, page.items);
    const seen = { regions, cycles: new Map<string, Cycle.Cycle>() };
    const work: PageTask[] = [];
    for (const [i, task] of page.items.entries()) {
      const context = await contextOf(deps, reads, task, seen);
      if (fresh[i]) work.push({ task: fresh[i], ...context });
    }
    await readAhead(reads, now.getTime(), work);
    reads.holdWrites({ exclusive: true });
    const acted: Awaited<ReturnType<typeof actOnTask>>[] = [];
    for (const w of work) acted.push(await actOnTask(batched, w.task, w.region, w.cycle));
    await lease.renew();
    await reads.flush();
    for (const [i, w] of work.entries()) {
      await saveTask(batched, w.task, acted[i]!.current, w.region);
      emails += acted[i]!.sent;
      tasks++;
    }
    // A closed step's task was still due: end the chasing of the whole step (once a run), escalations with a note.
    for (const [i, w] of work.entries()) {
      const step = `${w.task.cycleId}#${w.task.step}`;
      if (!acted[i]!.closed || ended.has(step)) continue;
      ended.add(step);
      await endChasingForStep(deps, w.task.cycleId, w.task.step, closedNote(w.cycle, w.task.step));
    }
    cursor = page.cursor;
  } while (cursor && tasks < limit);
  return { tasks, emails };
}
