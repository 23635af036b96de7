/**
 * Opening and closing steps, by the schedule or the lead: guards, each LA's task, invitations with personal links,
 * the support menu and brokering at their steps, proposed assignments at review steps, and the leads told.
 * Level-triggered and idempotent: tasks and emails have deterministic keys.
 */
import { Audit } from "../audit";
import { Assignments, Review } from "../peer-review";
import { Cycle, Tasks } from "../cycle";
import { Emails, Mail } from "../mail";
import { StateError, ValidationError, type Deps } from "../shared";
import { People, Region } from "../directory";
import { Support } from "../support";
import { guardOf } from "./guards";
import { taskPeople } from "./task-people";
import { closedNote, endChasingForStep } from "./step-closed";
import { taskStates } from "./task-state";
import { stepWords } from "./step-words";

async function finishEvent(
  deps: Pick<Deps, "store" | "clock">,
  cycleId: string,
  step: Region.Step,
  action: "open" | "close",
) {
  await deps.store.update(Cycle.phaseEventKey(cycleId, step, action), {
    set: { doneAt: deps.clock.now().toISOString() },
    remove: ["gsi2pk", "gsi2sk"],
  });
}

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
  const next = await Cycle.savePhases(deps, cycle, phases, actor);
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
  if (phase.state === "closed")
    throw new StateError(`${stepWords(input.step)} has closed; reopen it with a new deadline instead.`);
  const region = await Region.get(deps, cycle.regionId);
  const las = await Region.authorities(deps, cycle.regionId);
  if (phase.state === "scheduled" && input.actor.kind === "person")
    await guardOpening(deps, cycle, input.step, input.reason);
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
  const invited = await invite(deps, cycle, region, las, input.step);
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

/** A step whose inputs are missing opens only with the lead's reason (see guards.ts). */
async function guardOpening(deps: Deps, cycle: Cycle.Cycle, step: Region.Step, reason: string | undefined) {
  const guard = await guardOf(deps, cycle, step);
  if (guard.ready || reason?.trim()) return;
  const n = guard.missingAuthorities.length;
  const before = Region.STEPS[Region.STEPS.indexOf(step) - 1];
  if (n)
    throw new ValidationError(`${n} local authorit${n === 1 ? "y has" : "ies have"} not submitted the ${before}.`, [
      {
        path: "reason",
        message: `Give a reason to open ${stepWords(step).toLowerCase()} while ${guard.missingAuthorities.join(", ")} ${n === 1 ? "has" : "have"} not submitted`,
      },
    ]);
  throw new ValidationError(`${stepWords(step)} is missing what it needs: ${guard.missing.join("; ")}.`, [
    {
      path: "reason",
      message: `Give a reason to open ${stepWords(step).toLowerCase()} now: ${guard.missing.join("; ")}`,
    },
  ]);
}

/** Invitations with personal links: to the step's form, or to the support menu. */
async function invite(
  deps: Deps,
  cycle: Cycle.Cycle,
  region: Region.Region,
  las: Region.Authority[],
  step: Region.Step,
): Promise<number> {
  const phase = Cycle.phase(cycle, step);
  const form = Tasks.FORM_OF_STEP[step];
  let invited = 0;
  if (form) {
    for (const la of las) {
      // The deadline the LA is given: the step's, or a later one if it was asked too late to meet it.
      const { deadline } = await Tasks.ensureTask(deps, {
        cycle,
        step: step,
        authority: la.code,
        settings: region.settings,
      });
      const task = { authority: la.code, step: step };
      for (const person of await taskPeople(deps, task)) {
        const link = await Tasks.formLink(deps, cycle, form, la.code, person, Cycle.closesAt(phase));
        const created = await Mail.enqueue(deps, {
          key: { cycleId: cycle.id, step: step, recipient: person.email, purpose: "invitation" },
          guard: { cycleId: cycle.id, step, authority: la.code, kind: "invitation" },
          to: person.email,
          regionId: cycle.regionId,
          message: Emails.render("invitation", {
            name: person.name,
            authority: la.name,
            form: Tasks.FORM_TITLES[form],
            deadline,
            link,
            region: region.name,
          }),
        });
        if (created.created) invited++;
      }
    }
  }
  if (step === "support-menu") {
    // The menu is built from the submitted forms; each LA's contacts get a link to it.
    await Support.deriveFromSubmissions(deps, cycle.id);
    for (const la of las) {
      for (const person of await taskPeople(deps, { authority: la.code, step: step })) {
        const link = await Tasks.formLink(deps, cycle, "support-menu", la.code, person, Cycle.closesAt(phase));
        const created = await Mail.enqueue(deps, {
          key: { cycleId: cycle.id, step: step, recipient: person.email, purpose: "menu" },
          guard: { cycleId: cycle.id, step, authority: la.code, kind: "invitation" },
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
  return invited;
}

/**
 * Close a step: no more changes to its forms; leads get a summary. The LAs whose work is unfinished are recorded as
 * "not submitted" with the reason (the lead's, or the schedule's), and stop being chased.
 */
export async function closeStep(
  deps: Deps,
  input: { cycleId: string; step: Region.Step; actor: Audit.Actor; reason?: string },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  const phase = Cycle.phase(cycle, input.step);
  if (phase.state === "scheduled" && input.actor.kind === "person")
    throw new StateError(`${stepWords(input.step)} has not opened yet.`);
  let next = cycle;
  if (phase.state === "scheduled") {
    // The schedule closes a step that never opened (its window passed before the cycle existed).
    next = await setPhaseState(deps, cycle, input.step, "closed", input.actor);
    await finishEvent(deps, cycle.id, input.step, "close");
    return next;
  }
  if (phase.state === "open") {
    const reason =
      input.reason?.trim() ||
      (input.actor.kind === "system"
        ? "The step closed on its schedule."
        : `Closed by ${input.actor.name ?? input.actor.id}, no reason given.`);
    next = await setPhaseState(
      deps,
      cycle,
      input.step,
      "closed",
      input.actor,
      `Closed ${input.step} (reason: ${reason})`,
    );
    await markNotSubmitted(deps, next, input.step, reason, input.actor);
    await endChasingForStep(deps, next.id, input.step, closedNote(next, input.step));
    await notifyLeads(deps, next, await Region.get(deps, cycle.regionId), input.step, "closed");
  }
  await finishEvent(deps, cycle.id, input.step, "close");
  return next;
}

/** The tasks of a step that are neither submitted nor waived, as they stand now. */
export async function unfinishedTasks(deps: Pick<Deps, "store">, cycleId: string, step: Region.Step) {
  return (await Tasks.liveTasksOf(deps, cycleId)).filter(
    (t) => t.step === step && t.status !== "submitted" && t.status !== "waived",
  );
}

async function markNotSubmitted(deps: Deps, cycle: Cycle.Cycle, step: Region.Step, reason: string, actor: Audit.Actor) {
  const at = deps.clock.now().toISOString();
  for (const task of await unfinishedTasks(deps, cycle.id, step)) {
    await deps.store.update(Tasks.taskKey(cycle.id, step, task.authority), {
      set: { notSubmitted: { at, reason } },
      remove: ["gsi2pk", "gsi2sk", "reopenedUntil"],
    });
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor,
      action: "task.not-submitted",
      entity: { type: "task", id: `${cycle.id}/${step}/${task.authority}`, version: task.version },
      authority: task.authority,
      summary: `Not submitted when ${step} closed: ${reason}`,
    });
  }
}

async function notifyLeads(
  deps: Deps,
  cycle: Cycle.Cycle,
  region: Region.Region,
  step: Region.Step,
  change: "opened" | "closed",
) {
  const leads = (await People.listRegional(deps, cycle.regionId)).filter((p) => p.roles.includes("regional-lead"));
  const tasks = (await taskStates(deps, cycle)).filter((t) => t.step === step);
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

/** Open and close steps whose time has come. Reads only due phase events. */
export async function runPhaseEvents(deps: Deps): Promise<{ opened: number; closed: number }> {
  const now = deps.clock.now().toISOString();
  const { items } = await deps.store.query<Cycle.PhaseEvent>({
    index: "gsi2",
    pk: Cycle.DUE_PHASE,
    sk: { le: `${now}#~` },
    limit: 100,
  });
  let opened = 0;
  let closed = 0;
  for (const e of items) {
    const actor = Audit.systemActor("schedule");
    const cycle = await Cycle.get(deps, e.cycleId);
    const phase = Cycle.phase(cycle, e.step);
    if (e.action === "open" && Date.parse(Cycle.closesAt(phase)) <= Date.parse(now)) {
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
