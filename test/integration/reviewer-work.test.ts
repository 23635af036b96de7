/**
 * A reviewer who opens their work link before the reviewee has submitted is told so, and is emailed
 * when the work arrives: when it counts as submitted, i.e. at the DCS's approval (by page or by reply
 * over SMTP), not at the officers' submission. The emailed link then shows the work.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, Cycle, fixedClock, People, Region, Review, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf, type FormFiller } from "../form-page";
import { pageWorld } from "./page-world";
import { assignment } from "./replies-support";

const clock = fixedClock("2026-10-20T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

async function get(path: string) {
  const res = await app.request(path);
  return { res, html: (await res.text()).replace(/&#39;/g, "'") };
}
async function send(form: FormFiller, button?: string) {
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
  return { res, html: (await res.text()).replace(/&#39;/g, "'") };
}
const pathOf = (url: string) => url.replace("http://riia.test", "");
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));

const answers = (context: string): Record<string, Record<string, string>> => ({
  context: { "q.period": "2025-26", "q.context": context, "q.last-inspection": "good" },
  themes: {
    "q.themes.0.theme": "front-door",
    "q.themes.0.strengths": "Timely decisions.",
    "q.themes.0.areas": "Threshold consistency.",
    "q.themes.0.rating": "good",
  },
  summary: { "q.quality": "Good.", "q.how-know": "Audits.", "q.plans": "Embed the model." },
  offers: { "q.can-offer": "no" },
});

/** An officer fills every section through its page and submits with the declaration. */
async function officerSubmits(email: string, context: string) {
  const { token } = await linkFor(deps, { email, form: "self-evaluation" });
  for (const [section, fields] of Object.entries(answers(context))) {
    const { html } = await get(`/f/${token}/s/${section}`);
    expect((await send(formOf(html, `/s/${section}`).set(fields), "continue")).res.status).toBe(303);
  }
  const check = await get(`/f/${token}/check`);
  expect((await send(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
}

/** A reviewer of Nottinghamshire assigned to review `revieweeName`, who opens their work link too early. */
async function earlyReviewer(revieweeName: string) {
  const las = await Region.authorities(deps, "east-midlands");
  const reviewee = las.find((l) => l.name === revieweeName)!;
  const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
  const a = await assignment(deps, { reviewee: reviewee.code, reviewer: "E10000024", person });
  const early = await get(`/r/${a.token}/work`);
  expect(early.res.status).toBe(200);
  expect(early.html).toContain(`${revieweeName} has not submitted its self-evaluation yet`);
  return {
    ...a,
    person,
    arrived: () => mailFor(person.email, new RegExp(`^${revieweeName}'s self-evaluation is ready`)),
  };
}

/** The reviewer's response form link, as the assignment email gives it. */
async function responseForm(a: { id: string }, person: People.Person) {
  const cycle = await Cycle.get(deps, "east-midlands-2026");
  const { formHref } = await Review.reviewerContact(deps, cycle, await Assignments.get(deps, a.id), person);
  return pathOf(formHref);
}

describe("the reviewer's response form", () => {
  it("shows the reviewee's submitted answers read-only above the review questions, and nothing once the review is not theirs", async () => {
    const reviewer = await earlyReviewer("Rutland");
    const form = await responseForm(reviewer, reviewer.person);
    const before = await get(`${form}/s/areas`);
    expect(before.res.status).toBe(200);
    expect(before.html).toContain("Rutland has not submitted its self-evaluation yet");

    // The DCS submits it themselves: it counts at once.
    await officerSubmits("dcs@rutland.example.org", "Rutland: a small authority with a stable workforce.");
    const page = await get(`${form}/s/areas`);
    expect(page.html).toContain("Rutland's self-evaluation (read only)");
    expect(page.html).toContain("Rutland: a small authority with a stable workforce.");
    expect(page.html).toContain("Threshold consistency.");
    // Beside the review, not part of it: the work sits outside the form, whose fields are the review's own.
    const [workAt, formAt] = [page.html.indexOf("reviewee-work"), page.html.indexOf("<form")];
    expect(workAt).toBeGreaterThan(-1);
    expect(workAt).toBeLessThan(formAt);
    const fields = formOf(page.html, "/s/areas").names();
    expect(fields).toContain("q.areas.0.findings");
    expect(fields.some((n) => /context|themes/.test(n))).toBe(false);

    await Assignments.recordReply(deps, {
      id: reviewer.id,
      by: reviewer.person.email,
      reply: {
        messageId: "m-decline",
        from: reviewer.person.email,
        at: clock.now().toISOString(),
        decision: "decline",
        text: "No",
        attachments: [],
      },
    });
    const gone = await get(`${form}/s/overall`);
    expect(gone.html).not.toContain("Rutland: a small authority");
    expect(gone.html).not.toContain("(read only)");
  });
});

describe("reviewers waiting for the work", () => {
  it("are emailed when the DCS approves on the sign-off page, and the email's link shows the work", async () => {
    const reviewer = await earlyReviewer("Derby");
    await officerSubmits("performance@derby.example.org", "Derby: rising demand at the front door.");

    // Sent for the DCS's approval: not arrived yet, for the page and for the email.
    expect((await get(`/r/${reviewer.token}/work`)).html).toContain("Derby has not submitted its self-evaluation yet");
    expect(reviewer.arrived()).toHaveLength(0);

    const request = mailFor("dcs@derby.example.org", /^Approve Derby's annual self-evaluation$/)[0]!;
    const signOff = await get(pathOf(/(http:\/\/riia\.test\/sign-off\/\S+)/.exec(request.text)![1]!));
    const approved = await send(formOf(signOff.html, "/sign-off/").check("decision", "approve"));
    expect(approved.res.status).toBe(303);

    const [arrived, ...more] = reviewer.arrived();
    expect(more).toHaveLength(0);
    const link = /(http:\/\/riia\.test\/r\/\S+\/work)/.exec(arrived!.text)![1]!;
    expect(link).toBe(`http://riia.test/r/${reviewer.token}/work`);
    const work = await get(pathOf(link));
    expect(work.res.status).toBe(200);
    expect(work.html).toContain("Derby: rising demand at the front door.");
    expect(work.html).not.toContain("has not submitted");

    // Opening the form again changes nothing: no second email.
    await get(pathOf(link));
    expect(reviewer.arrived()).toHaveLength(1);
  });

  it("are emailed when the DCS approves by replying to the sign-off email", async () => {
    const reviewer = await earlyReviewer("Leicester");
    await officerSubmits("performance@leicester.example.org", "Leicester: a new early help offer.");
    expect(reviewer.arrived()).toHaveLength(0);

    const request = mailFor("dcs@leicester.example.org", /^Approve Leicester's annual self-evaluation$/)[0]!;
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
    });
    await transport.sendMail({
      from: "dcs@leicester.example.org",
      to: request.replyTo![0]!,
      subject: "Re: Approve",
      text: "APPROVE\n\nThanks, all good.",
    });

    const [arrived] = reviewer.arrived();
    expect(arrived).toBeDefined();
    const work = await get(pathOf(/(http:\/\/riia\.test\/r\/\S+\/work)/.exec(arrived!.text)![1]!));
    expect(work.html).toContain("Leicester: a new early help offer.");
  });
});
