/**
 * What an answer to an assignment does beyond recording it: a decline sends the review to a
 * reserve, and a change of mind is applied and the regional leads told — or refused, and the caller
 * says so. Both the email path and the accept/decline pages can use this.
 */
import * as Assignments from "./assignments";
import { replaceDeclined } from "./review";
import { Emails, Mail } from "../mail";
import { People, Region } from "../directory";
import type { Deps } from "../shared";

export const stepWord = (step: Assignments.ReviewStep) => (step === "peer-scrutiny" ? "scrutiny" : "challenge");

/** Email every regional lead of a region (once per purpose), now. */
export async function tellLeads(
  deps: Deps,
  a: Assignments.Assignment,
  purpose: string,
  message: (lead: People.Person) => ReturnType<typeof Emails.render>,
) {
  const leads = (await People.listRegional(deps, a.regionId)).filter((p) => p.roles.includes("regional-lead"));
  for (const lead of leads) {
    const { item } = await Mail.enqueue(deps, {
      key: { cycleId: a.cycleId, step: a.step, recipient: lead.email, purpose },
      to: lead.email,
      regionId: a.regionId,
      message: message(lead),
    });
    // Sent at once when possible; the scheduled step sends whatever this could not.
    await Mail.dispatch(deps, item.id, Mail.storeRateLimiter(deps, deps.config.sesMaxSendRate), {
      inProcessRetries: 1,
    }).catch((err: unknown) => deps.log.warn({ err, mail: item.id }, "lead notice not sent now"));
  }
}

/** Record an answer and carry out what it means. */
export async function applyReply(deps: Deps, input: { id: string; reply: Assignments.Reply; by: string }) {
  const { assignment, outcome } = await Assignments.recordReply(deps, input);
  let reserve: Assignments.Assignment | undefined;
  if (outcome === "decided" && assignment.status === "declined") reserve = await replaceDeclined(deps, assignment.id);
  if (outcome === "changed-to-decline" || outcome === "changed-to-accept") {
    if (outcome === "changed-to-decline") reserve = await replaceDeclined(deps, assignment.id);
    const [reviewer, reviewee] = await Promise.all([
      Region.authority(deps, assignment.reviewer),
      Region.authority(deps, assignment.reviewee),
    ]);
    const next =
      outcome === "changed-to-accept"
        ? "The review stays with them; no reserve had been asked yet."
        : reserve
          ? `We have sent the review to the next reserve, ${(await Region.authority(deps, reserve.reviewer)).name}.`
          : "No reserve reviewer is left: please choose one in the console.";
    await tellLeads(deps, assignment, `changed:${assignment.id}:${input.reply.messageId}`, (lead) =>
      Emails.render("decisionChanged", {
        name: lead.name,
        reviewer: reviewer.name,
        reviewee: reviewee.name,
        step: stepWord(assignment.step),
        change: outcome === "changed-to-accept" ? "has accepted, after declining," : "has declined, after accepting,",
        next,
      }),
    );
  }
  return { assignment, outcome, reserve };
}

/** How an outcome is told to the person who answered (the key of `Emails.recordedText`). */
export function recordedAs(outcome: Assignments.ReplyOutcome, status: Assignments.Assignment["status"]) {
  switch (outcome) {
    case "comment":
    case "undecided":
      return "comment" as const;
    case "changed-to-decline":
    case "changed-to-accept":
    case "refused":
      return outcome;
    default:
      return status === "declined" ? ("declined" as const) : ("accepted" as const);
  }
}
