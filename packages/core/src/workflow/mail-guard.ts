/**
 * The re-check of queued chasing mail at the moment it is sent (see mail/guard.ts). The scheduled step re-checks a
 * task before it queues a reminder, but the email leaves on a later step or run: a step closed, a task waived or
 * submitted, or a review handed in meanwhile means the email is cancelled with the reason, never sent. One checker
 * lives for one dispatch run: what it reads (cycles and tasks consistently, the submissions and assignments they
 * wait on, LA names) is read in bulk for the run's due mail and then answered from memory.
 */
import { Audit } from "../audit";
import { Assignments } from "../peer-review";
import { Cycle, Tasks } from "../cycle";
import { Mail } from "../mail";
import { Keys, type Deps, type Item, type Key } from "../shared";
import type { Region } from "../directory";
import { refreshStatus } from "./task-people";
import { owedReviews } from "./task-read-ahead";
import { stillOwed } from "./review-chase";
import { TickReads } from "./tick-reads";
import { stepIsClosed } from "./step-closed";
import { Impact } from "../impact";

type Guard = Mail.MailGuard;

const cycleKey = (cycleId: string): Key | undefined => {
  try {
    const { regionId, year } = Cycle.parseCycleId(cycleId);
    return Keys.cycle(regionId, year);
  } catch {
    return undefined;
  }
};
const taskKey = (g: Guard) => Tasks.taskKey(g.cycleId, g.step, g.authority);

/** What kind of email this is, in the words of a cancellation reason ("before this reminder was sent"). */
export function emailNoun(purpose: string): string {
  if (/escalation/.test(purpose)) return "escalation";
  if (/overdue/.test(purpose)) return "overdue notice";
  if (/invitation|menu/.test(purpose)) return "invitation";
  if (/reminder/.test(purpose)) return "reminder";
  return "email";
}

/**
 * The scheduled step's mail: everything due is sent, except chasing that no longer applies, which is cancelled; the
 * lead reads what was not sent, and why, in the cycle's audit trail (one entry per LA and run).
 */
export async function sendDueMail(
  deps: Parameters<typeof Mail.dispatchDue>[0],
  options: Omit<NonNullable<Parameters<typeof Mail.dispatchDue>[1]>, "guards"> = {},
) {
  const guards = mailGuards(deps);
  try {
    return await Mail.dispatchDue(deps, { ...options, guards });
  } finally {
    await guards.audit();
  }
}

/** A guard checker for one dispatch run (pass it to Mail.dispatchDue as `guards`; `audit` records what it stopped). */
export function mailGuards(deps: Pick<Deps, "store" | "clock">): Mail.GuardChecker & { audit(): Promise<void> } {
  const reads = new TickReads(deps.store);
  const cached: Pick<Deps, "store"> = { store: reads };
  const read = async <T extends Item>(key: Key | undefined, consistent = true) => {
    if (!key) return undefined;
    await reads.prefetch([key], { consistent });
    return reads.get<T>(key);
  };
  const name = async (code: string) => (await read<Region.Authority>(Keys.authority(code), false))?.name ?? code;
  /** Cancellations of this run, by cycle, step and LA, then reason. */
  const stopped = new Map<string, { guard: Guard; reasons: Map<string, number> }>();

  async function whyNot(guard: Guard, email: { purpose: string }) {
    // A feedback request on a brokered solution holds while the solution has ended and was not cancelled.
    if (guard.kind === "solution-ended") return Impact.whyNotAsk(deps, guard);
    const noun = emailNoun(email.purpose);
    const cycle = await read<Cycle.Cycle>(cycleKey(guard.cycleId));
    if (!cycle) return `The cycle was deleted before this ${noun} was sent.`;
    const task = await read<Tasks.Task>(taskKey(guard));
    // The tick's own rule: a task the lead reopened after the close may still be chased while its step stays closed.
    if (stepIsClosed(cycle, guard.step as Region.Step, task ?? {}, deps.clock.now().getTime()))
      return `The ${guard.step} step closed before this ${noun} was sent.`;
    if (!task) return undefined;
    const la = () => name(guard.authority);
    if (task.status === "waived") return `${await la()}'s ${guard.step} was waived before this ${noun} was sent.`;
    if (guard.deadline && guard.deadline !== task.deadline)
      return `${await la()}'s ${guard.step} deadline moved to ${task.deadline.slice(0, 10)} before this ${noun} was sent.`;
    if (guard.kind === "task-chase" && (await refreshStatus(cached, task)) === "submitted")
      return `${await la()} submitted its ${guard.step} before this ${noun} was sent.`;
    if (guard.kind === "review-chase") return reviewNoLongerOwed(cached, reads, task, guard, noun, name);
    return undefined;
  }

  return {
    async prefetch(guards) {
      const cycles = guards.map((g) => cycleKey(g.cycleId)).filter((k): k is Key => !!k);
      const awaited = guards.flatMap((g) => {
        const form = Tasks.FORM_OF_STEP[g.step as Region.Step];
        return form && g.kind === "task-chase" ? [Keys.submission(g.cycleId, form, g.authority)] : [];
      });
      await reads.prefetch([...cycles, ...guards.map(taskKey), ...awaited], { consistent: true });
      await reads.prefetch(guards.map((g) => Keys.authority(g.authority)));
      const reviewSteps = new Set(guards.filter((g) => g.kind === "review-chase").map((g) => `${g.cycleId}#${g.step}`));
      for (const s of reviewSteps) {
        const [cycleId, step] = s.split("#") as [string, string];
        await reads.prefetchPartition(undefined, Keys.assignmentsOfStep(cycleId, step));
      }
    },

    async whyNot(guard, email) {
      const reason = await whyNot(guard, email);
      if (reason) {
        const at = `${guard.cycleId}#${guard.step}#${guard.authority}`;
        const tally = stopped.get(at) ?? { guard, reasons: new Map<string, number>() };
        tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
        stopped.set(at, tally);
      }
      return reason;
    },

    async audit() {
      for (const { guard, reasons } of stopped.values()) {
        await Audit.record(deps, {
          scope: Audit.cycleScope(guard.cycleId),
          actor: Audit.systemActor("schedule"),
          action: "mail.cancelled",
          entity: { type: "task", id: `${guard.cycleId}/${guard.step}/${guard.authority}` },
          authority: guard.authority,
          summary: [...reasons]
            .map(([reason, k]) => `Not sent: ${reason.replace(/\.$/, "")} (${k} email${k === 1 ? "" : "s"}).`)
            .join(" "),
        });
      }
      stopped.clear();
    },
  };
}

/** A reviewer's reminder or escalation holds while the review it names (or any review, for escalations) is owed. */
async function reviewNoLongerOwed(
  deps: Pick<Deps, "store">,
  reads: TickReads,
  task: Tasks.Task,
  guard: Guard,
  noun: string,
  name: (code: string) => Promise<string>,
) {
  const asked = (await owedReviews(deps, task)).filter((a) => !guard.reviewee || a.reviewee === guard.reviewee);
  await reads.prefetch(
    asked.map((a) => Keys.submission(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a))),
    { consistent: true },
  );
  const owed = (await stillOwed(deps, task)).filter((a) => !guard.reviewee || a.reviewee === guard.reviewee);
  if (owed.length) return undefined;
  const reviewer = await name(guard.authority);
  const of = guard.reviewee ? ` of ${await name(guard.reviewee)}` : "";
  return asked.length
    ? `${reviewer} submitted its review${of} before this ${noun} was sent.`
    : `${reviewer} was no longer asked for the review${of} when this ${noun} was due.`;
}
