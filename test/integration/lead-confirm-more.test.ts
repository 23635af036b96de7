/**
 * More of issue 25's confirmations, driven through the pages: "Escalate now" goes to the rung above the lead (the DfE
 * adviser), never to the lead; reopening a submitted form and advancing a step ask first; the regional plan publishes
 * in its own step without a reason and a later version supersedes it with a note. Each first post changes nothing and
 * queues no mail; the confirmation acts, audited.
 */
import { describe, expect, it } from "vitest";
import { Audit, Concerns, Cycle, fixedClock, Mail, Submission, Support, Tasks, type Deps } from "@riia/core";
import type { App } from "@riia/functions/app";
import { formOf, formWithButton, type FormFiller } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const CYCLE = "east-midlands-2026";
const BASE = `/lead/cycles/${CYCLE}`;
const lead = { kind: "person" as const, id: "p-lead", name: "Morgan Lee" };

async function world(at: string) {
  const w = await seededApp(fixedClock(at));
  const cookie = await signInByPage(w.app, w.sent, { email: "lead@em-riia.example.org" });
  return { ...w, ...pages(w.app, cookie) };
}

function pages(app: App, cookie: string) {
  return {
    get: async (path: string) => {
      const res = await app.request(path, { headers: { cookie } });
      expect(res.status, `GET ${path}`).toBe(200);
      return res.text();
    },
    press: (f: FormFiller, set: Record<string, string> = {}) =>
      app.request(f.action, {
        method: "POST",
        body: f.set(set).body(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
      }),
  };
}

const trail = async (deps: Deps) => (await Audit.listForScope(deps, Audit.cycleScope(CYCLE), { limit: 500 })).items;

describe("escalate now", () => {
  it("escalates past the lead to the DfE adviser, after a page that lists who hears", async () => {
    const w = await world("2026-10-05T10:00:00Z");
    const concern = await Concerns.open(w.deps, {
      regionId: "east-midlands",
      authority: "E06000015",
      themes: ["children-in-care"],
      source: "other",
      evidence: ["Placement instability raised at the annual conversation."],
      actor: lead,
    });
    await Mail.dispatchDue(w.deps, { limiter: { acquire: async () => undefined } });
    const detailPath = `/lead/concerns/east-midlands/${encodeURIComponent(concern.id)}`;
    const detail = formWithButton(await w.get(detailPath), "Save");
    const sentBefore = w.sent.length;
    const ask = await w.press(detail.check("action", "escalate"), { note: "Second placement move this month" });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain("Escalate to the DfE adviser?");
    expect(html).toContain("Ruth Adebayo (adviser@dfe.example.org)");
    expect(html).not.toContain("(lead@em-riia.example.org)");
    expect(html).toMatch(/>Cancel</);
    expect((await Concerns.get(w.deps, "east-midlands", concern.id)).level).toBe(0);
    expect(await Mail.dueIds(w.deps)).toEqual([]);
    expect(w.sent.length).toBe(sentBefore);

    const confirm = formWithButton(html, "Escalate to the DfE adviser");
    expect((await w.press(confirm, { note: "" })).status).toBe(400);
    expect((await w.press(confirm, { note: "Second placement move this month" })).status).toBe(303);
    const after = await Concerns.get(w.deps, "east-midlands", concern.id);
    expect(after).toMatchObject({ status: "escalated", level: 2 });
    const mails = w.sent.slice(sentBefore).filter((m) => m.subject === "Escalation: concern about Derby");
    expect(mails.map((m) => m.to[0])).toEqual(["adviser@dfe.example.org"]);
    expect(mails[0]!.text).toContain("Second placement move this month");
  });
});

describe("reopen a submitted form, advance a step", () => {
  it("asks before reopening Derby's submitted form, listing who is emailed", async () => {
    const w = await world("2026-09-15T10:00:00Z");
    const sub = await Submission.open(w.deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000015",
      templateVersion: 1,
    });
    await Submission.submit(w.deps, { id: sub.id, expectedVersion: sub.version, actor: lead });
    const taskPath = `${BASE}/steps/self-evaluation/las/E06000015`;
    const ask = await w.press(formWithButton(await w.get(taskPath), "Reopen the form"), { reason: "Figures wrong" });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain("(dcs@derby.example.org)");
    expect(html).toContain("(performance@derby.example.org)");
    expect((await Submission.get(w.deps, sub.id)).status).toBe("submitted");
    expect(await Mail.dueIds(w.deps)).toEqual([]);
    const done = await w.press(formWithButton(html, "Reopen the form"));
    expect(done.status).toBe(303);
    expect((await Submission.get(w.deps, sub.id)).status).toBe("reopened");
    expect((await trail(w.deps)).find((e) => e.action === "submission.reopened")?.summary).toContain("Figures wrong");
  });

  it("reopens a submitted form after the step closed until a future deadline; the officer can change it", async () => {
    const w = await world("2026-09-15T10:00:00Z");
    const openAsk = await w.press(formWithButton(await w.get(`${BASE}/steps/self-evaluation`), "Open now"));
    expect((await w.press(formWithButton(await openAsk.text(), "Open the step"))).status).toBe(303);
    const sub = await Submission.open(w.deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000015",
      templateVersion: 1,
    });
    await Submission.submit(w.deps, { id: sub.id, expectedVersion: sub.version, actor: lead });
    const closeAsk = await w.press(formWithButton(await w.get(`${BASE}/steps/self-evaluation`), "Close now"));
    expect((await w.press(formWithButton(await closeAsk.text(), "Close the step"), { reason: "Done" })).status).toBe(
      303,
    );
    await Mail.dispatchDue(w.deps, { limiter: { acquire: async () => undefined } });

    const taskPath = `${BASE}/steps/self-evaluation/las/E06000015`;
    const ask = await w.press(formWithButton(await w.get(taskPath), "Reopen the form"), {
      reason: "Add JTAI findings",
    });
    const html = await ask.text();
    expect(html).toContain("The step has closed, so the form takes changes only until the new deadline");
    const confirm = formWithButton(html, "Reopen the form");
    const past = await w.press(confirm, { "deadline-day": "1", "deadline-month": "9", "deadline-year": "2026" });
    expect(past.status).toBe(400);
    expect(await past.text()).toContain("Enter a date after today, 2026-09-15");
    expect((await Submission.get(w.deps, sub.id)).status).toBe("submitted");
    expect(await Mail.dueIds(w.deps)).toEqual([]);

    const before = w.sent.length;
    const done = await w.press(confirm, { "deadline-day": "30", "deadline-month": "9", "deadline-year": "2026" });
    expect(done.status).toBe(303);
    expect((await Submission.get(w.deps, sub.id)).status).toBe("reopened");
    expect((await Tasks.getTask(w.deps, CYCLE, "self-evaluation", "E06000015")).reopenedUntil).toBe(
      "2026-09-30T23:59:59.000Z",
    );
    await Mail.dispatchDue(w.deps, { limiter: { acquire: async () => undefined } });
    const mail = w.sent.slice(before).find((m) => m.to[0] === "performance@derby.example.org")!;
    const formPath = /https?:\/\/[^\s/]+(\/f\/[\w.-]+)/.exec(mail.text)![1]!;
    const section = `${formPath}/s/context`;
    const page = await w.app.request(section);
    expect(page.status).toBe(200);
    const f = formOf(await page.text(), section);
    const saved = await w.app.request(section, {
      method: "POST",
      body: f.set({ "q.context": "Rising demand and a stable leadership team." }).body("draft"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(saved.status).toBeLessThan(400);
    expect((await Submission.get(w.deps, sub.id)).answers.context).toBe("Rising demand and a stable leadership team.");
  });

  it("advancing lists what closes and who the next step invites, and needs a reason", async () => {
    const w = await world("2026-09-15T10:00:00Z");
    const openAsk = await w.press(formWithButton(await w.get(`${BASE}/steps/self-evaluation`), "Open now"));
    expect((await w.press(formWithButton(await openAsk.text(), "Open the step"), { reason: "Start" })).status).toBe(
      303,
    );
    await Mail.dispatchDue(w.deps, { limiter: { acquire: async () => undefined } });
    const step = await w.get(`${BASE}/steps/self-evaluation`);
    const ask = await w.press(formWithButton(step, "Close and open peer scrutiny"));
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain("Close self-evaluation and open peer scrutiny?");
    expect(html).toContain("Not finished: locked and recorded as not submitted");
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("open");
    expect(await Mail.dueIds(w.deps)).toEqual([]);
    const confirm = formWithButton(html, "Close and open peer scrutiny");
    expect((await w.press(confirm, { reason: "" })).status).toBe(400);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("open");
    expect((await w.press(confirm, { reason: "Moving the year on" })).status).toBe(303);
    const cycle = await Cycle.get(w.deps, CYCLE);
    expect([Cycle.phase(cycle, "self-evaluation").state, Cycle.phase(cycle, "peer-scrutiny").state]).toEqual([
      "closed",
      "open",
    ]);
  });
});

describe("who may confirm", () => {
  it("an adviser sees no confirmation and a forged confirmation changes nothing", async () => {
    const w = await world("2026-09-15T10:00:00Z");
    const step = `${BASE}/steps/self-evaluation`;
    const ask = await w.press(formWithButton(await w.get(step), "Open now"));
    const confirm = formWithButton(await ask.text(), "Open the step");
    // The lead's confirmation without its CSRF token is refused.
    expect((await w.press(confirm, { csrf: "forged", reason: "Start" })).status).toBe(403);
    const adviser = await signInByPage(w.app, w.sent, { email: "adviser@dfe.example.org" });
    expect((await w.app.request(`${step}?confirm=open`, { headers: { cookie: adviser } })).status).toBe(403);
    const adviserStep = await (await w.app.request(step, { headers: { cookie: adviser } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(adviserStep)?.[1] ?? "";
    const forged = await w.app.request(step, {
      method: "POST",
      body: new URLSearchParams({ csrf, action: "open", confirm: "yes", reason: "Not mine to do" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: adviser },
    });
    expect(forged.status).toBe(403);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "self-evaluation").state).toBe("scheduled");
    expect(await Mail.dueIds(w.deps)).toEqual([]);
  });
});

describe("publish when it makes sense", () => {
  it("publishes in its step without a reason; a later version supersedes it with a note", async () => {
    const w = await world("2027-04-05T10:00:00Z");
    // The regional plan step opens (with a reason: nothing to broker in this bare world).
    const openAsk = await w.press(formWithButton(await w.get(`${BASE}/steps/regional-plan`), "Open now"));
    const opened = await w.press(formWithButton(await openAsk.text(), "Open the step"), { reason: "Year's end" });
    expect(opened.status).toBe(303);
    await Mail.dispatchDue(w.deps, { limiter: { acquire: async () => undefined } });

    const ask = await w.press(formWithButton(await w.get(`${BASE}/plan`), "Publish the plan"));
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).not.toContain('name="reason"');
    expect(html).toContain("(dcs@derby.example.org)");
    expect(await Support.publishedVersions(w.deps, CYCLE)).toEqual([]);
    expect((await w.press(formWithButton(html, "Publish and email the plan"))).status).toBe(303);

    const again = await (await w.press(formWithButton(await w.get(`${BASE}/plan`), "Publish the plan"))).text();
    expect(again).toContain("It supersedes version 1");
    const v2 = await w.press(formWithButton(again, "Publish and email the plan"), { note: "Adds the uptake agreed" });
    expect(v2.status).toBe(303);
    const versions = await Support.publishedVersions(w.deps, CYCLE);
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [1, undefined],
      [2, "Adds the uptake agreed"],
    ]);
    const plan = await w.get(`${BASE}/plan`);
    expect(plan).toContain("(superseded)");
    expect(plan).toContain("Adds the uptake agreed");
    expect((await trail(w.deps)).filter((e) => e.action === "plan.published").map((e) => e.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining("superseding version 1 (note: Adds the uptake agreed)")]),
    );
  });
});
