/**
 * A structured review by email lands in the reviewer's response form: the findings under the
 * headings (real MIME over SMTP) fill the draft, the acknowledgement's form link opens it with them,
 * the reviewer corrects them in the form, and a later email does not overwrite the correction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, Replies, Submission, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf } from "../form-page";
import { pageWorld } from "./page-world";
import { assignment, CYCLE, deliver, plainReply } from "./replies-support";

const clock = fixedClock("2026-10-08T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
});
afterAll(() => smtp?.stop());

const get = async (path: string) => {
  const res = await app.request(path);
  return { res, html: (await res.text()).replace(/&#39;/g, "'") };
};

const REVIEW = [
  "I accept, and here is our review.",
  "",
  "Strengths:",
  "A strong front door with timely decisions.",
  "",
  "Areas to challenge:",
  "Thresholds are applied unevenly between teams.",
  "",
  "Recommendations:",
  "Audit forty contacts a quarter.",
  "",
  "Overall: amber, improving",
].join("\n");

describe("a review by email", () => {
  it("fills the response form's draft, which the reviewer corrects in the form", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: "E10000024", person });
    const mail = plainReply({ from: person.email, to: a.address, text: REVIEW, subject: "Re: Peer scrutiny" });
    expect((await deliver(deps, smtp, mail, { from: person.email, to: [a.address] })).status).toBe("recorded");
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");

    // Not complete (no area, lines of enquiry or confidence): never "recorded", the reply names what is missing.
    expect(sent.some((m) => m.to[0] === person.email && m.subject.startsWith("We have recorded"))).toBe(false);
    const ack = sent.find((m) => m.to[0] === person.email && m.subject.includes("is not submitted yet"))!;
    expect(ack.text).toContain("A strong front door with timely decisions.");
    expect(ack.text).toMatch(/Areas reviewed: area 1: Select an area/i);
    expect(ack.text).toMatch(/Enter the lines of enquiry/);
    // Its Reply-To is an address the inbound path takes for this review.
    const replyTo = await Replies.resolve(deps, ack.replyTo ?? []);
    expect(replyTo.ok && replyTo.handle.subject).toBe(a.id);
    const form = /(http:\/\/riia\.test\/f\/\S+)/.exec(ack.text)![1]!.replace("http://riia.test", "");

    const areas = await get(`${form}/s/areas`);
    expect(areas.res.status).toBe(200);
    const filled = formOf(areas.html, "/s/areas");
    expect(filled.value("q.areas.0.findings")).toBe("A strong front door with timely decisions.");
    expect(filled.value("q.areas.0.challenge")).toBe("Thresholds are applied unevenly between teams.");
    expect(filled.value("q.areas.0.recommendations")).toBe("Audit forty contacts a quarter.");
    const overall = formOf((await get(`${form}/s/overall`)).html, "/s/overall");
    expect(overall.value("q.summary")).toBe("amber, improving");
    expect(overall.value("q.overall-rag")).toBe("amber");

    // The reviewer corrects the findings in the form and saves a draft.
    filled.fill("q.areas.0.findings", "A strong front door; decisions within a day.");
    const saved = await app.request(filled.form.action, {
      method: "POST",
      body: filled.body("Save as draft and return later"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(saved.status).toBe(303);

    // A second emailed review fills nothing the reviewer has written.
    const again = plainReply({
      from: person.email,
      to: a.address,
      text: "Strengths:\nSomething else entirely.",
      subject: "Re: Peer scrutiny",
    });
    await deliver(deps, smtp, again, { from: person.email, to: [a.address] });
    const response = await Submission.get(
      deps,
      Submission.submissionId(CYCLE, "peer-challenge-response", "E10000024~E06000015~peer-scrutiny"),
    );
    expect((response.answers.areas as { findings: string }[])[0]!.findings).toBe(
      "A strong front door; decisions within a day.",
    );
    expect(response.status).toBe("draft");
  });
});
