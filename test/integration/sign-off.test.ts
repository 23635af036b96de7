/**
 * DCS sign-off, version history and reopening, as people meet them: officers submit through the
 * form pages, the DCS approves or returns from the emailed link's page or by replying to the email
 * (real MIME over SMTP), the lead reopens from the task page; then the store, audit, history pages and
 * the mail stand-in are checked.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Audit, fixedClock, People, Submission, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import * as Inbound from "@riia/core/inbound";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formWithButton, type FormFiller } from "../form-page";
import { pageWorld } from "./page-world";
import { visitor, visitorPost } from "./visitor";
import { selfEvaluationAnswers } from "./self-evaluation-answers";

const clock = fixedClock("2026-10-20T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
const CYCLE = "east-midlands-2026";

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

async function get(path: string, cookie = "") {
  const res = await app.request(path, { headers: cookie ? { cookie } : {} });
  return { res, html: await res.text() };
}
async function send(form: FormFiller, button?: string, cookie = "") {
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
  return { res, html: await res.text() };
}
const pathOf = (url: string) => url.replace("http://riia.test", "");
const errorSummary = (html: string) =>
  [...html.matchAll(/<li>\s*<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((m) => m[2]!.trim());
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));

const ANSWERS = selfEvaluationAnswers("2025-26");

/** An officer fills every section through its page and submits with the declaration. */
async function officerSubmits(token: string) {
  for (const [section, fields] of Object.entries(ANSWERS)) {
    const { html } = await get(`/f/${token}/s/${section}`);
    expect((await send(formOf(html, `/s/${section}`).set(fields), "continue")).res.status).toBe(303);
  }
  const check = await get(`/f/${token}/check`);
  expect(check.html).toContain("your director of children&#39;s services is emailed a link");
  const done = await send(formOf(check.html, "/submit").check("declaration", "yes"));
  expect(done.res.status).toBe(303);
  return get(done.res.headers.get("location")!);
}

/** The DCS's sign-off email: its page link and reply address. */
function signOffEmail(dcs: string, n: number) {
  const mails = mailFor(dcs, /^Approve Derby's annual self-evaluation$/);
  expect(mails).toHaveLength(n);
  const mail = mails.at(-1)!;
  return { path: pathOf(/(http:\/\/riia\.test\/sign-off\/\S+)/.exec(mail.text)![1]!), replyTo: mail.replyTo![0]! };
}

async function reply(from: string, to: string, text: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ from, to, subject: "Re: Approve", text });
  const messageId = /Queued as (local-[\w-]+)/.exec(info.response)![1]!;
  return (await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId), { consistent: true }))!;
}

describe("DCS sign-off", () => {
  it("waits for the DCS, who returns it by the page; the officers fix it; the DCS approves by reply", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000015");
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const confirmation = await officerSubmits(token);
    expect(confirmation.html).toContain("Sent to your director for approval");
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
    // Not complete yet: the form is locked for officers while the DCS decides.
    expect((await get(`/f/${token}/s/summary`)).res.status).toBe(409);

    const dcs = "dcs@derby.example.org";
    const first = signOffEmail(dcs, 1);
    expect(first.replyTo).toMatch(/^reply\+[a-z2-7]+@/);
    const page = await get(first.path);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Threshold consistency.");
    expect(page.html).toContain("Do you approve this annual self-evaluation?");

    // Returning needs a comment.
    const bare = await send(formOf(page.html, "/sign-off/").check("decision", "return"));
    expect(bare.res.status).toBe(400);
    expect(errorSummary(bare.html)).toEqual(["Say what needs to change before you can approve it"]);
    const returned = await send(
      formOf(page.html, "/sign-off/").check("decision", "return").fill("comment", "Say how audits show impact."),
    );
    expect(returned.res.status).toBe(303);
    expect((await get(returned.res.headers.get("location")!)).html).toContain(
      "You returned the annual self-evaluation",
    );
    const afterReturn = await Submission.get(deps, id);
    expect(afterReturn).toMatchObject({
      status: "returned",
      notice: { kind: "returned", text: "Say how audits show impact." },
    });

    // Officers are emailed the comment with their own link, and see it on the form.
    const notice = mailFor("performance@derby.example.org", /has been returned for changes$/);
    expect(notice).toHaveLength(1);
    expect(notice[0]!.text).toContain("Say how audits show impact.");
    expect(mailFor(dcs, /returned for changes/)).toHaveLength(0);
    const taskList = await get(`/f/${token}`);
    expect(taskList.html).toContain("Say how audits show impact.");

    // They change one answer and submit again: the DCS is asked again.
    const summary = await get(`/f/${token}/s/summary`);
    await send(formOf(summary.html, "/s/summary").fill("q.how-know", "Audits of 40 cases a quarter."), "continue");
    const check = await get(`/f/${token}/check`);
    expect((await send(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
    const second = signOffEmail(dcs, 2);

    // Someone other than the DCS cannot approve by reply; the DCS can.
    const officerReply = await reply("performance@derby.example.org", second.replyTo, "APPROVE");
    expect(officerReply.status).toBe("quarantined");
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
    const approved = await reply(dcs, second.replyTo, "Approve.\n\nThanks all.");
    expect(approved).toMatchObject({ status: "recorded", answered: id });
    const final = await Submission.get(deps, id);
    expect(final.status).toBe("submitted");
    expect(final.signOff).toMatchObject({ dcsApproved: true, dcsName: expect.any(String) });
    expect((await get(second.path)).html).toContain("This form has been approved and submitted.");

    const versions = await Submission.history(deps, id);
    const audit = (await Audit.listForScope(deps, `cycle:${CYCLE}`, { limit: 100 })).items
      .filter((e) => e.entity.id === id)
      .sort((a, b) => (a.entity.version ?? 0) - (b.entity.version ?? 0))
      .map((e) => `${e.entity.version} ${e.action}`);
    // The clock stands still in this test: entries are ordered by the submission version they made.
    expect(audit).toEqual([
      `${versions[0]!.version} submission.sent-for-sign-off`,
      `${versions[1]!.version} submission.returned`,
      `${versions[2]!.version} submission.sent-for-sign-off`,
      `${versions[3]!.version} submission.approved`,
    ]);

    // History: every step kept; the LA compares the returned version with the approved one.
    expect(versions.map((v) => v.status)).toEqual(["awaiting-sign-off", "returned", "awaiting-sign-off", "submitted"]);
    const history = await get(`/f/${token}/history`);
    expect(history.html).toContain("Returned by the director for changes");
    const compare = formOf(history.html, "/history");
    compare.fill("from", String(versions[1]!.version)).fill("to", String(versions[3]!.version));
    const diff = await get(`${compare.form.action}?${compare.body().toString()}`);
    expect(diff.html).toContain("1 answer changed");
    expect(diff.html).toContain("Audits of 40 cases a quarter.");
  });

  it("a return by reply needs a reason and reopens the form with it", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000016");
    const { token } = await linkFor(deps, { email: "performance@leicester.example.org", form: "self-evaluation" });
    await officerSubmits(token);
    const mail = sent.filter((m) => m.to[0] === "dcs@leicester.example.org" && /^Approve/.test(m.subject)).at(-1)!;
    // A return without a reason changes nothing, and the director is told so, with their link.
    const bare = await reply("dcs@leicester.example.org", mail.replyTo![0]!, "RETURN");
    expect(bare).toMatchObject({ status: "recorded", reason: expect.stringContaining("asked again") });
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
    const asked = mailFor("dcs@leicester.example.org", /nothing has changed yet$/).at(-1)!;
    expect(asked.text).toContain("Say what needs to change");
    expect(asked.text).toMatch(/http:\/\/riia\.test\/sign-off\/\S+/);
    expect(asked.replyTo![0]).toBe(mail.replyTo![0]);
    const r = await reply("dcs@leicester.example.org", mail.replyTo![0]!, "RETURN: the plans need dates.");
    expect(r.status).toBe("recorded");
    expect(await Submission.get(deps, id)).toMatchObject({
      status: "returned",
      notice: { text: "the plans need dates." },
    });
    expect((await get(`/f/${token}/s/plans`)).res.status).not.toBe(409);
  });

  it("reads an approval after a greeting, and asks back (never approves) when the reply decides nothing", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E10000019");
    const { token } = await linkFor(deps, { email: "performance@lincolnshire.example.org", form: "self-evaluation" });
    await officerSubmits(token);
    const dcs = "dcs@lincolnshire.example.org";
    const mail = sent.filter((m) => m.to[0] === dcs && /^Approve/.test(m.subject)).at(-1)!;
    const unsure = await reply(
      dcs,
      mail.replyTo![0]!,
      "Hi Sam,\n\nLooks fine to me but let me check with the lead member.\n\nJo",
    );
    expect(unsure.status).toBe("recorded");
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
    const asked = mailFor(dcs, /nothing has changed yet$/);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.text).toContain("did not start with APPROVE or RETURN");
    // Someone else answering is not the director: nothing changes, and nobody is asked.
    const other = await reply("performance@lincolnshire.example.org", mail.replyTo![0]!, "APPROVE");
    expect(other.status).toBe("quarantined");
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
    // The director's answer after a greeting counts.
    const approved = await reply(dcs, asked[0]!.replyTo![0]!, "Dear all,\n\nApproved. Thank you.\n\nJo");
    expect(approved.status).toBe("recorded");
    expect((await Submission.get(deps, id)).status).toBe("submitted");
    // A late second answer is told the form is already approved, and changes nothing.
    await reply(dcs, mail.replyTo![0]!, "RETURN: one more change please.");
    expect(mailFor(dcs, /nothing has changed yet$/).at(-1)!.text).toContain("already been approved");
    expect((await Submission.get(deps, id)).status).toBe("submitted");
  });

  it("a DCS filling the form themselves submits it at once", async () => {
    const { token } = await linkFor(deps, { email: "dcs@rutland.example.org", form: "self-evaluation" });
    for (const [section, fields] of Object.entries(ANSWERS)) {
      const { html } = await get(`/f/${token}/s/${section}`);
      await send(formOf(html, `/s/${section}`).set(fields), "continue");
    }
    const check = await get(`/f/${token}/check`);
    await send(formOf(check.html, "/submit").check("declaration", "yes"));
    const sub = await Submission.get(deps, Submission.submissionId(CYCLE, "self-evaluation", "E06000017"));
    expect(sub.status).toBe("submitted");
    expect(mailFor("dcs@rutland.example.org", /^Approve/)).toHaveLength(0);
  });
});

describe("reopening by the lead", () => {
  it("emails the LA's contacts the reason, shows it as a banner, and keeps the submitted version", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000018");
    const dcs = await linkFor(deps, { email: "dcs@nottingham.example.org", form: "self-evaluation" });
    for (const [section, fields] of Object.entries(ANSWERS)) {
      const { html } = await get(`/f/${dcs.token}/s/${section}`);
      await send(formOf(html, `/s/${section}`).set(fields), "continue");
    }
    const check = await get(`/f/${dcs.token}/check`);
    await send(formOf(check.html, "/submit").check("declaration", "yes"));
    expect((await Submission.get(deps, id)).status).toBe("submitted");

    // The lead signs in by emailed link and reopens from the LA's task page.
    const v = await visitor(app);
    const signIn = await visitorPost(app, v, "/sign-in", {
      region: "east-midlands",
      email: "lead@em-riia.example.org",
    });
    expect(signIn.status).toBe(200);
    const link = pathOf(
      /(http:\/\/riia\.test\/s\/[\w.-]+)/.exec(mailFor("lead@em-riia.example.org", /sign-in/).at(-1)!.text)![1]!,
    );
    const done = await visitorPost(app, v, link, {});
    const cookie = done.headers.get("set-cookie")!.split(";")[0]!;
    const task = await get(`/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000018`, cookie);
    const reopen = formWithButton(task.html, "Reopen the form").fill("reason", "Add the audit evidence you mentioned.");
    // The first post shows the confirmation (who is emailed); its button reopens.
    const ask = await send(reopen, undefined, cookie);
    expect(ask.res.status).toBe(200);
    expect((await Submission.get(deps, id)).status).toBe("submitted");
    expect((await send(formWithButton(ask.html, "Reopen the form"), undefined, cookie)).res.status).toBe(303);
    expect((await Submission.get(deps, id)).status).toBe("reopened");

    const contacts = await People.listByAuthority(deps, "E06000018");
    for (const p of contacts) {
      const mails = mailFor(p.email, /has been reopened$/);
      expect(mails, p.email).toHaveLength(1);
      expect(mails[0]!.text).toContain("Add the audit evidence you mentioned.");
    }
    const officerLink = pathOf(
      /(http:\/\/riia\.test\/f\/\S+)/.exec(mailFor(contacts[1]!.email, /reopened/)[0]!.text)![1]!,
    );
    expect((await get(officerLink)).html).toContain("Add the audit evidence you mentioned.");

    // The lead sees the versions too.
    const leadHistory = await get(`/lead/submissions/${id}/history`, cookie);
    expect(leadHistory.res.status).toBe(200);
    expect(leadHistory.html).toContain("Reopened by the regional lead");
    expect((await get(`/lead/submissions/${id}/history`)).res.status).toBe(401);
  });
});
