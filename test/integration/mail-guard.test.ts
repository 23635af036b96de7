/**
 * Chasing mail is re-checked at the moment it is sent (issue 25 item 3). The scheduled step queues reminders,
 * overdue notices and invitations on one step and sends them on a later one (or a later run); a step closed, a task
 * waived or a form submitted in between must cancel them, with the reason in the ledger, while what still holds goes.
 * Each test runs the tick's own steps one at a time (functions/src/steps.ts), acts between queueing and sending as
 * the lead or an LA would, then runs the mail step.
 */
import { describe, expect, it } from "vitest";
import {
  Assignments,
  type Audit,
  fixedClock,
  Mail,
  Review,
  Submission,
  Tasks,
  Workflow,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { scheduledSteps } from "@riia/functions/steps";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };
const CYCLE = "east-midlands-2026";
const DERBY = "E06000015";
const LEICESTER = "E06000016";
const RUTLAND = "E06000017";
const NOTTINGHAM = "E06000018";

/** The seeded East Midlands with a clock; the tick's steps can be run one by one at a date. */
async function world() {
  const clock = fixedClock("2026-09-15T10:00:00Z");
  const { deps, sent, app } = await seededApp(clock);
  const step = async (name: string, iso?: string) => {
    if (iso) clock.set(iso);
    return scheduledSteps[name]!(deps, clock.now());
  };
  /** Queue what the date calls for (phases and tasks), without sending: returns the emails now waiting. */
  const queue = async (iso: string) => {
    await step("phases", iso);
    await step("tasks");
    return Promise.all((await Mail.dueIds(deps)).map(async (id) => (await Mail.get(deps, id))!));
  };
  /** Run the mail step: what it counted, and what reached the SES stand-in. */
  const dispatch = async () => {
    const before = sent.length;
    const counts = (await step("mail")) as Record<string, number>;
    return { counts, out: sent.slice(before) };
  };
  const run = async (iso: string) => {
    clock.set(iso);
    await runScheduled(deps);
  };
  /** A lead page as the signed-in regional lead sees it. */
  const leadPage = async (path: string) => {
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const res = await app.request(path, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.text()).replace(/&#39;/g, "'");
  };
  return { clock, deps, sent, step, queue, dispatch, run, leadPage };
}

const toLa = (la: string) => (e: { to: string | string[] }) =>
  [e.to].flat().some((to) => to.endsWith(`@${la}.example.org`));
const reload = async (deps: Deps, items: Mail.MailItem[]) =>
  Promise.all(items.map(async (i) => (await Mail.get(deps, i.id))!));

async function submit(deps: Deps, form: Submission.FormKind, authority: string) {
  const s = await Submission.open(deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    form,
    authority,
    templateVersion: 1,
  });
  await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor: lead });
}

describe("queued chasing mail is re-checked as it is sent", () => {
  it("a step closed after its reminders and invitations were queued: none is sent, each cancelled with the reason", async () => {
    const { deps, queue, dispatch, leadPage } = await world();
    const invitations = await queue("2026-09-01T09:00:00Z");
    expect(invitations.filter((i) => i.purpose === "invitation")).toHaveLength(30);
    // Invitations still queued; the first reminders (14 days before 31 October) are queued too.
    const waiting = await queue("2026-10-17T09:00:00Z");
    const reminders = waiting.filter((i) => i.subject.startsWith("Reminder:"));
    expect(reminders).toHaveLength(30);
    expect(reminders[0]!.guard).toMatchObject({ cycleId: CYCLE, step: "self-evaluation", kind: "task-chase" });

    await Workflow.closeStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    const { counts, out } = await dispatch();
    expect(out.filter((e) => /^(Reminder|Annual self-evaluation)/.test(e.subject))).toEqual([]);
    expect(out.map((e) => e.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/closed/i)]));
    expect(counts.cancelled).toBe(60);

    for (const i of await reload(deps, reminders))
      expect(i).toMatchObject({
        status: "cancelled",
        cancelledReason: "The self-evaluation step closed before this reminder was sent.",
      });
    const invited = await reload(
      deps,
      waiting.filter((i) => i.purpose === "invitation"),
    );
    expect(invited.map((i) => i.cancelledReason)).toEqual(
      invited.map(() => "The self-evaluation step closed before this invitation was sent."),
    );
    // The lead reads what was not sent, and why, in the cycle's audit trail: one entry per LA.
    const trail = await leadPage(`/lead/cycles/${CYCLE}/audit`);
    expect(
      trail.split("Not sent: The self-evaluation step closed before this reminder was sent (3 emails)."),
    ).toHaveLength(11);
    expect(trail).toContain("Not sent: The self-evaluation step closed before this invitation was sent (3 emails).");
    // Out of the due index: the next run neither sends nor re-checks them.
    expect(await Mail.dueIds(deps)).toEqual([]);
    expect((await dispatch()).counts).toMatchObject({ sent: 0, cancelled: 0 });
  });

  it("a task waived or submitted after its reminders were queued: those are cancelled, the rest are sent", async () => {
    const { deps, run, queue, dispatch, leadPage } = await world();
    await run("2026-09-01T09:00:00Z"); // invitations sent
    const waiting = await queue("2026-10-29T09:00:00Z"); // the reminder 2 days before 31 October
    expect(waiting.filter((i) => i.subject.startsWith("Reminder:"))).toHaveLength(30);

    await Workflow.waiveTask(deps, {
      cycleId: CYCLE,
      step: "self-evaluation",
      authority: LEICESTER,
      reason: "Ofsted inspection under way",
      actor: lead,
    });
    await submit(deps, "self-evaluation", DERBY);
    const { counts, out } = await dispatch();

    expect(out.filter(toLa("leicester"))).toEqual([]);
    expect(out.filter((e) => toLa("derby")(e) && e.subject.startsWith("Reminder:"))).toEqual([]);
    // Nottingham (and the rest) still owe the form: their reminders go, with their links.
    const notts = out.filter(toLa("nottingham"));
    expect(notts).toHaveLength(3);
    for (const e of notts) expect(e.subject).toBe("Reminder: Annual self-evaluation due 31 October 2026");
    expect(out.filter((e) => e.subject.startsWith("Reminder:"))).toHaveLength(24);
    expect(counts).toMatchObject({ sent: out.length, cancelled: 6 });

    const items = await reload(deps, waiting);
    const reasons = (la: string) => [
      ...new Set(items.filter(toLa(la)).map((i) => `${i.status}: ${i.cancelledReason}`)),
    ];
    expect(reasons("leicester")).toEqual([
      "cancelled: Leicester's self-evaluation was waived before this reminder was sent.",
    ]);
    expect(reasons("derby")).toEqual(["cancelled: Derby submitted its self-evaluation before this reminder was sent."]);
    expect(reasons("nottingham")).toEqual(["sent: undefined"]);
    // Leicester's page shows the lead what was not sent, and why.
    const leicester = await leadPage(`/lead/cycles/${CYCLE}/steps/self-evaluation/las/${LEICESTER}`);
    expect(leicester).toContain(
      "Not sent: Leicester's self-evaluation was waived before this reminder was sent (3 emails).",
    );
    // The schedule went on as before: Nottingham is chased when overdue, Leicester and Derby are not.
    const nextDue = await queue("2026-11-03T09:00:00Z");
    expect(nextDue.filter(toLa("nottingham")).length).toBeGreaterThan(0);
    expect(nextDue.filter((i) => toLa("leicester")(i) || toLa("derby")(i))).toEqual([]);
  });

  it("invitations are not cancelled by a colleague's submission, only by a waiver (or the close)", async () => {
    const { deps, queue, dispatch } = await world();
    const invitations = (await queue("2026-09-01T09:00:00Z")).filter((i) => i.purpose === "invitation");
    expect(invitations[0]!.guard).toMatchObject({ kind: "invitation", step: "self-evaluation" });
    await submit(deps, "self-evaluation", DERBY);
    await Workflow.waiveTask(deps, {
      cycleId: CYCLE,
      step: "self-evaluation",
      authority: RUTLAND,
      reason: "Joint arrangement with Leicestershire",
      actor: lead,
    });
    const { counts, out } = await dispatch();
    expect(out.filter(toLa("derby"))).toHaveLength(3);
    expect(out.filter(toLa("rutland"))).toEqual([]);
    expect(counts.cancelled).toBe(3);
    const rutland = (await reload(deps, invitations)).filter(toLa("rutland"));
    expect(rutland.map((i) => i.cancelledReason)).toEqual(
      rutland.map(() => "Rutland's self-evaluation was waived before this invitation was sent."),
    );
  });

  it("a reviewer's reminder is cancelled once that review is submitted; reminders of reviews still owed go", async () => {
    const { deps, run, queue, dispatch } = await world();
    await run("2026-09-01T09:00:00Z");
    const las = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation").map((t) => t.authority);
    for (const la of las) await submit(deps, "self-evaluation", la);
    await run("2026-11-01T09:00:00Z"); // peer scrutiny opens with proposed assignments
    await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
    await run("2026-11-02T09:00:00Z"); // the assignment emails go
    const waiting = (await queue("2026-11-16T09:00:00Z")).filter((i) => i.subject.startsWith("Reminder: peer"));
    expect(waiting.length).toBeGreaterThan(1);
    expect(waiting[0]!.guard).toMatchObject({ kind: "review-chase", reviewee: expect.any(String) });

    // Derby hands in one of the reviews it owes before the reminders go.
    const byDerby = (await Assignments.listForStep(deps, CYCLE, "peer-scrutiny")).filter(
      (a) => a.rank === 0 && a.reviewer === DERBY,
    );
    const done = byDerby[0]!;
    await submit(deps, "peer-challenge-response", Assignments.responseAuthority(done));
    const { out } = await dispatch();

    const items = await reload(deps, waiting);
    const aboutDone = items.filter((i) => i.guard?.authority === DERBY && i.guard.reviewee === done.reviewee);
    expect(aboutDone.length).toBeGreaterThan(0);
    for (const i of aboutDone) {
      expect(i.status).toBe("cancelled");
      expect(i.cancelledReason).toMatch(/^Derby submitted its review of .+ before this reminder was sent\.$/);
    }
    expect(out.filter((e) => aboutDone.some((i) => i.subject === e.subject && i.to === e.to[0]))).toEqual([]);
    const stillOwed = items.filter((i) => !aboutDone.includes(i));
    expect(stillOwed.length).toBeGreaterThan(0);
    expect(stillOwed.every((i) => i.status === "sent")).toBe(true);
  });
});

describe("a deadline moved, and a step reopened, after chasing was queued", () => {
  it("an LA given more time is not sent the overdue notice or escalation queued before; it is chased afresh from the new date", async () => {
    const { deps, run, queue, dispatch, sent } = await world();
    for (const day of ["09-01", "10-17", "10-24", "10-29"]) await run(`2026-${day}T09:00:00Z`);
    const waiting = await queue("2026-11-03T09:00:00Z"); // a reminder, the overdue notices and the DCS rung
    const notts = waiting.filter((i) => i.guard?.authority === NOTTINGHAM);
    expect(notts.map((i) => i.subject.split(":")[0]).sort()).toEqual([
      "Escalation",
      ...["Overdue", "Overdue", "Overdue"],
      ...["Reminder", "Reminder", "Reminder"],
    ]);
    await Workflow.extendDeadline(deps, {
      cycleId: CYCLE,
      step: "self-evaluation",
      authority: NOTTINGHAM,
      deadline: "2026-11-10T23:59:59Z",
      actor: lead,
    });
    const { counts, out } = await dispatch();
    // What Nottingham's people get is the news of their new deadline, with a fresh link: nothing queued before.
    const toNotts = out.filter((e) => e.subject.includes("Nottingham's") || toLa("nottingham")(e));
    expect(toNotts.map((e) => e.subject)).toEqual(
      Array(3).fill("Annual self-evaluation: Nottingham now has until 10 November 2026"),
    );
    expect(out.filter((e) => e.subject.startsWith("Overdue")).length).toBe(27); // the other nine LAs
    expect(counts.cancelled).toBe(7);
    for (const i of await reload(deps, notts))
      expect(i.cancelledReason).toMatch(
        /^Nottingham's self-evaluation deadline moved to 2026-11-10 before this (reminder|overdue notice|escalation) was sent\.$/,
      );
    // Past the new deadline and its grace, Nottingham's overdue notice is queued again and sent, quoting the new date.
    const before = sent.length;
    await run("2026-11-14T09:00:00Z");
    const overdue = sent.slice(before).filter((e) => toLa("nottingham")(e) && e.subject.startsWith("Overdue"));
    expect(overdue).toHaveLength(3);
    for (const e of overdue) expect(e.text).toContain("was due on 10 November 2026");
    for (const i of await reload(
      deps,
      notts.filter((n) => n.subject.startsWith("Overdue")),
    ))
      expect(i).toMatchObject({ status: "sent" });
  });

  it("an email cancelled by a close is sent when the step is reopened and the same email is queued again", async () => {
    const { deps, dispatch, sent } = await world();
    const person = { email: "officer@derby.example.org" };
    const email = {
      key: { cycleId: CYCLE, step: "self-evaluation", recipient: person.email, purpose: `${DERBY}:reminder`, n: 99 },
      to: person.email,
      regionId: "east-midlands",
      message: { subject: "Reminder: first", text: "first", html: "<p>first</p>" },
      guard: { cycleId: CYCLE, step: "self-evaluation", authority: DERBY, kind: "task-chase" as const },
    };
    await scheduledSteps.phases!(deps, new Date("2026-09-01T09:00:00Z"));
    await Workflow.closeStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    const first = await Mail.enqueue(deps, email);
    expect((await dispatch()).counts.cancelled).toBeGreaterThan(0);
    expect(await Mail.get(deps, first.item.id)).toMatchObject({ status: "cancelled" });
    // The step is reopened (as the lead's reopen does), and the schedule queues the same reminder again.
    const cycle = await deps.store.get<{ pk: string; sk: string; phases: { step: string; state: string }[] }>({
      pk: "REGION#east-midlands",
      sk: "CYCLE#2026",
    });
    await deps.store.update(
      { pk: cycle!.pk, sk: cycle!.sk },
      { set: { phases: cycle!.phases.map((p) => (p.step === "self-evaluation" ? { ...p, state: "open" } : p)) } },
    );
    const again = await Mail.enqueue(deps, { ...email, message: { ...email.message, subject: "Reminder: again" } });
    expect(again).toMatchObject({ created: true, item: { id: first.item.id, status: "pending" } });
    const { out } = await dispatch();
    expect(out.filter((e) => e.to[0] === person.email).map((e) => e.subject)).toEqual(["Reminder: again"]);
    expect(await Mail.get(deps, first.item.id)).toMatchObject({ status: "sent" });
    expect((await Mail.get(deps, first.item.id))!.cancelledReason).toBeUndefined();
    // Once sent, the key keeps it once-only again.
    expect((await Mail.enqueue(deps, email)).created).toBe(false);
    expect(sent.filter((e) => e.to[0] === person.email && e.subject.startsWith("Reminder: "))).toHaveLength(1);
  });
});

describe("the lead's 'Send a reminder now'", () => {
  it("queued, then the step closed before the mail step ran: not sent, cancelled with the reason", async () => {
    const { deps, run, dispatch } = await world();
    await run("2026-09-01T09:00:00Z");
    await run("2026-10-05T09:00:00Z");
    const queued = await Workflow.remindNow(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    expect(queued).toBe(30);
    const waiting = await Promise.all((await Mail.dueIds(deps)).map(async (id) => (await Mail.get(deps, id))!));
    const manual = waiting.filter((i) => i.purpose.endsWith(":manual-reminder"));
    expect(manual).toHaveLength(30);
    await Workflow.closeStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    const { out } = await dispatch();
    expect(out.filter((e: OutboundEmail) => e.subject.startsWith("Reminder:"))).toEqual([]);
    for (const i of await reload(deps, manual))
      expect(i).toMatchObject({
        status: "cancelled",
        cancelledReason: "The self-evaluation step closed before this reminder was sent.",
      });
  });
});
