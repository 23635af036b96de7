/**
 * Peer-review assignments (steps 2 and 4): one reviewing LA for one reviewee. The solver that
 * makes them arrives with the cycle work; this module holds the record and what replies do to it.
 */
import { Keys, ConditionFailedError, NotFoundError, type Deps, type Item, queryAll } from "../shared";
import { z } from "zod";

export const ReviewStep = z.enum(["peer-scrutiny", "peer-challenge"]);
export type ReviewStep = z.infer<typeof ReviewStep>;
export const AssignmentStatus = z.enum(["proposed", "sent", "accepted", "declined", "replaced"]);

export interface Reply {
  messageId: string;
  from: string;
  at: string;
  decision: "accept" | "decline" | "comment";
  text: string;
  attachments: { name: string; key: string; size: number }[];
}

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
  /** For a declined assignment: the reserve that took it over. */
  replacedBy?: string;
  version: number;
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

/**
 * Record a reply (by email or link). Idempotent per message id. An accept or decline sets the
 * assignment's status unless it was already decided; comments are kept either way.
 */
export async function recordReply(
  deps: Pick<Deps, "store" | "clock">,
  input: { id: string; reply: Reply; by: string },
): Promise<{ assignment: Assignment; changed: boolean }> {
  const key = assignmentKey(input.id);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await get(deps, input.id);
    if (input.reply.messageId in current.replies) return { assignment: current, changed: false };
    const decides = input.reply.decision !== "comment" && (current.status === "sent" || current.status === "proposed");
    try {
      const assignment = await deps.store.update<Assignment>(
        key,
        {
          set: {
            [`replies.${input.reply.messageId}`]: input.reply,
            version: current.version + 1,
            ...(decides
              ? {
                  status: input.reply.decision === "accept" ? "accepted" : "declined",
                  decidedAt: input.reply.at,
                  decidedBy: input.by,
                }
              : {}),
          },
        },
        { condition: { op: "eq", attr: "version", value: current.version } },
      );
      return { assignment, changed: decides };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
  throw new Error("Could not record the reply: the assignment kept changing");
}

/** Read a decision from the first words of a reply. */
export function decisionOf(text: string): Reply["decision"] {
  const first = text.trim().split(/\n/)[0]?.trim().toLowerCase() ?? "";
  if (/^(accept(ed)?|yes|i accept|we accept|happy to|i can|we can)\b/.test(first)) return "accept";
  if (
    /^(decline(d)?|no|i decline|we decline|unable|sorry,? (we|i) (can't|cannot)|can't|cannot|we can't|i can't)\b/.test(
      first,
    )
  )
    return "decline";
  return "comment";
}
