/** The lead's page of replies that need them: undecided answers on open assignments, and held replies. */
import { Access, Assignments, Cycle, Region, type Deps } from "@riia/core";
import { csrfToken } from "../middleware/csrf";
import { govukDate } from "./dates";
import { STEP_LABELS } from "./labels";

export const replyQueuePath = (cycleId: string) => `/lead/cycles/${cycleId}/replies`;

export async function replyQueueModel(deps: Deps, who: Access.Principal, cycleId: string, session: string) {
  const cycle = await Cycle.get(deps, cycleId);
  Access.require(who, "read-region", { regionId: cycle.regionId });
  const [region, las, lists] = await Promise.all([
    Region.get(deps, cycle.regionId),
    Region.authorities(deps, cycle.regionId),
    Assignments.repliesNeedingLead(deps, cycleId),
  ]);
  const name = (code: string) => las.find((l) => l.code === code)?.name ?? code;
  const card = (r: Assignments.UndecidedReply) => ({
    id: `reply-${r.assignmentId}-${r.reply.messageId}`.replace(/[^A-Za-z0-9-]/g, "-"),
    heading: `${name(r.reviewer)} reviewing ${name(r.reviewee)}`,
    assignment: r.assignmentId,
    message: r.reply.messageId,
    rows: [
      { key: { text: "Review" }, value: { text: `${STEP_LABELS[r.step]} of ${name(r.reviewee)}` } },
      { key: { text: "Reviewer" }, value: { text: name(r.reviewer) } },
      { key: { text: "From" }, value: { text: r.reply.from || "No sender address" } },
      { key: { text: "Received" }, value: { text: govukDate(r.reply.at) } },
      ...(r.reply.why ? [{ key: { text: "How we read it" }, value: { text: r.reply.why } }] : []),
    ],
    // Paragraphs of lines, so the page keeps the reviewer's line breaks without inline styles.
    words: (r.reply.text.trim() || "(The email had no words of its own.)").split(/\n\s*\n/).map((p) => p.split("\n")),
    longer: Boolean(r.reply.textKey),
    textHref: `${replyQueuePath(cycleId)}/text?${new URLSearchParams({ assignment: r.assignmentId, message: r.reply.messageId })}`,
    files: r.reply.attachments.map((f, n) => ({
      name: f.name,
      href: `${replyQueuePath(cycleId)}/file?${new URLSearchParams({ assignment: r.assignmentId, message: r.reply.messageId, n: String(n) })}`,
    })),
  });
  return {
    title: "Replies that need you",
    regionName: region.name,
    boardHref: `/lead/cycles/${cycleId}`,
    base: replyQueuePath(cycleId),
    csrf: csrfToken(deps, "session", session),
    canManage: Access.can(who, "manage-region", { regionId: cycle.regionId }),
    undecided: lists.undecided.map(card),
    held: lists.held.map(card),
  };
}
