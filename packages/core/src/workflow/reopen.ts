/** Undoing a close: a closed step reopened with a new deadline, for every LA or for chosen ones. */
import { Audit } from "../audit";
import { Cycle, Tasks } from "../cycle";
import { StateError, ValidationError, type Deps } from "../shared";
import type { Region } from "../directory";
import { reopenTasks } from "./controls";
import { unfinishedTasks } from "./steps";

/**
 * Reopen a closed step with a new deadline. For every LA, the step is open again until the new deadline (its close
 * is scheduled afresh); for chosen LAs, the step stays closed and only their work reopens. Either way the reopened
 * LAs' people are emailed a fresh link. Returns the LAs reopened and the emails queued.
 */
export async function reopenStep(
  deps: Deps,
  input: {
    cycleId: string;
    step: Region.Step;
    deadline: string;
    reason: string;
    actor: Audit.Actor;
    /** LA codes; omitted means every LA whose work is unfinished. */
    authorities?: string[];
  },
) {
  let cycle = await Cycle.get(deps, input.cycleId);
  const phase = Cycle.phase(cycle, input.step);
  if (phase.state !== "closed") throw new StateError(`The ${input.step} step is not closed.`);
  if (!Tasks.FORM_OF_STEP[input.step]) throw new StateError(`The ${input.step} step has no forms to reopen.`);
  const reason = input.reason?.trim() ?? "";
  if (reason.length < 3)
    throw new ValidationError("Give a reason for reopening.", [
      { path: "reason", message: "Give a reason for reopening the step" },
    ]);
  const at = Date.parse(input.deadline);
  if (!Number.isFinite(at) || at <= deps.clock.now().getTime())
    throw new ValidationError("The new deadline must be in the future.", [
      { path: "deadline", message: `Enter a date after today, ${deps.clock.now().toISOString().slice(0, 10)}` },
    ]);
  const deadline = new Date(at).toISOString();
  const unfinished = (await unfinishedTasks(deps, cycle.id, input.step)).map((t) => t.authority);
  const chosen = input.authorities ? unfinished.filter((a) => input.authorities!.includes(a)) : unfinished;
  if (input.authorities && !chosen.length)
    throw new ValidationError("Choose at least one local authority whose work is unfinished.", [
      { path: "authorities", message: "Choose at least one local authority to reopen" },
    ]);
  if (!input.authorities) cycle = await reopenPhase(deps, cycle, input.step, deadline, reason, input.actor);
  const emailed = await reopenTasks(deps, {
    cycle,
    step: input.step,
    authorities: chosen,
    deadline,
    reason,
    actor: input.actor,
  });
  return { reopened: chosen, emailed };
}

/** The whole step open again until the new deadline, and its close event armed for then. */
async function reopenPhase(
  deps: Deps,
  cycle: Cycle.Cycle,
  step: Region.Step,
  deadline: string,
  reason: string,
  actor: Audit.Actor,
) {
  const phases = cycle.phases.map((p) =>
    p.step === step ? { ...p, state: "open" as const, deadline, closesAt: deadline } : p,
  );
  const next = await Cycle.savePhases(deps, cycle, phases, actor);
  await deps.store.put({
    ...Cycle.phaseEventKey(cycle.id, step, "close"),
    gsi2pk: Cycle.DUE_PHASE,
    gsi2sk: `${deadline}#${cycle.id}#${step}#close`,
    kind: "phase-event",
    cycleId: cycle.id,
    step,
    action: "close",
    at: deadline,
  } satisfies Cycle.PhaseEvent);
  await Audit.record(deps, {
    scope: Audit.cycleScope(cycle.id),
    actor,
    action: "step.reopened",
    entity: { type: "cycle", id: cycle.id, version: next.version },
    summary: `Reopened ${step} until ${deadline.slice(0, 10)} (reason: ${reason})`,
  });
  return next;
}
