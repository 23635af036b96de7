/**
 * Reviewers see the work: the reviewer's own link opens the reviewee's submitted self-evaluation
 * read-only (files by short-lived links), each view audited; too early, they are told and emailed
 * when it arrives; a link for a review no longer theirs, or a forged one, shows nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Assignments, Audit, fixedClock, Keys, People, Submission, Work } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { formOf, type FormFiller } from "../form-page";
import { testDeps } from "./helpers";
import { assignment, CYCLE, mailAbout } from "./replies-support";

const clock = fixedClock("2026-10-08T10:00:00Z");
const REVIEWER = "E10000024"; // Nottinghamshire
let deps: AwsDeps;
let app: App;
let person: People.Person;

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  app = createApp(deps);
  person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
});

const actor = { kind: "person" as const, id: "p-reviewee", name: "Reviewee officer" };

async function submitSelfEvaluation(authority: string, context: string) {
  const opened = await Submission.open(deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    form: "self-evaluation",
    authority,
    templateVersion: 1,
  });
  const saved = await Submission.saveDraft(deps, {
    id: opened.id,
    expectedVersion: opened.version,
    answers: { context },
    actor,
  });
  await deps.blobs.put(`attachments/${opened.id}/audit.pdf`, "%PDF-1.4 audit");
  await deps.store.update(Keys.submission(CYCLE, "self-evaluation", authority), {
    set: {
      "attachments.f1": {
        id: "f1",
        question: "context",
        name: "audit.pdf",
        size: 14,
        type: "application/pdf",
        key: `attachments/${opened.id}/audit.pdf`,
        by: actor.id,
        at: clock.now().toISOString(),
      },
      version: saved.version + 1,
    },
  });
  return Submission.submit(deps, { id: opened.id, expectedVersion: saved.version + 1, actor });
}

describe("the reviewer's view of the work", () => {
  it("says the work is not in yet, emails the reviewer when it arrives, then shows it read-only and audits each view", async () => {
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: REVIEWER, person });
    const path = `/r/${a.token}/work`;
    const early = await app.request(path);
    expect(early.status).toBe(200);
    expect(await early.text()).toContain("Derby has not submitted its self-evaluation yet");

    await submitSelfEvaluation("E06000015", "Rising demand at the front door since the spring.");
    expect(
      await Work.tellWaitingReviewers(deps, { cycleId: CYCLE, form: "self-evaluation", authority: "E06000015" }),
    ).toBe(1);
    // The mail stand-in is shared by every test file: look for this reviewer's own link among what they were sent.
    const arrived = await mailAbout(person.email, "Derby's self-evaluation is ready for you to review");
    expect(arrived.filter((m) => m.body.text?.includes(`http://riia.test${path}`))).toHaveLength(1);

    const html = await (await app.request(path)).text();
    expect(html).toContain("Rising demand at the front door since the spring.");
    expect(html).toContain("Describe your local context");
    expect(html).not.toMatch(/<form[^>]*method="post"/);
    const file = /href="([^"]+audit\.pdf[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, "&");
    expect(file).toMatch(/X-Amz-Expires=300/);
    expect(Buffer.from(await (await fetch(file)).arrayBuffer()).toString()).toBe("%PDF-1.4 audit");
    clock.advance(60_000);
    await app.request(path);
    const audit = await Audit.listForScope(deps, Audit.cycleScope(CYCLE));
    expect(
      audit.items.filter((e) => e.action === "submission.viewed-for-review" && e.authority === "E06000015"),
    ).toHaveLength(2);
  });

  it("shows nothing once the review is no longer the reviewer's, nor for a forged link", async () => {
    const a = await assignment(deps, { reviewee: "E06000018", reviewer: REVIEWER, person });
    await submitSelfEvaluation("E06000018", "Secret words of Nottingham.");
    await deps.store.update(Assignments.assignmentKey(a.id), { set: { status: "declined" } });
    const declined = await app.request(`/r/${a.token}/work`, { headers: { accept: "text/html" } });
    expect(declined.status).toBe(403);
    expect(await declined.text()).not.toContain("Secret words");
    const forged = await app.request(`/r/${a.token.slice(0, 16)}aaaaaaaaaaaa/work`);
    expect(forged.status).toBe(403);
  });

  it("emails every reviewer when a reopened form is submitted again, with the lead's reason and the new version", async () => {
    await assignment(deps, { reviewee: "E06000016", reviewer: REVIEWER, person });
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000016");
    const dcs = await linkFor(deps, { email: "dcs@leicester.example.org", form: "self-evaluation" });
    const fillAndSubmit = async (context: string) => {
      for (const [section, fields] of Object.entries(leicesterAnswers(context))) {
        const html = await (await app.request(`/f/${dcs.token}/s/${section}`)).text();
        expect((await post(formOf(html, `/s/${section}`).set(fields), "continue")).status).toBe(303);
      }
      const check = await (await app.request(`/f/${dcs.token}/check`)).text();
      const submit = formOf(check, "/submit").check("declaration", "yes");
      expect((await post(submit)).status).toBe(303);
    };
    await fillAndSubmit("Leicester's first account of its context.");
    const updated = () => mailAbout(person.email, "Leicester has changed its self-evaluation");
    expect(await updated()).toHaveLength(0); // a first submission is not news to a reviewer who was not waiting

    const lead = { kind: "person" as const, id: "p-lead", name: "Morgan Lee" };
    await Submission.reopen(deps, { id, reason: "Add the findings of the March audit.", actor: lead });
    await fillAndSubmit("Leicester's context, with the March audit's findings.");
    const mails = await updated();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.text).toContain("Add the findings of the March audit.");
    const workPath = /http:\/\/riia\.test(\/r\/\w+\/work)/.exec(mails[0]!.body.text!)![1]!;
    const html = await (await app.request(workPath)).text();
    expect(html).toContain("with the March audit&#39;s findings.");
    // The same submitted version never emails twice.
    expect(await Work.tellReviewersOfUpdate(deps, await Submission.get(deps, id))).toBe(0);
  });
});

function leicesterAnswers(context: string): Record<string, Record<string, string>> {
  return {
    context: { "q.period": "2025-26", "q.context": context, "q.last-inspection": "good" },
    themes: {
      "q.themes.0.theme": "front-door",
      "q.themes.0.strengths": "Timely decisions.",
      "q.themes.0.areas": "Threshold consistency.",
      "q.themes.0.rating": "good",
    },
    summary: { "q.quality": "Good.", "q.how-know": "Audits.", "q.plans": "Embed the model." },
    offers: { "q.can-offer": "no" },
  };
}

function post(form: FormFiller, button?: string) {
  return app.request(form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
}
