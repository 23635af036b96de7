/**
 * Peer-review assignments (steps 2 and 4): one reviewing LA for one reviewee. The solver that
 * makes them arrives with the cycle work; this module holds the record and what replies do to it.
 */
import * as z from "../zod";
import { Keys, ConditionFailedError, NotFoundError, type Deps, type Item, queryAll } from "../shared";

export const ReviewStep = z.enum(["peer-scrutiny", "peer-challenge"]);
export type ReviewStep = z.infer<typeof ReviewStep>;
export const AssignmentStatus = z.enum(["proposed", "sent", "accepted", "declined", "replaced"]);

export interface Reply {
  messageId: string;
  from: string;
  at: string;
  /** "comment" when the reply decided nothing. */
  decision: "accept" | "decline" | "comment";
  /** The first part of what the person wrote (all of it when short). */
  text: string;
  /** Where the whole text is kept when it is too long for the record. */
  textKey?: string;
  attachments: { name: string; key: string; size: number; type?: string }[];
  /** The assignment still needed an answer and this reply gave none: the person was asked back, the lead sees it. */
  undecided?: boolean;
  /** Why the reply was read as it was (for the lead). */
  why?: string;
  /** Sent from an address we did not expect: kept, but nothing is applied until the lead accepts it. */
  held?: "waiting" | "accepted" | "rejected";
  /** Findings under the review headings, when the reply used them. */
  review?: Record<string, string>;
}

/** What a reply did to its assignment. */
export type ReplyOutcome =
  | "duplicate"
  | "decided"
  | "already"
  | "changed-to-decline"
  | "changed-to-accept"
  | "refused"
  | "undecided"
  | "comment"
  | "held";

export interface Assignment extends Item {
  kind: "assignment";
  id: string;
  cycleId: string;
  regionId: string;
  step: ReviewStep;
  reviewee: string;
  reviewer: string;
  /** 0 for the chosen reviewers; 1, 2… for reserves in order of preference. */
  rank: number;
  status: z.infer<typeof AssignmentStatus>;
  replies: Record<string, Reply>;
  decidedAt?: string;
  decidedBy?: string;
  /** Reviewers who came to read the work before it was submitted: person id → their reply handle id. */
  waiting?: Record<string, string>;
  /** For a declined assignment: the reserve that took it over. */
  replacedBy?: string;
  /** A reviewer from another region the lead added by hand (exchange/reviewers.ts): only this person is asked. */
  crossRegion?: CrossRegion;
  version: number;
}

/** Who was asked from another region, why, and by whom. */
export interface CrossRegion {
  regionId: string;
  personId: string;
  reason: string;
  by: string;
  at: string;
}

export const assignmentId = (cycleId: string, step: ReviewStep, reviewee: string, reviewer: string) =>
  `${cycleId}.${step}.${reviewee}.${reviewer}`;
export function parseAssignmentId(id: string) {
  const [cycleId, step, reviewee, reviewer, ...rest] = id.split(".");
  const s = ReviewStep.safeParse(step);
  if (!cycleId || !s.success || !reviewee || !reviewer || rest.length)
    throw new NotFoundError("There is no such assignment.");
  return { cycleId, step: s.data, reviewee, reviewer };
}
export const assignmentKey = (id: string) => {
  const a = parseAssignmentId(id);
  return Keys.assignment(a.cycleId, a.step, a.reviewee, a.reviewer);
};

/** The `authority` part of the key of the response form a reviewer writes about one assignment. */
export const responseAuthority = (a: Pick<Assignment, "reviewer" | "reviewee" | "step">) =>
  `${a.reviewer}~${a.reviewee}~${a.step}`;

export async function get(deps: Pick<Deps, "store">, id: string): Promise<Assignment> {
  const a = await deps.store.get<Assignment>(assignmentKey(id), { consistent: true });
  if (!a) throw new NotFoundError("There is no such assignment.");
  return a;
}

/** Every assignment of a cycle's step (one query). */
export function listForStep(deps: Pick<Deps, "store">, cycleId: string, step: ReviewStep): Promise<Assignment[]> {
  return queryAll<Assignment>(deps.store, { pk: Keys.assignmentsOfStep(cycleId, step) });
}

/** What a decision in a reply does to an assignment in its current state. */
function effectOf(current: Assignment, reply: Reply): { outcome: ReplyOutcome; status?: Assignment["status"] } {
  if (reply.held === "waiting") return { outcome: "held" };
  const open = current.status === "sent" || current.status === "proposed";
  if (reply.decision === "comment") return { outcome: open ? "undecided" : "comment" };
  const wanted = reply.decision === "accept" ? "accepted" : "declined";
  if (open) return { outcome: "decided", status: wanted };
  if (current.status === wanted) return { outcome: "already" };
  // A change of mind: a decline after accepting is applied (a reserve is asked); an accept after
  // declining only while the review has not gone to another authority.
  if (current.status === "accepted" && wanted === "declined") return { outcome: "changed-to-decline", status: wanted };
  if (current.status === "declined" && !current.replacedBy) return { outcome: "changed-to-accept", status: wanted };
  return { outcome: "refused" };
}

/**
 * Record a reply (by email or link). Idempotent per message id. An accept or decline sets an open
 * assignment's status; a later opposite answer is applied or refused (see `effectOf`); replies
 * that decide nothing are kept, and flagged as undecided while the assignment still needs an answer.
 */
export async function recordReply(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; reply: Reply; by: string },
): Promise<{ assignment: Assignment; changed: boolean; outcome: ReplyOutcome }> {
  const key = assignmentKey(input.id);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await get(deps, input.id);
    if (input.reply.messageId in current.replies) return { assignment: current, changed: false, outcome: "duplicate" };
    const { outcome, status } = effectOf(current, input.reply);
    const reply = outcome === "undecided" ? { ...input.reply, undecided: true } : input.reply;
    try {
      const assignment = await deps.store.update<Assignment>(
        key,
        {
          set: {
            [`replies.${reply.messageId}`]: reply,
            version: current.version + 1,
            ...(status ? { status, decidedAt: reply.at, decidedBy: input.by } : {}),
          },
        },
        { condition: { op: "eq", attr: "version", value: current.version } },
      );
      return { assignment, changed: !!status, outcome };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
  throw new Error("Could not record the reply: the assignment kept changing");
}

/** A reply that decided nothing while its assignment still needs an answer, for the lead's pages. */
export interface UndecidedReply {
  assignmentId: string;
  step: ReviewStep;
  reviewer: string;
  reviewee: string;
  reply: Reply;
}

/** Every reply of a cycle the lead should look at: undecided ones on open assignments, and held ones. */
export async function repliesNeedingLead(
  deps: Pick<Deps, "store">,
  cycleId: string,
): Promise<{ undecided: UndecidedReply[]; held: UndecidedReply[] }> {
  const undecided: UndecidedReply[] = [];
  const held: UndecidedReply[] = [];
  for (const step of ReviewStep.options) {
    for (const a of await listForStep(deps, cycleId, step)) {
      const open = a.status === "sent" || a.status === "proposed";
      for (const reply of Object.values(a.replies).sort((x, y) => x.at.localeCompare(y.at))) {
        const row = { assignmentId: a.id, step: a.step, reviewer: a.reviewer, reviewee: a.reviewee, reply };
        if (reply.held === "waiting") held.push(row);
        else if (reply.undecided && open) undecided.push(row);
      }
    }
  }
  return { undecided, held };
}

/** The lead's verdict on a held reply: rejected, it stays on record only; accepted, it counts as if sent by the reviewer. */
export async function releaseHeld(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; messageId: string; accept: boolean; by: string },
  /** How an accepted reply is recorded (Answers passes its own, which also acts on the outcome). */
  record: (input: {
    id: string;
    reply: Reply;
    by: string;
  }) => Promise<{ assignment: Assignment; outcome: ReplyOutcome }> = (i) => recordReply(deps, i),
): Promise<{ assignment: Assignment; outcome: ReplyOutcome }> {
  const current = await get(deps, input.id);
  const reply = current.replies[input.messageId];
  if (!reply || reply.held !== "waiting") throw new NotFoundError("There is no reply waiting for you to check.");
  if (!input.accept) {
    const assignment = await deps.store.update<Assignment>(assignmentKey(input.id), {
      set: { [`replies.${input.messageId}.held`]: "rejected", version: current.version + 1 },
    });
    return { assignment, outcome: "refused" };
  }
  await deps.store.update<Assignment>(assignmentKey(input.id), {
    remove: [`replies.${input.messageId}`],
  });
  const released = { ...reply, held: "accepted" as const, messageId: input.messageId };
  const { assignment, outcome } = await record({ id: input.id, reply: released, by: input.by });
  return { assignment, outcome };
}
