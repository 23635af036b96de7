/**
 * Reviews that wait for their work: an LA whose submission was not in when the lead sent the step's assignments gets
 * its proposed reviewers when the submission arrives (Work.whenSubmitted).
 */
import * as Assignments from "./assignments";
import { sendOne } from "./review";
import { Audit } from "../audit";
import { Cycle } from "../cycle";
import { ConditionFailedError, Keys, type Deps } from "../shared";

/**
 * A reviewed LA's work has arrived while its review step is open and the lead has sent assignments: its proposed
 * reviewers are sent now. Returns how many were sent.
 */
export async function sendWaiting(
  deps: Deps,
  input: { cycleId: string; step: Assignments.ReviewStep; reviewee: string },
) {
  const cycle = await Cycle.get(deps, input.cycleId);
  if (Cycle.phase(cycle, input.step).state !== "open") return 0;
  const all = (await Assignments.listForStep(deps, cycle.id, input.step)).filter((a) => a.rank === 0);
  const leadSent =
    all.some((a) => a.status !== "proposed" && a.status !== "replaced") ||
    !!(await deps.store.get(Keys.assignmentsSent(cycle.id, input.step)));
  if (!leadSent) return 0;
  const waiting = all.filter((a) => a.reviewee === input.reviewee && a.status === "proposed");
  for (const a of waiting) {
    try {
      await deps.store.update(
        Assignments.assignmentKey(a.id),
        { set: { status: "sent", version: a.version + 1 } },
        { condition: { op: "eq", attr: "status", value: "proposed" } },
      );
    } catch (err) {
      if (err instanceof ConditionFailedError) continue;
      throw err;
    }
    await sendOne(deps, cycle, a);
  }
  if (waiting.length)
    await Audit.record(deps, {
      scope: Audit.cycleScope(cycle.id),
      actor: Audit.systemActor("review"),
      action: "assignments.sent",
      entity: { type: "assignments", id: `${cycle.id}/${input.step}/${input.reviewee}`, version: waiting.length },
      authority: input.reviewee,
      summary: `Sent ${waiting.length} ${input.step} assignments as ${input.reviewee}'s submission arrived`,
    });
  return waiting.length;
}
