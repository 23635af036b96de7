/**
 * The annual cycle in motion. Everything here is level-triggered: the scheduled step reads only
 * what is due (gsi2, by time) and derives what to do from stored state, so running it twice, or
 * twice at once, or again after a crash, does each thing once. Emails go through the ledger with
 * keys that name the cycle, step, recipient, purpose and occurrence.
 */
import { Audit } from "../audit";
import { Assignments, Review } from "../peer-review";
import { Cycle, Tasks } from "../cycle";
import { Emails, Mail } from "../mail";
import { ConditionFailedError, ConflictError, StateError, ValidationError, Keys, type Deps } from "../shared";
import { Submission } from "../submissions";
import { People, Region } from "../directory";
import { Support } from "../support";

const DAY = 86_400_000;
const FORM_TITLES: Record<Submission.FormKind, string> = {
  "self-evaluation": "Annual self-evaluation",
  "development-plan": "Development plan",
  "peer-challenge-response": "Peer challenge response",
  "core-dataset": "Quarterly core dataset",
};

// ---------------------------------------------------------------- phase events

const closesAt = Cycle.closesAt;
const phaseEventKey = Cycle.phaseEventKey;
type PhaseEvent = Cycle.PhaseEvent;
const DUE_PHASE = Cycle.DUE_PHASE;

async function finishEvent(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
  step: Region.Step,
  action: "open" | "close",
) {
  await deps.store.update(phaseEventKey(cycleId, step, action), {
    set: { doneAt: deps.clock.now().toISOString() },
    remove: ["gsi2pk", "gsi2sk"],
  });
}

// ---------------------------------------------------------------- tasks

/** The submissions a task waits for: its form, or the review responses of a reviewing LA. */
async function awaited(deps: Pick<Deps, "store">, task: Tasks.Task): Promise<string[]> {
  const form = Tasks.FORM_OF_STEP[task.step];
  if (form) return [Submission.submissionId(task.cycleId, form, task.authority)];
  if (Tasks.REVIEW_STEPS.includes(task.step)) {
    const mine = (await Assignments.listForStep(deps, task.cycleId, task.step as Assignments.ReviewStep)).filter(
      (a) => a.reviewer === task.authority && (a.status === "sent" || a.status === "accepted"),
    );
    return mine.map((a) =>
      Submission.submissionId(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)),
    );
  }
  return [];
}

async function refreshStatus(deps: Pick<Deps, "store">, task: Tasks.Task): Promise<Tasks.TaskStatus> {
  if (task.status === "waived" || task.status === "submitted") return task.status;
  const ids = await awaited(deps, task);
  if (!ids.length) return task.status;
  const subs = await deps.store.batchGet<Submission.Submission>(
    ids.map((id) => {
      const r = Submission.parseSubmissionId(id);
      return Keys.submission(r.cycleId, r.form, r.authority);
    }),
  );
  if (subs.length === ids.length && subs.every((s) => s.status === "submitted")) return "submitted";
  if (task.status === "not-started" && subs.some((s) => s.version > 1)) return "in-progress";
  return task.status;
}

// ---------------------------------------------------------------- people and links

/** Who hears about an LA's task: its officers and DCS (reviewers, for review steps). */
export async function taskPeople(
  deps: Pick<Deps, "store">,
  task: Pick<Tasks.Task, "authority" | "step">,
): Promise<People.Person[]> {
  // Review steps reach the same people the assignment went to.
  if (Tasks.REVIEW_STEPS.includes(task.step)) return Review.reviewersOf(deps, task.authority);
  return (await People.listByAuthority(deps, task.authority)).filter((p) =>
    p.roles.some((r) => r === "officer" || r === "dcs"),
  );
}

// ---------------------------------------------------------------- opening and closing steps

/** Move a step to a new state (versioned); with a summary, the change is audited. */
async function setPhaseState(
  deps: Pick<Deps, "store" | "clock">,
  cycle: Cycle.Cycle,
  step: Region.Step,
  state: Cycle.Phase["state"],
  actor: Audit.Actor,
  summary?: string,
) {
  const at = deps.clock.now().toISOString();
  const phases = cycle.phases.map((p) =>
    p.step === step
      ? { ...p, state, ...(state === "open" ? { openedAt: at } : state === "closed" ? { closedAt: at } : {}) }
      : p,
  );
  let next: Cycle.Cycle;
  try {
    next = await deps.store.update<Cycle.Cycle>(
      Keys.cycle(cycle.regionId, cycle.year),
      { set: { phases, version: cycle.version + 1, updatedAt: at, updatedBy: actor.id } },
      { condition: { op: "eq", attr: "version", value: cycle.version } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new ConflictError("The cycle changed at the same moment. Try again.");
    throw err;
  }
  if (summary) {
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor,
      action: state === "open" ? "step.opened" : "step.closed",
      entity: { type: "cycle", id: cycle.id, version: next.version },
      summary,
    });
  }
  return next;
}

/**
 * Open a step: mark it open, create each LA's task, and queue invitations with personal form links.
 * Safe to repeat: tasks and emails have deterministic keys.
 */
export async function openStep(
  deps: Deps,
  input: { cycleId: string; step: Region.Step; actor: Audit.Actor; reason?: string },
) {
  let cycle = await Cycle.get(deps, input.cycleId);
  const phase = Cycle.phase(cycle, input.step);
  if (phase.state === "closed") throw new StateError(`The ${input.step} step has closed; it cannot be opened again.`);
  const region = await Region.get(deps, cycle.regionId);
  const las = await Region.authorities(deps, cycle.regionId);
  const index = Region.STEPS.indexOf(input.step);
  // Guards: a review step needs the work it reviews; the lead may go ahead with a reason.
  if (phase.state === "scheduled" && input.actor.kind === "person") {
    const before = index > 0 ? Region.STEPS[index - 1] : undefined;
    const beforeForm = before ? Tasks.FORM_OF_STEP[before] : undefined;
    if (beforeForm) {
      const subs = await Submission.listForCycle(deps, cycle.id, beforeForm);
      const tasks = await Tasks.tasksOf(deps, cycle.id);
      const waived = new Set(tasks.filter((t) => t.step === before && t.status === "waived").map((t) => t.authority));
      const missing = las.filter(
        (la) => !waived.has(la.code) && !subs.some((s) => s.authority === la.code && s.status === "submitted"),
      );
      if (missing.length && !input.reason?.trim()) {
        throw new ValidationError(
          `${missing.length} local authorit${missing.length === 1 ? "y has" : "ies have"} not submitted the ${before}.`,
          [
            {
              path: "reason",
              message: `Give a reason to open ${input.step} while ${missing.map((m) => m.name).join(", ")} ${missing.length === 1 ? "has" : "have"} not submitted`,
            },
          ],
        );
      }
    }
  }
  if (phase.state === "scheduled") {
    cycle = await setPhaseState(
      deps,
      cycle,
      input.step,
      "open",
      input.actor,
      `Opened ${input.step}${input.reason ? ` (reason: ${input.reason})` : ""}`,
    );
  }
  const form = Tasks.FORM_OF_STEP[input.step];
  let invited = 0;
  if (form) {
    for (const la of las) {
      await Tasks.ensureTask(deps, { cycle, step: input.step, authority: la.code, settings: region.settings });
      const task = { authority: la.code, step: input.step };
      for (const person of await taskPeople(deps, task)) {
        const link = await Tasks.formLink(deps, cycle, form, la.code, person, closesAt(phase));
        const created = await Mail.enqueue(deps, {
          key: { cycleId: cycle.id, step: input.step, recipient: person.email, purpose: "invitation" },
          to: person.email,
          regionId: cycle.regionId,
          message: Emails.render("invitation", {
            name: person.name,
            authority: la.name,
            form: FORM_TITLES[form],
            deadline: phase.deadline,
            link,
            region: region.name,
          }),
        });
        if (created.created) invited++;
      }
    }
  }
  if (input.step === "support-menu") {
    // The menu is built from the submitted forms; each LA's contacts get a link to it.
    await Support.deriveFromSubmissions(deps, cycle.id);
    for (const la of las) {
      for (const person of await taskPeople(deps, { authority: la.code, step: input.step })) {
        const link = await Tasks.formLink(deps, cycle, "support-menu", la.code, person, closesAt(phase));
        const created = await Mail.enqueue(deps, {
          key: { cycleId: cycle.id, step: input.step, recipient: person.email, purpose: "menu" },
          to: person.email,
          regionId: cycle.regionId,
          message: Emails.render("invitation", {
            name: person.name,
            authority: la.name,
            form: "Menu of support offers",
            deadline: phase.deadline,
            link: link.replace("/f/", "/m/"),
            region: region.name,
          }),
        });
        if (created.created) invited++;
      }
    }
  }
  if (input.step === "regional-plan" && !(await Support.brokerages(deps, cycle.id)).length) {
    await Support.broker(deps, { cycleId: cycle.id, actor: input.actor });
  }
  if (Tasks.REVIEW_STEPS.includes(input.step)) {
    const existing = await Assignments.listForStep(deps, cycle.id, input.step as Assignments.ReviewStep);
    if (!existing.length)
      await Review.proposeAssignments(deps, {
        cycleId: cycle.id,
        step: input.step as Assignments.ReviewStep,
        actor: input.actor,
      });
  }
  await notifyLeads(deps, cycle, region, input.step, "opened");
  await finishEvent(deps, cycle.id, input.step, "open");
  return { cycle, invited };
}

/** Close a step: no more changes to its forms; leads get a summary. */
export async function closeStep(deps: Deps, input: { cycleId: string; step: Region.Step; actor: Audit.Actor }) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const phase = Cycle.phase(cycle, input.step);
  if (phase.state === "scheduled" && input.actor.kind === "person")
    throw new StateError(`The ${input.step} step has not opened yet.`);
  let next = cycle;
  if (phase.state === "scheduled") {
    // The schedule closes a step that never opened (its window passed before the cycle existed).
    next = await setPhaseState(deps, cycle, input.step, "closed", input.actor);
    await finishEvent(deps, cycle.id, input.step, "close");
    return next;
  }
  if (phase.state === "open") {
    next = await setPhaseState(deps, cycle, input.step, "closed", input.actor, `Closed ${input.step}`);
    await notifyLeads(deps, next, await Region.get(deps, cycle.regionId), input.step, "closed");
  }
  await finishEvent(deps, cycle.id, input.step, "close");
  return next;
}

async function notifyLeads(
  deps: Deps,
  cycle: Cycle.Cycle,
  region: Region.Region,
  step: Region.Step,
  change: "opened" | "closed",
) {
  const leads = (await People.listRegional(deps, cycle.regionId)).filter((p) => p.roles.includes("regional-lead"));
  const tasks = (await Tasks.tasksOf(deps, cycle.id)).filter((t) => t.step === step);
  const submitted = tasks.filter((t) => t.status === "submitted").length;
  for (const lead of leads) {
    await Mail.enqueue(deps, {
      key: { cycleId: cycle.id, step, recipient: lead.email, purpose: `phase-${change}` },
      to: lead.email,
      regionId: cycle.regionId,
      message: Emails.render("phaseNotice", {
        name: lead.name,
        region: region.name,
        step,
        change,
        submitted,
        total: tasks.length,
        boardLink: `${deps.config.baseUrl}/lead/cycles/${cycle.id}`,
      }),
    });
  }
}

// ---------------------------------------------------------------- task events (reminders, overdue, escalation)

/** Act on every event of one task that is due, then move it to its next due time. */
export async function advanceTask(
  deps: Deps,
  task: Tasks.Task,
  region: Region.Region,
  cycle: Cycle.Cycle,
): Promise<{ sent: number; status: Tasks.TaskStatus }> {
  const now = deps.clock.now().getTime();
  // Whole days from the deadline's date, as people count them ("3 days overdue" on 3 November).
  const daysFromDeadline = Math.floor((now - Date.parse(task.deadline.slice(0, 10))) / DAY);
  const status = await refreshStatus(deps, task);
  let current: Tasks.Task = { ...task, status };
  let sent = 0;
  if (status !== "submitted" && status !== "waived") {
    const la = await Region.authority(deps, task.authority);
    const form = Tasks.FORM_OF_STEP[task.step];
    const dueNow = Tasks.taskEvents(task, region.settings).filter((e) => e.at <= now && !current.done.includes(e.id));
    // If the step has not run for a while, several reminders may be due at once: send only the
    // latest, never a burst of stale ones. Overdue notices and escalations are each acted on.
    const lastReminder = dueNow.filter((e) => e.kind === "reminder").at(-1);
    for (const e of dueNow) {
      if (e.kind === "reminder" && e !== lastReminder) {
        current = { ...current, done: [...current.done, e.id] };
        continue;
      }
      if (e.kind === "reminder" && Tasks.REVIEW_STEPS.includes(task.step)) {
        sent += await remindReviewer(deps, task, cycle, e.n);
      } else if (e.kind === "reminder" || e.kind === "overdue") {
        for (const person of await taskPeople(deps, task)) {
          const link = form
            ? await Tasks.formLink(deps, cycle, form, task.authority, person, closesAt(Cycle.phase(cycle, task.step)))
            : `${deps.config.baseUrl}/`;
          const message =
            e.kind === "overdue"
              ? Emails.render("overdue", {
                  name: person.name,
                  authority: la.name,
                  form: form ? FORM_TITLES[form] : task.step,
                  deadline: task.deadline,
                  daysOverdue: daysFromDeadline,
                  link,
                })
              : Emails.render("reminder", {
                  name: person.name,
                  authority: la.name,
                  form: form ? FORM_TITLES[form] : task.step,
                  deadline: task.deadline,
                  link,
                  daysLeft: -daysFromDeadline,
                  reminder: e.n,
                });
          const r = await Mail.enqueue(deps, {
            key: {
              cycleId: task.cycleId,
              step: task.step,
              recipient: person.email,
              purpose: `${task.authority}:${e.kind}`,
              n: e.n + 100,
            },
            to: person.email,
            regionId: task.regionId,
            message,
          });
          if (r.created) sent++;
        }
        if (e.kind === "overdue")
          current = { ...current, status: current.status === "escalated" ? "escalated" : "overdue" };
      } else {
        const rung = region.settings.escalation[e.n]!;
        const people =
          rung.role === "dcs" || rung.role === "lead-chief-executive"
            ? (await People.listByAuthority(deps, task.authority)).filter((p) =>
                p.roles.includes(rung.role as Region.Role),
              )
            : (await People.listRegional(deps, task.regionId)).filter((p) =>
                p.roles.includes(rung.role as Region.Role),
              );
        for (const person of people) {
          const r = await Mail.enqueue(deps, {
            key: {
              cycleId: task.cycleId,
              step: task.step,
              recipient: person.email,
              purpose: `${task.authority}:escalation`,
              n: e.n,
            },
            to: person.email,
            regionId: task.regionId,
            message: Emails.render("escalation", {
              name: person.name,
              role: rung.role
                .replace(/-/g, " ")
                .replace("dcs", "director of children's services")
                .replace("dfe", "DfE"),
              authority: la.name,
              form: form ? FORM_TITLES[form] : task.step,
              deadline: task.deadline,
              daysOverdue: daysFromDeadline,
              region: region.name,
            }),
          });
          if (r.created) sent++;
        }
        current = { ...current, status: "escalated" };
        await Audit.record(deps, {
          scope: Audit.cycleScope(task.cycleId),
          actor: Audit.systemActor("schedule"),
          action: "task.escalated",
          entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: 100 + e.n },
          authority: task.authority,
          summary: `Escalated ${task.step} to ${rung.role} (${rung.afterDays} days after the deadline)`,
        });
      }
      current = { ...current, done: [...current.done, e.id] };
    }
  }
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
  return { sent, status: current.status };
}

/**
 * A reviewing LA's reminder: one email per review it still owes, naming the LA reviewed, with the
 * response form's link and the same reply address as the assignment (replies are recorded there).
 */
async function remindReviewer(deps: Deps, task: Tasks.Task, cycle: Cycle.Cycle, n: number): Promise<number> {
  const owed = (await Assignments.listForStep(deps, task.cycleId, task.step as Assignments.ReviewStep)).filter(
    (a) => a.reviewer === task.authority && a.rank === 0 && (a.status === "sent" || a.status === "accepted"),
  );
  let sent = 0;
  for (const a of owed) {
    const submitted = await deps.store.get<Submission.Submission>(
      Keys.submission(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)),
    );
    if (submitted?.status === "submitted") continue;
    const reviewee = await Region.authority(deps, a.reviewee);
    for (const person of await taskPeople(deps, task)) {
      const { address, formHref } = await Review.reviewerContact(deps, cycle, a, person);
      const r = await Mail.enqueue(deps, {
        key: {
          cycleId: task.cycleId,
          step: task.step,
          recipient: person.email,
          purpose: `${task.authority}:review-reminder:${a.reviewee}`,
          n: n + 100,
        },
        to: person.email,
        replyTo: address,
        regionId: task.regionId,
        message: Emails.render("reviewerReminder", {
          name: person.name,
          reviewee: reviewee.name,
          step: a.step === "peer-scrutiny" ? "scrutiny" : "challenge",
          deadline: task.deadline,
          formLink: formHref,
        }),
      });
      if (r.created) sent++;
    }
  }
  return sent;
}

// ---------------------------------------------------------------- the scheduled steps

/** Open and close steps whose time has come. Reads only due phase events. */
export async function runPhaseEvents(deps: Deps): Promise<{ opened: number; closed: number }> {
  const now = deps.clock.now().toISOString();
  const { items } = await deps.store.query<PhaseEvent>({
    index: "gsi2",
    pk: DUE_PHASE,
    sk: { le: `${now}#~` },
    limit: 100,
  });
  let opened = 0;
  let closed = 0;
  for (const e of items) {
    const actor = Audit.systemActor("schedule");
    const cycle = await Cycle.get(deps, e.cycleId);
    const phase = Cycle.phase(cycle, e.step);
    if (e.action === "open" && Date.parse(closesAt(phase)) <= Date.parse(now)) {
      // A step whose whole window is already past (a cycle created late) is not opened: no
      // invitations for work that can no longer be done. Its close event marks it closed.
      await finishEvent(deps, e.cycleId, e.step, "open");
      continue;
    }
    if (e.action === "open") {
      await openStep(deps, { cycleId: e.cycleId, step: e.step, actor });
      opened++;
    } else {
      await closeStep(deps, { cycleId: e.cycleId, step: e.step, actor });
      closed++;
    }
  }
  return { opened, closed };
}

/** Remind, mark overdue and escalate tasks that are due. Reads only due tasks. */
export async function runTaskEvents(deps: Deps, limit = 1000): Promise<{ tasks: number; emails: number }> {
  const now = deps.clock.now().toISOString();
  let tasks = 0;
  let emails = 0;
  const regions = new Map<string, Region.Region>();
  const cycles = new Map<string, Cycle.Cycle>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.query<Tasks.Task>({
      index: "gsi2",
      pk: Tasks.DUE_TASK,
      sk: { le: `${now}#~` },
      limit: 100,
      cursor,
    });
    for (const task of page.items) {
      const region = regions.get(task.regionId) ?? (await Region.get(deps, task.regionId));
      regions.set(task.regionId, region);
      const cycle = cycles.get(task.cycleId) ?? (await Cycle.get(deps, task.cycleId));
      cycles.set(task.cycleId, cycle);
      const fresh = await deps.store.get<Tasks.Task>(Tasks.taskKey(task.cycleId, task.step, task.authority), {
        consistent: true,
      });
      if (!fresh) continue;
      emails += (await advanceTask(deps, fresh, region, cycle)).sent;
      tasks++;
    }
    cursor = page.cursor;
  } while (cursor && tasks < limit);
  return { tasks, emails };
}

// ---------------------------------------------------------------- lead controls on tasks

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

/** Give one LA more time: its task gets a new deadline (and a fresh schedule from it). */
export async function extendDeadline(
  deps: Pick<Deps, "store" | "clock">,
  input: { cycleId: string; step: Region.Step; authority: string; deadline: string; actor: Audit.Actor },
) {
  const task = await Tasks.getTask(deps, input.cycleId, input.step, input.authority);
  if (!Number.isFinite(Date.parse(input.deadline)) || Date.parse(input.deadline) <= Date.parse(task.deadline)) {
    throw new ValidationError("The new deadline must be after the current one.", [
      { path: "deadline", message: `Enter a date after ${task.deadline.slice(0, 10)}` },
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

/** Send a reminder now to every LA that has not submitted this step (once per day at most). */
export async function remindNow(
  deps: Deps,
  input: { cycleId: string; step: Region.Step; actor: Audit.Actor },
): Promise<number> {
  const cycle = await Cycle.get(deps, input.cycleId);
  const phase = Cycle.phase(cycle, input.step);
  if (phase.state !== "open") throw new StateError(`Reminders can only be sent while ${input.step} is open.`);
  const form = Tasks.FORM_OF_STEP[input.step];
  const day = Math.floor(deps.clock.now().getTime() / DAY);
  let sent = 0;
  for (const task of (await Tasks.tasksOf(deps, cycle.id)).filter((t) => t.step === input.step)) {
    const status = await refreshStatus(deps, task);
    if (status === "submitted" || status === "waived") continue;
    const la = await Region.authority(deps, task.authority);
    for (const person of await taskPeople(deps, task)) {
      const link = form
        ? await Tasks.formLink(deps, cycle, form, task.authority, person, closesAt(phase))
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
        message: Emails.render("reminder", {
          name: person.name,
          authority: la.name,
          form: form ? FORM_TITLES[form] : input.step,
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
    summary: `Sent reminders for ${input.step} to ${sent} people`,
  });
  return sent;
}

// ---------------------------------------------------------------- the cycle board

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
  const [las, tasks] = await Promise.all([Region.authorities(deps, cycle.regionId), Tasks.tasksOf(deps, cycleId)]);
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
