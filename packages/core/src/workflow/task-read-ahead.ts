/**
 * What a page of due tasks will touch when it emails, read in one strongly consistent batch before it acts: each
 * email's ledger entry and each form link it carries (and, for reviewers, the responses already submitted). With
 * them held, issuing a link and queueing an email cost no round trip of their own, and the page's new links and
 * emails are written together in batches (tick-reads.ts). The keys are built by the same functions the emails use;
 * a key missed here costs only the single read and conditional write it would have cost anyway.
 */
import { Assignments } from "../peer-review";
import { Tasks, type Cycle } from "../cycle";
import { Mail } from "../mail";
import { Keys, type Deps, type Key } from "../shared";
import { Links } from "../submissions";
import { People, type Region } from "../directory";
import { taskPeople } from "./task-people";
import type { TickReads } from "./tick-reads";

type Recipient = Pick<People.Person, "email">;

/** The ledger key of a task's reminder or overdue notice to one person (reminders count from 100). */
export const noticeKey = (
  task: Tasks.Task,
  to: Recipient,
  kind: "reminder" | "overdue" | "escalation",
  n: number,
): Mail.MailKey => ({
  cycleId: task.cycleId,
  step: task.step,
  recipient: to.email,
  purpose: `${task.authority}:${kind}`,
  n: n + 100,
});

/** The ledger key of one rung of escalation to one person. */
export const escalationKey = (task: Tasks.Task, to: Recipient, rungIndex: number): Mail.MailKey => ({
  cycleId: task.cycleId,
  step: task.step,
  recipient: to.email,
  purpose: `${task.authority}:escalation`,
  n: rungIndex,
});

/** The ledger key of a reviewer's reminder about one review it owes. */
export const reviewReminderKey = (task: Tasks.Task, to: Recipient, reviewee: string, n: number): Mail.MailKey => ({
  cycleId: task.cycleId,
  step: task.step,
  recipient: to.email,
  purpose: `${task.authority}:review-reminder:${reviewee}`,
  n: n + 100,
});

/** The ledger key of a reviewer's overdue notice about one review it owes. */
export const reviewOverdueKey = (task: Tasks.Task, to: Recipient, reviewee: string): Mail.MailKey => ({
  cycleId: task.cycleId,
  step: task.step,
  recipient: to.email,
  purpose: `${task.authority}:review-overdue:${reviewee}`,
  n: 100,
});

/** The people one rung of the MoU ladder reaches about an LA's task. */
export async function rungPeople(deps: Pick<Deps, "store">, task: Tasks.Task, role: Region.Role) {
  const people =
    role === "dcs" || role === "lead-chief-executive"
      ? await People.listByAuthority(deps, task.authority)
      : await People.listRegional(deps, task.regionId);
  return people.filter((p) => p.roles.includes(role));
}

/** The reviews a reviewing LA still owes in its task's step. */
export async function owedReviews(deps: Pick<Deps, "store">, task: Tasks.Task) {
  return (await Assignments.listForStep(deps, task.cycleId, task.step as Assignments.ReviewStep)).filter(
    (a) => a.reviewer === task.authority && a.rank === 0 && (a.status === "sent" || a.status === "accepted"),
  );
}

const mailKeyOf = (key: Mail.MailKey): Key => Mail.mailKey(Mail.mailId(key));
const linkKeyOf = (cycle: Cycle.Cycle, form: string, authority: string, person: People.Person, reviewee?: string) =>
  Links.linkKey(Links.linkId({ cycleId: cycle.id, form, authority, personId: person.id, reviewee }));

/** The keys one task's due events will read and write. */
async function keysOfTask(deps: Pick<Deps, "store">, at: number, work: PageTask): Promise<Key[]> {
  const { task, region, cycle } = work;
  if (task.status === "submitted" || task.status === "waived") return [];
  if (cycle.phases.find((p) => p.step === task.step)?.state === "closed") return [];
  const due = Tasks.taskEvents(task, region.settings).filter((e) => e.at <= at && !task.done.includes(e.id));
  if (!due.length) return [];
  const people = await taskPeople(deps, task);
  const keys: Key[] = [];
  const form = Tasks.FORM_OF_STEP[task.step];
  const reviewing = Tasks.REVIEW_STEPS.includes(task.step);
  if (form && !reviewing) keys.push(...people.map((p) => linkKeyOf(cycle, form, task.authority, p)));
  const owed = reviewing ? await owedReviews(deps, task) : [];
  for (const a of owed) {
    keys.push(Keys.submission(task.cycleId, "peer-challenge-response", Assignments.responseAuthority(a)));
    keys.push(
      Keys.submission(task.cycleId, a.step === "peer-scrutiny" ? "self-evaluation" : "development-plan", a.reviewee),
    );
    const reviewee = `${a.reviewee}~${a.step}`;
    keys.push(...people.map((p) => linkKeyOf(cycle, "peer-challenge-response", a.reviewer, p, reviewee)));
  }
  for (const e of due) {
    if (e.kind === "escalation") {
      const rung = region.settings.escalation[e.n]!;
      for (const p of await rungPeople(deps, task, rung.role as Region.Role))
        keys.push(mailKeyOf(escalationKey(task, p, e.n)));
    } else if (reviewing && e.kind === "reminder") {
      for (const a of owed) keys.push(...people.map((p) => mailKeyOf(reviewReminderKey(task, p, a.reviewee, e.n))));
    } else if (reviewing) {
      for (const a of owed) keys.push(...people.map((p) => mailKeyOf(reviewOverdueKey(task, p, a.reviewee))));
    } else keys.push(...people.map((p) => mailKeyOf(noticeKey(task, p, e.kind, e.n))));
  }
  return keys;
}

export interface PageTask {
  task: Tasks.Task;
  region: Region.Region;
  cycle: Cycle.Cycle;
}

/** Read, in one strongly consistent batch per 100 keys, what the page's due events will touch. */
export async function readAhead(reads: TickReads, at: number, page: PageTask[]): Promise<void> {
  const keys: Key[] = [];
  for (const work of page) keys.push(...(await keysOfTask({ store: reads }, at, work)));
  await reads.prefetch(keys, { consistent: true });
}
