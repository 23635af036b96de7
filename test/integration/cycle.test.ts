/**
 * The annual cycle driven by the scheduled step at chosen moments, checked in the store and the
 * mail ledger: steps open on their dates with invitations, reminders follow the region's
 * schedule, tasks go overdue and escalate up the MoU ladder, steps close. Re-runs, concurrent
 * runs and a crash part-way change nothing twice.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Audit,
  Cycle,
  fixedClock,
  Mail,
  Submission,
  ValidationError,
  Tasks,
  Workflow,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { seed } from "../../local/seed";
import { recordingMailer, testDeps } from "./helpers";

const clock = fixedClock("2026-09-15T12:00:00Z");
let deps: Deps;
let sent: OutboundEmail[];
const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };
const CYCLE = "east-midlands-2026";

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base); // in September: creates the 2026 cycle
  clock.set("2026-08-31T12:00:00Z");
  ({ deps, sent } = recordingMailer(base));
});

const at = async (iso: string) => {
  clock.set(iso);
  return runScheduled(deps);
};
/** Run the scheduled step once a day (at 09:00 UTC) over a range of dates, as the Cron would. */
async function daily(from: string, to: string) {
  for (let t = Date.parse(`${from}T09:00:00Z`); t <= Date.parse(`${to}T09:00:00Z`); t += 86_400_000)
    await at(new Date(t).toISOString());
}
const sentTo = (predicate: (e: OutboundEmail) => boolean) => sent.filter(predicate);
const noDuplicates = () => {
  const keys = sent.map((e) => `${e.to[0]}|${e.subject}|${e.text}`);
  expect(keys.length).toBe(new Set(keys).size);
};

describe("the annual cycle on the scheduled step", () => {
  it("does nothing before the first step's date", async () => {
    const r = await at("2026-08-31T23:00:00Z");
    expect(r.steps.phases).toEqual({ opened: 0, closed: 0 });
    expect(sent).toEqual([]);
  });

  it("opens the self-evaluation on its date: tasks for all 10 LAs and an invitation with a personal link to each officer and DCS", async () => {
    await at("2026-09-01T00:15:00Z");
    const cycle = await Cycle.get(deps, CYCLE);
    expect(Cycle.phase(cycle, "self-evaluation").state).toBe("open");
    const tasks = (await Tasks.tasksOf(deps, CYCLE)).filter((t) => t.step === "self-evaluation");
    expect(tasks).toHaveLength(10);
    const invites = sentTo((e) => e.subject.startsWith("Annual self-evaluation: please complete"));
    expect(invites).toHaveLength(30);
    expect(invites[0]!.text).toMatch(/http:\/\/riia\.test\/f\/[\w-]+\.[\w-]+/);
    expect(sentTo((e) => e.subject === "East Midlands: self-evaluation has opened")).toHaveLength(1);
  });

  it("running the step again, or twice at once, sends nothing more", async () => {
    const before = sent.length;
    await at("2026-09-01T00:30:00Z");
    await Promise.all([runScheduled(deps), runScheduled(deps)]);
    expect(sent.length).toBe(before);
    noDuplicates();
  });

  it("reminds LAs that have not submitted at 14, 7 and 2 days before the deadline, and not those that have", async () => {
    const derby = await Submission.open(deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000015",
      templateVersion: 1,
    });
    await Submission.submit(deps, { id: derby.id, expectedVersion: derby.version, actor: lead });
    await daily("2026-10-15", "2026-10-17"); // 17 October is 14 days before 31 October
    const first = sentTo((e) => e.subject.startsWith("Reminder: Annual self-evaluation"));
    expect(first).toHaveLength(27); // 9 LAs × 3 people
    expect(first.some((e) => e.to[0]!.endsWith("@derby.example.org"))).toBe(false);
    await daily("2026-10-18", "2026-10-30");
    expect(sentTo((e) => e.subject.startsWith("Reminder: Annual self-evaluation"))).toHaveLength(81);
    const derbyTask = await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000015");
    expect(derbyTask.status).toBe("submitted");
    noDuplicates();
  });

  it("marks tasks overdue after the grace period and escalates along the MoU ladder", async () => {
    await daily("2026-10-31", "2026-11-03"); // deadline + 3 days: reminder 1 after, overdue notice, escalation to the DCS
    const nottingham = await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000018");
    expect(nottingham.status).toBe("escalated");
    const overdue = sentTo((e) => e.subject.startsWith("Overdue: Nottingham's"));
    expect(overdue).toHaveLength(3);
    expect(overdue[0]!.text).toContain("was due on 31 October 2026 and is now 3 days overdue");
    const toDcs = sentTo(
      (e) => e.subject.startsWith("Escalation: Nottingham's") && e.to[0] === "dcs@nottingham.example.org",
    );
    expect(toDcs).toHaveLength(1);
    await daily("2026-11-04", "2026-11-10"); // +10: the regional lead
    expect(sentTo((e) => e.subject.startsWith("Escalation:") && e.to[0] === "lead@em-riia.example.org")).toHaveLength(
      9,
    );
    await daily("2026-11-11", "2026-11-20"); // +20: the DfE adviser
    expect(sentTo((e) => e.subject.startsWith("Escalation:") && e.to[0] === "adviser@dfe.example.org")).toHaveLength(9);
    const audit = (await Audit.listForAuthority(deps, "E06000018", { limit: 20 })).items.map((a) => a.action);
    expect(audit.filter((a) => a === "task.escalated")).toHaveLength(3);
    noDuplicates();
  });

  it("sends at most five reminders after the deadline", async () => {
    await daily("2026-11-21", "2026-12-05");
    const nottinghamReminders = sentTo(
      (e) => e.subject.startsWith("Reminder: Annual self-evaluation") && e.to[0] === "dcs@nottingham.example.org",
    );
    expect(nottinghamReminders.at(-1)!.text).toContain("was due on 31 October 2026, 15 days ago");
    expect(nottinghamReminders).toHaveLength(3 + 5);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000018")).gsi2pk).toBeUndefined(); // nothing left to do: out of the due index
  });

  it("closed the self-evaluation after its grace period and told the lead", async () => {
    const cycle = await Cycle.get(deps, CYCLE);
    expect(Cycle.phase(cycle, "self-evaluation").state).toBe("closed");
    expect(sentTo((e) => e.subject === "East Midlands: self-evaluation has closed")).toHaveLength(1);
  });
});

describe("lead controls and their guards", () => {
  it("refuses to open peer scrutiny early while self-evaluations are missing, unless given a reason", async () => {
    const cycle = await Cycle.create(deps, { regionId: "london", year: 2026, actor: lead });
    clock.set("2026-09-02T09:00:00Z");
    await Workflow.openStep(deps, { cycleId: cycle.id, step: "self-evaluation", actor: lead });
    const err = await Workflow.openStep(deps, { cycleId: cycle.id, step: "peer-scrutiny", actor: lead }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toBe("33 local authorities have not submitted the self-evaluation.");
    expect(Cycle.phase(await Cycle.get(deps, cycle.id), "peer-scrutiny").state).toBe("scheduled");
  });

  it("extends one LA's deadline (its reminders restart from the new date) and waives another's task", async () => {
    clock.set("2026-09-03T09:00:00Z");
    await Workflow.extendDeadline(deps, {
      cycleId: "london-2026",
      step: "self-evaluation",
      authority: "E09000001",
      deadline: "2026-11-30T23:59:59Z",
      actor: lead,
    });
    const t = await Tasks.getTask(deps, "london-2026", "self-evaluation", "E09000001");
    expect(t.deadline).toBe("2026-11-30T23:59:59.000Z");
    expect(t.gsi2sk).toMatch(/^2026-11-16/); // 14 days before the new deadline
    await expect(
      Workflow.extendDeadline(deps, {
        cycleId: "london-2026",
        step: "self-evaluation",
        authority: "E09000002",
        deadline: "2026-01-01",
        actor: lead,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      Workflow.waiveTask(deps, {
        cycleId: "london-2026",
        step: "self-evaluation",
        authority: "E09000003",
        reason: "",
        actor: lead,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await Workflow.waiveTask(deps, {
      cycleId: "london-2026",
      step: "self-evaluation",
      authority: "E09000003",
      reason: "Ofsted inspection under way",
      actor: lead,
    });
    const w = await Tasks.getTask(deps, "london-2026", "self-evaluation", "E09000003");
    expect(w).toMatchObject({ status: "waived", waivedReason: "Ofsted inspection under way" });
    expect(w.gsi2pk).toBeUndefined();
  });

  it("survives a crash part-way through a tick: the re-run finishes the job and sends nothing twice", async () => {
    const cycle = await Cycle.create(deps, { regionId: "east-midlands", year: 2027, actor: lead });
    let puts = 0;
    const crashing: Deps = {
      ...deps,
      store: new Proxy(deps.store, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (prop === "put" && typeof v === "function") {
            return async (...args: unknown[]) => {
              if (++puts === 25) throw new Error("Lambda timed out");
              return (v as (...a: unknown[]) => Promise<void>).apply(target, args);
            };
          }
          return v;
        },
      }),
    };
    clock.set("2027-09-01T06:00:00Z");
    await expect(runScheduled(crashing)).rejects.toThrow();
    const partly = sent.filter((e) => e.subject.includes("31 October 2027")).length;
    await runScheduled(deps);
    await runScheduled(deps);
    const invites = sent.filter((e) => e.subject === "Annual self-evaluation: please complete by 31 October 2027");
    expect(partly).toBeLessThan(30);
    expect(invites).toHaveLength(30);
    expect((await Tasks.tasksOf(deps, cycle.id)).filter((t) => t.step === "self-evaluation")).toHaveLength(10);
    noDuplicates();
    expect(await Mail.dueIds(deps)).toEqual([]);
  });
});
