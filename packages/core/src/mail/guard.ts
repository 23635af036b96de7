/**
 * Queued mail that must still make sense when it goes. A reminder, overdue notice, escalation or invitation is
 * queued by one run and sent by a later one (or a later page of the same run); meanwhile the lead may close the step,
 * waive the task, or the LA may submit. Such an email carries a guard naming what it is about, and the dispatcher
 * asks a checker (supplied by the workflow, which knows steps and tasks: mail sits below it) whether it still holds
 * at the moment of sending. One that no longer holds is cancelled with a plain reason and never sent.
 */

import { ConditionFailedError, type Deps, type Item } from "../shared";

/** What a queued email is about, re-checked when it is sent. */
export interface MailGuard {
  cycleId: string;
  step: string;
  /** The LA whose task the email chases (the reviewing LA for review-chase), or the invited LA. */
  authority: string;
  /**
   * task-chase: reminders, overdue notices and escalations of an LA's task (cancelled when the step closes, or the
   * task is waived or submitted); review-chase: a reviewer's reminders of reviews owed (cancelled when the step
   * closes, the task is waived, or the review named is no longer owed); invitation: a step's invitation (cancelled
   * only when the step closes or the LA's task is waived — a colleague's submission does not make it wrong).
   */
  kind: "task-chase" | "review-chase" | "invitation" | "solution-ended";
  /** For solution-ended (a request for feedback on a brokered solution): the region and the need it answered. */
  solution?: { regionId: string; needId: string };
  /** For review-chase: the reviewed LA whose review the email is about (none: every review the reviewer owes). */
  reviewee?: string;
  /** For chasing: the task's deadline the email quotes; a deadline moved since (an extension) cancels it. */
  deadline?: string;
}

/** Answers, at the moment of sending, whether a guarded email still holds. One checker serves one dispatch run. */
export interface GuardChecker {
  /** Read ahead, in bulk, what these guards need (optional; `whyNot` works without it). */
  prefetch?(guards: MailGuard[]): Promise<void>;
  /** Why this email must not be sent now, in words the lead reads; undefined when it may be sent. */
  whyNot(guard: MailGuard, email: { purpose: string }): Promise<string | undefined>;
}

/**
 * An email cancelled because it no longer applied is queued afresh, with the new content, when a later run decides it
 * applies again under the same key (a reopened step's reminder, a reopened form's). Undefined when the ledger's item
 * is not cancelled: it was sent or is on its way, and the key keeps it once-only.
 */
export async function requeueCancelled<T extends Item>(
  deps: Pick<Deps, "store">,
  item: T & { status: string },
): Promise<T | undefined> {
  const { pk, sk, ...fields } = item;
  try {
    return await deps.store.update<T>(
      { pk, sk },
      { set: fields, remove: ["cancelledReason", "lastError"] },
      { condition: { op: "eq", attr: "status", value: "cancelled" } },
    );
  } catch (err) {
    if (err instanceof ConditionFailedError) return undefined;
    throw err;
  }
}
