/** The lead's step and task controls, shared by the pages and the JSON API. */
import { type Access, Region, ValidationError, Workflow, type Deps } from "@riia/core";
import { STEP_LABELS, invitationsWords } from "../../view-models/labels";

type Actor = ReturnType<typeof Access.actorOf>;

export async function stepAction(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  action: string,
  reason: string | undefined,
  actor: Actor,
) {
  if (action === "open")
    return `${STEP_LABELS[step]} is open. ${invitationsWords((await Workflow.openStep(deps, { cycleId, step, actor, reason })).invited)}`;
  if (action === "close")
    return (await Workflow.closeStep(deps, { cycleId, step, actor, reason }), `${STEP_LABELS[step]} is closed.`);
  if (action === "remind")
    return `Sent ${await Workflow.remindNow(deps, { cycleId, step, actor })} reminders for ${STEP_LABELS[step].toLowerCase()}.`;
  if (action === "advance") {
    // Close this step and open the next one now (the next step's guards still apply).
    const next = Region.STEPS[Region.STEPS.indexOf(step) + 1];
    if (!next)
      throw new ValidationError("This is the last step; close it instead.", [
        { path: "action", message: "Choose close for the last step" },
      ]);
    await Workflow.closeStep(deps, { cycleId, step, actor, reason });
    const { invited } = await Workflow.openStep(deps, { cycleId, step: next, actor, reason });
    return `${STEP_LABELS[step]} is closed and ${STEP_LABELS[next].toLowerCase()} is open. ${invitationsWords(invited)}`;
  }
  throw new ValidationError("Choose an action.", [
    { path: "action", message: "Choose open, advance, close or remind" },
  ]);
}

export async function taskAction(
  deps: Deps,
  cycleId: string,
  step: Region.Step,
  authority: string,
  body: { action?: string; deadline?: string; reason?: string },
  actor: Actor,
) {
  if (body.action === "extend") {
    if (!body.deadline)
      throw new ValidationError("Enter the new deadline.", [{ path: "deadline", message: "Enter the new deadline" }]);
    const { reopened } = await Workflow.extendDeadline(deps, {
      cycleId,
      step,
      authority,
      deadline: `${body.deadline.slice(0, 10)}T23:59:59Z`,
      actor,
    });
    return reopened
      ? "The deadline has been extended and the form reopened; its people are emailed a fresh link."
      : "The deadline has been extended.";
  }
  if (body.action === "waive") {
    await Workflow.waiveTask(deps, { cycleId, step, authority, reason: body.reason ?? "", actor });
    return "The task has been waived.";
  }
  throw new ValidationError("Choose an action.", [{ path: "action", message: "Choose extend or waive" }]);
}
