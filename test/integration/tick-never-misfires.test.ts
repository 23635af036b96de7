/**
 * The scheduled step never misfires (issue 25 items 3–4, issue 24 item 1), run at chosen dates and checked in the
 * mail it sends and the store: nothing about a closed step or a waived task; no "complete by" or "due" date already
 * gone; nothing escalated on a late cycle's first run; in the review steps the reviewers are chased, with their own
 * response form, never the LAs waiting for their reviews, and never above the regional lead.
 */
import { describe, expect, it } from "vitest";
import {
  Assignments,
  Audit,
  Cycle,
  fixedClock,
  Mail,
  Region,
  Review,
  StateError,
  Submission,
  Tasks,
  ValidationError,
  Workflow,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { seededApp } from "./page-world";
import { formWithButton } from "./page-forms";
import { signInByPage } from "./sign-in";

const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };
const DERBY = "E06000015";
const LEICESTER = "E06000016";
const NOTTINGHAM = "E06000018";
const RUTLAND = "E06000017";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** Every date an email asks for work by ("complete by 31 October 2026", "due on …", "due …"), as a day. */
function datesAskedFor(e: OutboundEmail): string[] {
  // "was due on" names a deadline gone by as such (an overdue notice): it asks for nothing by that date.
  const re = /(?<!was )(?:complete by|due on|due today,|due) (\d{1,2}) (\w+) (\d{4})/g;
  return [...`${e.subject}\n${e.text}`.matchAll(re)].map(
    (m) => `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, "0")}-${m[1]!.padStart(2, "0")}`,
  );
}
const chasing = (e: OutboundEmail) => /^(Reminder|Overdue|Escalation)\b/.test(e.subject);

/** A world of its own: the seeded East Midlands, a clock, and the tick run at a date returning what it sent. */
async function world(start: string, unchecked: (e: OutboundEmail) => boolean = () => false) {
  const clock = fixedClock(start);
  const { deps, sent, app } = await seededApp(clock);
  const run = async (iso: string) => {
    clock.set(iso);
    const before = sent.length;
    await runScheduled(deps);
    const out = sent.slice(before);
    // Whatever it sent, no date it asks for is already gone.
    for (const e of out.filter((m) => !unchecked(m)))
      for (const d of datesAskedFor(e)) expect(d >= iso.slice(0, 10), `${e.subject} sent ${iso}`).toBe(true);
    return out;
  };
  return { clock, deps, sent, app, run };
}

async function submit(deps: Deps, cycleId: string, form: Submission.FormKind, authority: string) {
  const s = await Submission.open(deps, { cycleId, regionId: "east-midlands", form, authority, templateVersion: 1 });
  await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor: lead });
}

describe("a closed step and a waived task", () => {
  it("are never chased: no email about them, out of the due index, open escalations ended with a note", async () => {
    const { deps, sent, run } = await world("2026-09-15T10:00:00Z");
    const CYCLE = "east-midlands-2026";
    await run("2026-09-01T09:00:00Z");
    await Workflow.waiveTask(deps, {
      cycleId: CYCLE,
      step: "self-evaluation",
      authority: LEICESTER,
      reason: "Ofsted inspection under way",
      actor: lead,
    });
    const early = [...(await run("2026-10-17T09:00:00Z")), ...(await run("2026-10-29T09:00:00Z"))];
    expect(early.filter((e) => e.subject.startsWith("Reminder:")).length).toBe(2 * 9 * 3);
    const late = [...(await run("2026-11-03T09:00:00Z")), ...(await run("2026-11-10T09:00:00Z"))];
    expect(late.filter((e) => e.subject.startsWith("Escalation: Nottingham's")).map((e) => e.to[0])).toEqual([
      "dcs@nottingham.example.org",
      "lead@em-riia.example.org",
    ]);
    // The waived LA heard nothing after the waiver, and nobody heard about it.
    expect([...early, ...late].filter((e) => e.to[0]!.endsWith("@leicester.example.org"))).toEqual([]);
    expect([...early, ...late].filter((e) => e.subject.includes("Leicester's"))).toEqual([]);

    // A new deadline already gone is refused with a suggestion (it would be overdue and escalated at once).
    const before = await Tasks.getTask(deps, CYCLE, "self-evaluation", NOTTINGHAM);
    const pastDate = await Workflow.extendDeadline(deps, {
      cycleId: CYCLE,
      step: "self-evaluation",
      authority: NOTTINGHAM,
      deadline: "2026-11-05T23:59:59Z",
      actor: lead,
    }).catch((e: unknown) => e);
    expect(pastDate).toBeInstanceOf(ValidationError);
    expect((pastDate as ValidationError).message).toBe("The new deadline must be in the future.");
    expect(JSON.stringify(pastDate)).toContain("for example 2026-11-24");
    expect(await Tasks.getTask(deps, CYCLE, "self-evaluation", NOTTINGHAM)).toEqual(before);

    // The lead closes the step early, with escalations open.
    await Workflow.closeStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    const afterClose = sent.length;
    for (const day of ["2026-11-11", "2026-11-13", "2026-11-20", "2026-11-30", "2026-12-20"])
      await run(`${day}T09:00:00Z`);
    const about = sent.slice(afterClose).filter((e) => chasing(e));
    expect(about).toEqual([]); // before this change: more reminders and 9 escalations to the DfE adviser
    expect(sent.slice(afterClose).filter((e) => e.to[0] === "adviser@dfe.example.org")).toEqual([]);

    const tasks = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation");
    expect(tasks.filter((t) => t.gsi2pk)).toEqual([]);
    const nottingham = tasks.find((t) => t.authority === NOTTINGHAM)!;
    expect(nottingham.status).toBe("escalated");
    expect(nottingham.chaseEnded?.note).toMatch(/^Self-evaluation closed on 10 November 2026: no more reminders/);
    const audit = (await Audit.listForAuthority(deps, NOTTINGHAM, { limit: 50 })).items;
    expect(audit.filter((a) => a.action === "task.escalation-ended")).toHaveLength(1);
    expect(tasks.find((t) => t.authority === LEICESTER)!.chaseEnded).toBeUndefined();

    // "Send a reminder now" is refused in plain words, and sends nothing.
    const refused = await Workflow.remindNow(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(StateError);
    expect((refused as Error).message).toMatch(/closed on 10 November 2026: no reminders are sent for a closed step/);
    expect(await Workflow.endChasingForStep(deps, CYCLE, "self-evaluation", "again")).toEqual({
      stopped: 0,
      escalationsEnded: 0,
    });
  });

  it("is re-checked as the step acts: a task still due when its step is closed (by any path) is silenced", async () => {
    const { deps, run } = await world("2026-09-15T10:00:00Z");
    const CYCLE = "east-midlands-2026";
    await run("2026-09-01T09:00:00Z");
    await run("2026-11-03T09:00:00Z"); // overdue and the DCS rung
    // The step is marked closed without ending its tasks' chasing (as an older closeStep did).
    const cycle = await Cycle.get(deps, CYCLE);
    await deps.store.update(
      { pk: cycle.pk, sk: cycle.sk },
      {
        set: {
          phases: cycle.phases.map((p) =>
            p.step === "self-evaluation" ? { ...p, state: "closed", closedAt: "2026-11-04T10:00:00.000Z" } : p,
          ),
        },
      },
    );
    expect((await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.gsi2pk).length).toBe(10);
    const out = await run("2026-11-10T09:00:00Z");
    expect(out.filter(chasing)).toEqual([]);
    const tasks = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation");
    expect(tasks.filter((t) => t.gsi2pk)).toEqual([]);
    expect(tasks.filter((t) => t.chaseEnded).length).toBe(10);
    expect(await run("2026-11-20T09:00:00Z")).toEqual([]);
  });
  it("refuses 'Send reminders now' posted from a step page loaded before the close, saying why, sending nothing", async () => {
    const { deps, sent, app, run } = await world("2026-09-15T10:00:00Z");
    const CYCLE = "east-midlands-2026";
    await run("2026-09-01T09:00:00Z");
    await run("2026-11-05T09:00:00Z");
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const path = `/lead/cycles/${CYCLE}/steps/self-evaluation`;
    const page = await (await app.request(path, { headers: { cookie } })).text();
    const remind = formWithButton(page, "Send reminders now");
    await Workflow.closeStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: lead });
    const before = sent.length;
    const res = await app.request(remind.action, {
      method: "POST",
      body: new URLSearchParams(remind.fields),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
    });
    expect(res.status).toBeLessThan(500);
    const html = (await res.text()).replace(/&#39;/g, "'");
    expect(html).toContain("govuk-error-summary");
    expect(html).toContain("closed on 5 November 2026: no reminders are sent for a closed step");
    await run("2026-11-06T09:00:00Z");
    expect(sent.slice(before).filter(chasing)).toEqual([]);
  });
});

describe("a cycle created late", () => {
  it("never asks for a date already gone and escalates nothing on its first run; the ladder counts from when the LA was asked", async () => {
    // The 2027 cycle is created on 10 November 2027: the self-evaluation's deadline (31 October) has passed. The
    // invitation is written by openStep (steps.ts, not this change), which still quotes the step's own date until it
    // takes the task's (Tasks.ensureTask returns it): it alone is left unchecked here.
    const invitation = (e: OutboundEmail) => e.subject.startsWith("Annual self-evaluation: please complete by");
    const { deps, run } = await world("2027-11-10T08:30:00Z", invitation);
    const CYCLE = "east-midlands-2027";
    const first = await run("2027-11-10T09:00:00Z");
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "self-evaluation").state).toBe("open");
    expect(first.filter((e) => /^(Overdue|Escalation)/.test(e.subject))).toEqual([]);
    const tasks = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation");
    expect(tasks).toHaveLength(10);
    for (const t of tasks) {
      // Moved to a date it can meet, before the step closes (21 November), and audited.
      expect(t.deadline).toBe("2027-11-20T23:59:59.000Z");
      expect(t.nominalDeadline).toBe("2027-10-31T23:59:59.000Z");
      expect(t.askedAt).toBe("2027-11-10T09:00:00.000Z");
    }
    const moved = (await Audit.listForAuthority(deps, DERBY, { limit: 20 })).items.filter(
      (a) => a.action === "task.deadline-moved",
    );
    expect(moved).toHaveLength(1);
    expect(moved[0]!.summary).toContain("2027-11-20");
    // The next runs remind before the new date and escalate nothing; the close ends it.
    const later = [
      ...(await run("2027-11-13T09:00:00Z")),
      ...(await run("2027-11-18T09:00:00Z")),
      ...(await run("2027-11-20T09:00:00Z")),
    ];
    const reminders = later.filter((e) => e.subject.startsWith("Reminder: Annual self-evaluation"));
    expect(reminders.length).toBe(60); // 7 and 2 days before 20 November, to each of 30 people
    expect(reminders[0]!.subject).toBe("Reminder: Annual self-evaluation due 20 November 2027");
    expect(later.filter((e) => /^(Overdue|Escalation)/.test(e.subject))).toEqual([]);
    const closing = [...(await run("2027-11-21T09:00:00Z")), ...(await run("2027-11-25T09:00:00Z"))];
    expect(closing.filter(chasing)).toEqual([]);
  });

  it("gives a task asked after the deadline the step's usual length, from one rule (Tasks.deadlineWhenAsked)", () => {
    const phase = {
      opensAt: "2026-11-01T00:00:00.000Z",
      deadline: "2026-11-30T23:59:59.000Z",
      graceDays: 3,
      closesAt: "2027-02-01T00:00:00.000Z",
    };
    expect(Tasks.deadlineWhenAsked(phase, new Date("2026-11-20T10:00:00Z"))).toEqual({
      deadline: phase.deadline,
      moved: false,
      nominal: phase.deadline,
    });
    expect(Tasks.deadlineWhenAsked(phase, new Date("2026-12-06T10:00:00Z")).deadline).toBe("2027-01-05T23:59:59.000Z");
    // Never after the step closes, never before today.
    expect(
      Tasks.deadlineWhenAsked({ ...phase, closesAt: "2026-12-21T00:00:00.000Z" }, new Date("2026-12-06T10:00:00Z")),
    ).toMatchObject({ deadline: "2026-12-20T23:59:59.000Z", moved: true });
    expect(
      Tasks.deadlineWhenAsked({ ...phase, closesAt: "2026-12-06T12:00:00.000Z" }, new Date("2026-12-06T10:00:00Z")),
    ).toMatchObject({ deadline: "2026-12-06T23:59:59.000Z", moved: true });
  });
});

describe("in peer scrutiny the work is the reviewers'", () => {
  it("reminds, marks overdue and escalates the reviewer (to its DCS, then the lead), never the LA waiting", async () => {
    const { deps, sent, app, run } = await world("2026-09-15T10:00:00Z");
    const CYCLE = "east-midlands-2026";
    await run("2026-09-01T09:00:00Z");
    // Every LA but Rutland submits its self-evaluation.
    const las = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation").map((t) => t.authority);
    for (const la of las) if (la !== RUTLAND) await submit(deps, CYCLE, "self-evaluation", la);
    await run("2026-11-01T09:00:00Z"); // peer scrutiny opens with proposed assignments
    await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
    const assignments = (await Assignments.listForStep(deps, CYCLE, "peer-scrutiny")).filter((a) => a.rank === 0);
    // Derby does every review it was asked for; its own reviewers do not.
    const byDerby = assignments.filter((a) => a.reviewer === DERBY);
    const ofDerby = assignments.filter((a) => a.reviewee === DERBY);
    expect(byDerby.length).toBeGreaterThan(0);
    expect(ofDerby.length).toBeGreaterThan(0);
    for (const a of byDerby) await submit(deps, CYCLE, "peer-challenge-response", Assignments.responseAuthority(a));

    const startChase = sent.length;
    const before = await run("2026-11-16T09:00:00Z"); // 14 days before 30 November
    expect(before.filter((e) => e.subject.startsWith("Reminder: peer scrutiny of")).length).toBeGreaterThan(0);
    // The lead's "Send a reminder now" reminds the same reviewers of the same reviews, each with its own form.
    const manual = sent.length;
    const n = await Workflow.remindNow(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const now = sent.slice(manual);
    expect(now).toHaveLength(n);
    expect(n).toBe(assignments.length - byDerby.length);
    for (const e of now) {
      expect(e.subject).toMatch(/^Reminder: peer scrutiny of .+ due 30 November 2026$/);
      expect(e.to[0]).toMatch(/^performance@/);
      expect(e.text).toMatch(/http:\/\/riia\.test\/f\/[\w-]+\.[\w-]+/);
    }
    await run("2026-12-03T09:00:00Z"); // deadline + 3: the overdue notice and the DCS rung
    await run("2026-12-10T09:00:00Z"); // + 10: the regional lead
    await run("2026-12-20T09:00:00Z"); // + 20: the DfE adviser's rung, which reviews never reach
    const chase = sent.slice(startChase).filter(chasing);

    // Derby owes nothing: none of its people is chased for the reviews of Derby it is waiting for.
    expect(chase.filter((e) => e.to[0]!.endsWith("@derby.example.org"))).toEqual([]);
    const derbyTask = await Tasks.getTask(deps, CYCLE, "peer-scrutiny", DERBY);
    expect(derbyTask.status).toBe("submitted");
    expect(derbyTask.gsi2pk).toBeUndefined();
    expect(chase.filter((e) => /^Escalation: Derby's/.test(e.subject))).toEqual([]);

    // Each of Derby's reviewers (one reviewer person per LA) is marked overdue, told by name of the review it owes.
    const overdueOfDerby = chase.filter((e) => e.subject === "Overdue: your peer scrutiny of Derby");
    expect(overdueOfDerby.map((e) => e.to[0]!.split("@")[0])).toEqual(ofDerby.map(() => "performance"));
    for (const a of ofDerby)
      expect(["overdue", "escalated"]).toContain(
        (await Tasks.getTask(deps, CYCLE, "peer-scrutiny", a.reviewer)).status,
      );
    const overdue = overdueOfDerby[0]!;
    expect(overdue.text).toContain("was due on 30 November 2026 and is now 3 days overdue");
    expect(overdue.replyTo?.[0]).toMatch(/^reply\+[a-z2-7]{28}@reply\.riia\.example\.org$/);
    const form = /http:\/\/riia\.test(\/f\/[\w-]+\.[\w-]+)/.exec(overdue.text)![1]!;
    const page = await app.request(form);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Peer scrutiny response");
    expect(html).toMatch(/govuk-caption-l">Derby</);

    // The ladder: the reviewing LA's DCS, then the lead — naming the reviewer and the reviews, never the DfE adviser.
    const escalations = chase.filter(
      (e) => e.subject.startsWith("Escalation:") && !e.subject.includes("self-evaluation"),
    );
    expect(escalations.length).toBeGreaterThan(0);
    for (const e of escalations) {
      expect(e.subject).toMatch(/^Escalation: [\w ]+'s peer scrutiny of .+ is \d+ days overdue$/);
      expect(e.to[0]).not.toBe("adviser@dfe.example.org");
    }
    expect(
      escalations.some((e) => e.to[0]!.startsWith("dcs@") && e.text.includes("Derby")),
      "a DCS of one of Derby's reviewers is told",
    ).toBe(true);
    expect(escalations.filter((e) => e.to[0] === "lead@em-riia.example.org").length).toBeGreaterThan(0);

    // Rutland submitted nothing: its reviewers were reminded before the deadline but are not late for it.
    expect(chase.filter((e) => /Overdue: your peer scrutiny of Rutland/.test(e.subject))).toEqual([]);
    expect(chase.filter((e) => e.subject.startsWith("Escalation:") && /of Rutland( |$)/.test(e.subject))).toEqual([]);
  });
  it("asks a reviewer that had finished again, from when it is asked, when it is given another review late", async () => {
    const { deps, sent, run } = await world("2026-09-15T10:00:00Z");
    const CYCLE = "east-midlands-2026";
    await run("2026-09-01T09:00:00Z");
    const las = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation").map((t) => t.authority);
    for (const la of las) await submit(deps, CYCLE, "self-evaluation", la);
    await run("2026-11-01T09:00:00Z");
    await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor: lead });
    const assignments = (await Assignments.listForStep(deps, CYCLE, "peer-scrutiny")).filter((a) => a.rank === 0);
    const byDerby = assignments.filter((a) => a.reviewer === DERBY);
    for (const a of byDerby) await submit(deps, CYCLE, "peer-challenge-response", Assignments.responseAuthority(a));
    await run("2026-11-16T09:00:00Z");
    expect((await Tasks.getTask(deps, CYCLE, "peer-scrutiny", DERBY)).status).toBe("submitted");
    await run("2026-12-03T09:00:00Z");

    // On 4 December, after the deadline, Derby is sent one more review (as a reserve after a decline is).
    const other = las.find(
      (la) =>
        la !== DERBY &&
        !assignments.some((a) => a.reviewee === la && a.reviewer === DERBY) &&
        !assignments.some((a) => a.reviewee === DERBY && a.reviewer === la),
    )!;
    const id = Assignments.assignmentId(CYCLE, "peer-scrutiny", other, DERBY);
    await deps.store.put({
      ...Assignments.assignmentKey(id),
      kind: "assignment",
      id,
      cycleId: CYCLE,
      regionId: "east-midlands",
      step: "peer-scrutiny",
      reviewee: other,
      reviewer: DERBY,
      rank: 0,
      status: "sent",
      replies: {},
      version: 1,
    } satisfies Assignments.Assignment);
    await run("2026-12-04T09:00:00Z");
    const asked = await Tasks.ensureTask(deps, {
      cycle: await Cycle.get(deps, CYCLE),
      step: "peer-scrutiny",
      authority: DERBY,
      settings: (await Region.get(deps, "east-midlands")).settings,
    });
    // A deadline it can meet before the step closes (21 December), counted from 4 December; nothing stale sent.
    expect(asked).toMatchObject({ status: "in-progress", deadline: "2026-12-20T23:59:59.000Z" });
    const from = sent.length;
    await run("2026-12-04T12:00:00Z");
    await run("2026-12-06T09:00:00Z");
    const toDerby = sent.slice(from).filter((e) => e.to[0]!.endsWith("@derby.example.org"));
    const otherName = (await Region.authority(deps, other)).name;
    expect(toDerby.map((e) => e.subject)).toEqual([`Reminder: peer scrutiny of ${otherName} due 20 December 2026`]);
    expect(sent.slice(from).filter((e) => /^(Overdue|Escalation): .*Derby's/.test(e.subject))).toEqual([]);
  });
});
