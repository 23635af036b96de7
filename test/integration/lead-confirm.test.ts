/**
 * Consequential lead actions are confirmed, reversible and sensible (issue 25): each button's first post draws a page
 * of what will happen and who is emailed, changing nothing and queueing no mail; only the confirmation's post acts,
 * with its reason in the audit. A closed step is reopened and an LA completes its form after it; an extension after the
 * close reopens the LA's form and emails a fresh link. Every request is built from the rendered page's form.
 */
import { describe, expect, it } from "vitest";
import { Audit, Cycle, fixedClock, Mail, Submission, Tasks, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { formFor, formWithButton, type FormFiller } from "../form-page";
import { runScheduled } from "@riia/functions/scheduled";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";
import { selfEvaluation } from "../../local/demo-answers";

const CYCLE = "east-midlands-2026";
const BASE = `/lead/cycles/${CYCLE}`;
const SE = `${BASE}/steps/self-evaluation`;
const DERBY = "E06000015";
const OFFICER = "performance@derby.example.org";
const DCS = "dcs@derby.example.org";
const noWait = { limiter: { acquire: async () => undefined } };

async function world(at = "2026-09-15T10:00:00Z") {
  const clock = fixedClock(at);
  const w = await seededApp(clock);
  const session = { cookie: "" };
  const signIn = async () => {
    session.cookie = await signInByPage(w.app, w.sent, { email: "lead@em-riia.example.org" });
  };
  await signIn();
  /** Later in the year: the lead's session has long expired, so they sign in again. */
  const later = async (at: string) => (clock.set(at), signIn());
  return { ...w, clock, later, ...browser(w.app, session) };
}

function browser(app: App, session: { cookie: string }) {
  const send = (action: string, body: URLSearchParams, who = session.cookie) =>
    app.request(action, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost",
        ...(who ? { cookie: who } : {}),
      },
    });
  return {
    get: async (path: string, who = session.cookie) => {
      const res = await app.request(path, { headers: who ? { cookie: who } : {} });
      expect(res.status, `GET ${path}`).toBe(200);
      return res.text();
    },
    /** Press a form's button as a person would, with their typing. */
    press: (f: FormFiller, set: Record<string, string | string[]> = {}, button?: string, who = session.cookie) =>
      send(f.set(set).action, f.body(button), who),
    send,
  };
}

/** Mail queued and not yet sent (the ledger's due index). */
const queued = (deps: AwsDeps) => Mail.dueIds(deps);
const trail = async (deps: AwsDeps) => (await Audit.listForScope(deps, Audit.cycleScope(CYCLE), { limit: 500 })).items;
/** The items of a confirmation page's list, by its heading. */
const listed = (html: string, heading: string) => {
  const m = new RegExp(`<ul[^>]*data-list="${heading}[^"]*"[^>]*>([\\s\\S]*?)</ul>`).exec(html);
  return m ? [...m[1]!.matchAll(/<li>([^<]*)<\/li>/g)].map((x) => x[1]!.replace(/&#39;/g, "'")) : [];
};
/** What an officer types in a section of the self-evaluation (the demo's answers), by the section's path. */
const answersFor = (section: string) => selfEvaluation(0)[section.split("/").at(-1)!] ?? {};
const linkIn = (e: OutboundEmail) => /https?:\/\/[^\s/]+(\/f\/[\w.-]+)/.exec(e.text)![1]!;

/** Open self-evaluation through its confirmation (a reason: it opens on 1 September, so not early at 15 September). */
async function openSelfEvaluation(w: Awaited<ReturnType<typeof world>>) {
  const confirm = await w.press(formWithButton(await w.get(SE), "Open now"));
  expect(confirm.status).toBe(200);
  const opened = await w.press(formWithButton(await confirm.text(), "Open the step"), { reason: "On time" });
  expect(opened.status).toBe(303);
  await Mail.dispatchDue(w.deps, noWait);
}

/** Close self-evaluation through its confirmation, with a reason. */
async function closeSelfEvaluation(w: Awaited<ReturnType<typeof world>>, reason: string) {
  const page = await (await w.press(formWithButton(await w.get(SE), "Close now"))).text();
  const done = await w.press(formWithButton(page, "Close the step"), { reason });
  expect(done.status).toBe(303);
  await Mail.dispatchDue(w.deps, noWait);
}

describe("confirm before consequence", () => {
  it("opening shows who is invited and changes nothing until confirmed", async () => {
    const w = await world();
    const first = await w.press(formWithButton(await w.get(SE), "Open now"));
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("Open self-evaluation now?");
    const invited = listed(html, "Emailed an invitation");
    expect(invited.some((x) => x.endsWith(`(${OFFICER})`))).toBe(true);
    expect(invited.some((x) => x.endsWith("(dcs@nottingham.example.org)"))).toBe(true);
    expect(html).toMatch(/href="\/lead\/cycles\/east-midlands-2026\/steps\/self-evaluation"[^>]*>Cancel</);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("scheduled");
    expect(await queued(w.deps)).toEqual([]);

    const done = await w.press(formWithButton(html, "Open the step"), { reason: "Starting the year" });
    expect(done.status).toBe(303);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("open");
    expect((await queued(w.deps)).length).toBeGreaterThan(0);
    expect((await trail(w.deps)).find((e) => e.action === "step.opened")?.summary).toContain("Starting the year");

    // Reminders to every unfinished LA also show who is emailed first.
    await Mail.dispatchDue(w.deps, noWait);
    const remind = await w.press(formWithButton(await w.get(SE), "Send reminders now"));
    expect(remind.status).toBe(200);
    const remindHtml = await remind.text();
    expect(listed(remindHtml, "Emailed a reminder").some((x) => x.endsWith(`(${OFFICER})`))).toBe(true);
    expect(await queued(w.deps)).toEqual([]);
    expect((await w.press(formWithButton(remindHtml, "Send the reminders"))).status).toBe(303);
    expect((await queued(w.deps)).length).toBeGreaterThan(0);
  });

  it("closing lists the unfinished LAs and the leads told, asks a reason, then records them as not submitted", async () => {
    const w = await world();
    await openSelfEvaluation(w);
    // Waiving also asks first: nothing changes on the first post.
    const taskPage = await w.get(`${SE}/las/E06000018`);
    const waiveFirst = await w.press(formWithButton(taskPage, "Waive the task"), { reason: "Under inspection" });
    expect(waiveFirst.status).toBe(200);
    const waiveHtml = await waiveFirst.text();
    expect(waiveHtml).toContain("Waive Nottingham");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", "E06000018")).status).not.toBe("waived");
    expect((await w.press(formWithButton(waiveHtml, "Waive the task"))).status).toBe(303);
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", "E06000018")).waivedReason).toBe("Under inspection");

    const first = await w.press(formWithButton(await w.get(SE), "Close now"));
    expect(first.status).toBe(200);
    const html = await first.text();
    const unfinished = listed(html, "Not finished");
    expect(unfinished.some((x) => x.startsWith("Derby"))).toBe(true);
    expect(unfinished.some((x) => x.startsWith("Nottingham ("))).toBe(false);
    expect(listed(html, "Emailed a summary")).toEqual(["Morgan Lee (lead@em-riia.example.org)"]);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("open");
    expect(await queued(w.deps)).toEqual([]);

    const noReason = await w.press(formWithButton(html, "Close the step"), { reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Enter a reason");
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("open");

    expect((await w.press(formWithButton(html, "Close the step"), { reason: "Board meets early" })).status).toBe(303);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("closed");
    const derby = await Tasks.getTask(w.deps, CYCLE, "self-evaluation", DERBY);
    expect(derby.notSubmitted?.reason).toBe("Board meets early");
    expect(derby).not.toHaveProperty("gsi2pk");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", "E06000018")).notSubmitted).toBeUndefined();
    const audit = await trail(w.deps);
    expect(audit.find((e) => e.action === "step.closed")?.summary).toContain("Board meets early");
    expect(audit.filter((e) => e.action === "task.not-submitted").map((e) => e.authority)).toHaveLength(
      unfinished.length,
    );
    expect(await w.get(`${SE}/las/${DERBY}`)).toContain("Not submitted when the step closed");

    // The scheduled step, run through the rest of the autumn, sends nothing more about the closed step.
    await Mail.dispatchDue(w.deps, noWait);
    for (const at of ["2026-10-25T09:00:00Z", "2026-11-02T09:00:00Z", "2026-11-20T09:00:00Z", "2026-12-20T09:00:00Z"]) {
      w.clock.set(at);
      await runScheduled(w.deps);
      const items = await Promise.all((await queued(w.deps)).map((id) => Mail.get(w.deps, id)));
      expect(items.filter((m) => m?.key.step === "self-evaluation").map((m) => `${m!.purpose} ${m!.to}`)).toEqual([]);
      await Mail.dispatchDue(w.deps, noWait);
    }
  });
});

describe("undo what can be undone", () => {
  it("reopens a closed step for a chosen LA with a future deadline; its officer completes the form after it", async () => {
    const w = await world();
    await openSelfEvaluation(w);
    await w.later("2026-11-10T10:00:00Z");
    await closeSelfEvaluation(w, "Deadline passed");

    const step = await w.get(SE);
    const first = await w.press(formWithButton(step, "Reopen the step"));
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(listed(html, "Not finished").length).toBeGreaterThan(1);
    expect(await queued(w.deps)).toEqual([]);

    // A date in the past is a clear error, and nothing changes.
    const confirm = formWithButton(html, "Reopen and email the links");
    const past = await w.press(
      confirm,
      { "deadline-day": "1", "deadline-month": "11", "deadline-year": "2026", reason: "Derby asked" },
      undefined,
    );
    expect(past.status).toBe(400);
    expect(await past.text()).toContain("Enter a date after today, 2026-11-10");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", DERBY)).reopenedUntil).toBeUndefined();
    expect(await queued(w.deps)).toEqual([]);

    const before = w.sent.length;
    const chosen = formWithButton(html, "Reopen and email the links").check("authorities", DERBY);
    const done = await w.press(chosen, {
      "deadline-day": "30",
      "deadline-month": "11",
      "deadline-year": "2026",
      reason: "Derby's DCS was away",
    });
    expect(done.status).toBe(303);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("closed");
    const task = await Tasks.getTask(w.deps, CYCLE, "self-evaluation", DERBY);
    expect(task).toMatchObject({ reopenedUntil: "2026-11-30T23:59:59.000Z", deadline: "2026-11-30T23:59:59.000Z" });
    expect(task.notSubmitted).toBeUndefined();
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", "E06000018")).reopenedUntil).toBeUndefined();
    expect((await trail(w.deps)).find((e) => e.action === "task.reopened")?.summary).toContain("Derby's DCS was away");
    await Mail.dispatchDue(w.deps, noWait);
    const mails = w.sent.slice(before);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(expect.arrayContaining([OFFICER, DCS]));
    expect(mails.every((m) => /Derby/.test(m.subject))).toBe(true);
    const mail = mails.find((m) => m.to[0] === OFFICER)!;
    expect(mail.text).toContain("30 November 2026");

    // The officer follows the fresh link, saves every section and submits; the DCS approves.
    const formPath = linkIn(mail);
    const tasks = await w.get(formPath, "");
    const sections = [...new Set([...tasks.matchAll(/href="([^"]*\/s\/[\w-]+)"/g)].map((m) => m[1]!))];
    expect(sections.length).toBeGreaterThan(2);
    for (const section of sections) {
      const page = await w.get(section, "");
      const f = formFor(page, section, { ...answersFor(section), action: "continue" });
      expect((await w.send(f.action, f.body, "")).status).toBe(303);
    }
    const check = await w.get(`${formPath}/check`, "");
    const submit = formFor(check, /\/submit$/, { declaration: ["yes", "dcs"] });
    expect((await w.send(submit.action, submit.body, "")).status).toBe(303);
    await Mail.dispatchDue(w.deps, noWait);
    const signOff = w.sent.filter((m) => m.to[0] === DCS && m.subject.startsWith("Approve Derby")).at(-1)!;
    const signOffPath = /https?:\/\/[^\s/]+(\/sign-off\/[\w.-]+)/.exec(signOff.text)![1]!;
    const approve = formFor(await w.get(signOffPath, ""), /\/sign-off\//, { decision: "approve" });
    expect([200, 303]).toContain((await w.send(approve.action, approve.body, "")).status);
    const id = Submission.submissionId(CYCLE, "self-evaluation", DERBY);
    expect((await Submission.get(w.deps, id)).status).toBe("submitted");
  });

  it("extending an LA's deadline while the step is open emails its people the new date and a fresh link", async () => {
    const w = await world();
    await openSelfEvaluation(w);
    const before = w.sent.length;
    const extend = formWithButton(await w.get(`${SE}/las/${DERBY}`), "Extend the deadline");
    const done = await w.press(extend, { "deadline-day": "7", "deadline-month": "11", "deadline-year": "2026" });
    expect(done.status).toBe(303);
    await Mail.dispatchDue(w.deps, noWait);
    const told = w.sent.slice(before).filter((m) => /now has until/.test(m.subject));
    const to = told.map((m) => m.to[0]!);
    expect(to).toEqual(expect.arrayContaining([OFFICER, "dcs@derby.example.org"]));
    expect(new Set(to).size).toBe(to.length);
    for (const m of told) {
      expect(m.text).toContain("7 November 2026");
      expect(await w.get(linkIn(m), "")).toContain("Annual self-evaluation");
    }
    // Nobody else hears of Derby's extension.
    expect(w.sent.slice(before).filter((m) => !m.to[0]!.endsWith("derby.example.org"))).toEqual([]);
  });

  it("extending an LA's deadline after the close reopens its form and emails a fresh link", async () => {
    const w = await world();
    await openSelfEvaluation(w);
    await w.later("2026-11-10T10:00:00Z");
    await closeSelfEvaluation(w, "Deadline passed");
    const before = w.sent.length;
    const extend = formWithButton(await w.get(`${SE}/las/${DERBY}`), "Extend the deadline");
    const done = await w.press(extend, { "deadline-day": "4", "deadline-month": "12", "deadline-year": "2026" });
    expect(done.status).toBe(303);
    expect(await w.get(done.headers.get("location")!)).toContain("form reopened");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", DERBY)).reopenedUntil).toBe(
      "2026-12-04T23:59:59.000Z",
    );
    await Mail.dispatchDue(w.deps, noWait);
    const mail = w.sent.slice(before).find((m) => m.to[0] === OFFICER)!;
    expect(mail.text).toContain("4 December 2026");
    const formPath = linkIn(mail);
    const tasks = await w.get(formPath, "");
    const section = [...tasks.matchAll(/href="([^"]*\/s\/[\w-]+)"/g)][0]![1]!;
    const f = formFor(await w.get(section, ""), section, { ...answersFor(section), action: "continue" });
    const saved = await w.send(f.action, f.body, "");
    expect(saved.status, /govuk-error-summary[\s\S]{0,800}/.exec(await saved.clone().text())?.[0]).toBe(303);

    // Another LA, not extended, still cannot change its form.
    const invite = w.sent.find(
      (m) => m.to[0] === "performance@nottingham.example.org" && /please complete/.test(m.subject),
    )!;
    const otherPath = linkIn(invite);
    const otherSection = [...(await w.get(otherPath, "")).matchAll(/href="([^"]*\/s\/[\w-]+)"/g)][0]![1]!;
    const refused = await w.app.request(otherSection);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("This step of the cycle has closed");

    // After the extension runs out, Derby's form is locked again.
    w.clock.set("2026-12-05T10:00:00Z");
    expect((await w.send(f.action, f.body, "")).status).toBe(409);
  });

  it("reopens the whole step until a new deadline; the schedule closes it again then", async () => {
    const w = await world();
    await openSelfEvaluation(w);
    await w.later("2026-11-10T10:00:00Z");
    await closeSelfEvaluation(w, "Deadline passed");
    const html = await (await w.press(formWithButton(await w.get(SE), "Reopen the step"))).text();
    const done = await w.press(formWithButton(html, "Reopen and email the links"), {
      "deadline-day": "20",
      "deadline-month": "11",
      "deadline-year": "2026",
      reason: "Everyone asked for more time",
    });
    expect(done.status).toBe(303);
    const phase = Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation");
    expect(phase).toMatchObject({ state: "open", deadline: "2026-11-20T23:59:59.000Z" });
    expect((await trail(w.deps)).find((e) => e.action === "step.reopened")?.summary).toContain("Everyone asked");
    w.clock.set("2026-11-15T10:00:00Z");
    expect((await Workflow.runPhaseEvents(w.deps)).closed).toBe(0);
    w.clock.set("2026-11-21T10:00:00Z");
    expect((await Workflow.runPhaseEvents(w.deps)).closed).toBe(1);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("closed");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", DERBY)).notSubmitted?.reason).toBe(
      "The step closed on its schedule.",
    );
  });
});
