/**
 * Chasing in peer scrutiny and peer challenge, where the work is the reviewers'. A review step's task belongs to a
 * reviewing LA (see Review.sendAssignments) and is chased only for the reviews it still owes: sent or accepted to it
 * and not yet submitted. Reminders, the overdue notice and its escalations name those reviews and carry the
 * reviewer's own response form; the ladder goes to the reviewing LA's DCS and then the regional lead, never above
 * the lead and never to the LAs waiting for the reviews. A review whose work has not arrived (the reviewed LA has not
 * submitted) makes nobody late.
 */
import { Audit } from "../audit";
import { Assignments, Review, Work } from "../peer-review";
import type { Cycle, Tasks } from "../cycle";
import { Emails, Mail } from "../mail";
import { Keys, type Deps } from "../shared";
import type { Submission } from "../submissions";
import { Region } from "../directory";
import { taskPeople } from "./task-people";
import { chaseGuard } from "./chase-guard";
import { escalationKey, owedReviews, reviewOverdueKey, reviewReminderKey, rungPeople } from "./task-read-ahead";

type DueEvent = ReturnType<typeof Tasks.taskEvents>[number];

const stepWord = (step: string) => (step === "peer-scrutiny" ? "scrutiny" : "challenge");

/** The reviews a reviewing LA still owes: sent or accepted to it, its response not submitted. */
export async function stillOwed(deps: Pick<Deps, "store">, task: Tasks.Task) {
  const owed: Assignments.Assignment[] = [];
  for (const a of await owedReviews(deps, task)) {
    const response = await deps.store.get<Submission.Submission>(
      Keys.submission(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)),
    );
    if (response?.status !== "submitted") owed.push(a);
  }
  return owed;
}

/** The key of the reviewed LA's work a review waits for (its self-evaluation, or its development plan). */
export const workKey = (a: Pick<Assignments.Assignment, "cycleId" | "step" | "reviewee">) =>
  Keys.submission(a.cycleId, Work.FORM_FOR[a.step], a.reviewee);

/** Of the owed reviews, those whose work is in: only these can be late. */
async function lateable(deps: Pick<Deps, "store">, owed: Assignments.Assignment[]) {
  const late: Assignments.Assignment[] = [];
  for (const a of owed)
    if ((await deps.store.get<Submission.Submission>(workKey(a)))?.status === "submitted") late.push(a);
  return late;
}

/** Whether a rung of the region's ladder is one a reviewer is escalated to: up to the regional lead, no higher. */
export function reviewRung(settings: Region.RegionSettings, n: number): boolean {
  const lead = settings.escalation.findIndex((r) => r.role === "regional-lead");
  return lead < 0 ? settings.escalation[n]?.role !== "dfe-adviser" : n <= lead;
}

interface ChaseInput {
  task: Tasks.Task;
  region: Region.Region;
  cycle: Cycle.Cycle;
  due: DueEvent[];
  daysFromDeadline: number;
}

/** Act on a reviewing LA's due events; returns the task as it should be saved. */
export async function chaseReviewer(deps: Deps, input: ChaseInput): Promise<{ sent: number; current: Tasks.Task }> {
  const { task, region, due } = input;
  const owed = await stillOwed(deps, task);
  const late = owed.length ? await lateable(deps, owed) : [];
  let current = task;
  let sent = 0;
  // Only the latest of several due reminders is sent (a step that has not run for a while sends no burst).
  const lastReminder = due.filter((e) => e.kind === "reminder").at(-1);
  for (const e of due) {
    if (e.kind === "reminder" && e === lastReminder) {
      sent += await remindReviewer(deps, input, e.n < 0 ? owed : late, e.n, false);
    } else if (e.kind === "overdue" && late.length) {
      sent += await remindReviewer(deps, input, late, e.n, true);
      current = { ...current, status: current.status === "escalated" ? "escalated" : "overdue" };
    } else if (e.kind === "escalation" && late.length && reviewRung(region.settings, e.n)) {
      sent += await escalateReviews(deps, input, late, e.n);
      current = { ...current, status: "escalated" };
    }
    current = { ...current, done: [...current.done, e.id] };
  }
  return { sent, current };
}

/**
 * One email per owed review to each of the reviewing LA's reviewers, with the reply address of the assignment and a
 * fresh link to their own response form: the reminder before the deadline, "was due" after it, or the overdue notice.
 */
export async function remindReviewer(
  deps: Deps,
  input: Pick<ChaseInput, "task" | "cycle" | "daysFromDeadline">,
  reviews: Assignments.Assignment[],
  n: number,
  overdue: boolean,
): Promise<number> {
  const { task, cycle } = input;
  let sent = 0;
  for (const a of reviews) {
    const reviewee = await Region.authority(deps, a.reviewee);
    for (const person of await taskPeople(deps, task)) {
      const { address, formHref, workHref } = await Review.reviewerContact(deps, cycle, a, person);
      const before = !overdue && deps.clock.now().getTime() <= Date.parse(task.deadline);
      const message = before
        ? Emails.render("reviewerReminder", {
            name: person.name,
            reviewee: reviewee.name,
            step: stepWord(a.step),
            deadline: task.deadline,
            formLink: formHref,
            workLink: workHref,
          })
        : Emails.render("reviewerLate", {
            name: person.name,
            reviewee: reviewee.name,
            step: stepWord(a.step),
            deadline: task.deadline,
            daysOverdue: Math.max(0, input.daysFromDeadline),
            overdue,
            formLink: formHref,
            workLink: workHref,
          });
      const r = await Mail.enqueue(deps, {
        key: overdue ? reviewOverdueKey(task, person, a.reviewee) : reviewReminderKey(task, person, a.reviewee, n),
        to: person.email,
        replyTo: address,
        regionId: task.regionId,
        message,
        guard: chaseGuard(task, "review-chase", a.reviewee),
      });
      if (r.created) sent++;
    }
  }
  return sent;
}

/** One rung of the ladder about a reviewing LA's late reviews: the rung's people are told, and it is audited. */
async function escalateReviews(deps: Deps, input: ChaseInput, late: Assignments.Assignment[], rungIndex: number) {
  const { task, region } = input;
  const rung = region.settings.escalation[rungIndex]!;
  const reviewer = await Region.authority(deps, task.authority);
  const reviewees = await Promise.all(late.map(async (a) => (await Region.authority(deps, a.reviewee)).name));
  let sent = 0;
  for (const person of await rungPeople(deps, task, rung.role as Region.Role)) {
    const r = await Mail.enqueue(deps, {
      key: escalationKey(task, person, rungIndex),
      to: person.email,
      regionId: task.regionId,
      guard: chaseGuard(task, "review-chase"),
      message: Emails.render("reviewEscalation", {
        name: person.name,
        role: rung.role.replace(/-/g, " ").replace("dcs", "director of children's services"),
        reviewer: reviewer.name,
        reviewees,
        step: stepWord(task.step),
        deadline: task.deadline,
        daysOverdue: input.daysFromDeadline,
        region: region.name,
      }),
    });
    if (r.created) sent++;
  }
  await Audit.record(deps, {
    scope: Audit.cycleScope(task.cycleId),
    actor: Audit.systemActor("schedule"),
    action: "task.escalated",
    entity: { type: "task", id: `${task.cycleId}/${task.step}/${task.authority}`, version: 100 + rungIndex },
    authority: task.authority,
    summary: `Escalated ${reviewer.name}'s ${task.step} of ${reviewees.join(", ")} to ${rung.role} (${rung.afterDays} days after the deadline)`,
  });
  return sent;
}
