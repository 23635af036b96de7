/**
 * A review sent by email ends submitted: real MIME over SMTP is read into the response form by the
 * form's own question labels (sign-off and signature kept out), submitted when complete with a copy
 * to the reviewer, or answered with exactly what is missing — which a second email completes. Files
 * sent show on the form; a long review is kept whole and the lead can read it; a reply from a
 * colleague of another LA is held, its sender told and the lead shown it; nothing is ever mailed to
 * a sender who failed authentication.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, Replies, Submission, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { pageWorld } from "./page-world";
import { assignment, completeReviewReply, CYCLE, deliver, plainReply, withFiles } from "./replies-support";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-10-08T10:00:00Z");
const REVIEWER = "E10000024"; // Nottinghamshire
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
let person: People.Person;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
  person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
});
afterAll(() => smtp?.stop());

const to = (address: string) => ({ from: person.email, to: [address] });
const mailFor = (email: string, about: string) => sent.filter((m) => m.to[0] === email && m.subject.includes(about));
const responseOf = (reviewee: string) =>
  Submission.get(
    deps,
    Submission.submissionId(CYCLE, "peer-challenge-response", `${REVIEWER}~${reviewee}~peer-scrutiny`),
  );

const COMPLETE = completeReviewReply("Priya Shah", "Nottinghamshire County Council");

describe("a complete review by email", () => {
  it("is submitted, with the reviewer's files on the form, and the reviewer gets a copy that can be answered", async () => {
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: REVIEWER, person });
    const raw = withFiles({
      from: person.email,
      to: a.address,
      text: COMPLETE,
      files: [{ name: "review.pdf", type: "application/pdf", body: Buffer.from("%PDF-1.4 review") }],
    });
    const record = await deliver(deps, smtp, raw, to(a.address));
    expect(record).toMatchObject({ status: "recorded", reason: "review by email: submitted" });
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");

    const response = await responseOf("E06000015");
    expect(response.status).toBe("submitted");
    expect(response.answers.areas).toEqual([
      {
        area: "front-door",
        enquiry: "How quickly are contacts decided, and by whom?",
        findings: "Decisions within a day in nine cases out of ten.",
        challenge: "Thresholds differ between the two locality teams.",
        recommendations: "Audit forty contacts a quarter with partners.",
        confidence: "high",
      },
    ]);
    // The sign-off and signature are not part of any answer.
    expect(response.answers.summary).toBe("A strong front door that needs one threshold.");
    expect(response.answers["overall-rag"]).toBe("amber");
    expect(JSON.stringify(response.answers)).not.toMatch(/Priya|Kind regards|County Council/);
    expect(Object.values(response.attachments).map((f) => [f.name, f.question])).toEqual([["review.pdf", "documents"]]);

    // Never "recorded" for a review: the copy says it is submitted, with its reference and a way to change it.
    expect(mailFor(person.email, "We have recorded")).toEqual([]);
    const [copy] = mailFor(person.email, `Your peer scrutiny of ${a.name} is submitted`);
    expect(copy!.text).toContain(response.reference!);
    expect(copy!.text).toContain("Thresholds differ between the two locality teams.");
    expect(copy!.text).toContain("review.pdf");
    expect(copy!.text).toMatch(/To change it before \d+ \w+ 2026/);
    const replyTo = await Replies.resolve(deps, copy!.replyTo ?? []);
    expect(replyTo.ok && replyTo.handle.subject).toBe(a.id);

    // The form link in the copy opens the submitted response, its file counted.
    const link = /(http:\/\/riia\.test\/f\/\S+)/.exec(copy!.text)![1]!.replace("http://riia.test", "");
    const check = await (await app.request(`${link}/check`)).text();
    expect(check).toContain("Review documents");
    expect(check).toMatch(/\/files\/[\w-]+">review\.pdf<\/a>/);
    expect(check).toContain("Decisions within a day in nine cases out of ten.");

    // Before the deadline the reviewer changes one answer by replying to the copy: submitted again, a new copy.
    const change = plainReply({
      from: person.email,
      to: copy!.replyTo![0]!,
      text: "Challenge:\nThresholds differ between the two locality teams and the out-of-hours service.",
    });
    expect((await deliver(deps, smtp, change, { from: person.email, to: copy!.replyTo! })).reason).toBe(
      "review by email: submitted",
    );
    const changed = await responseOf("E06000015");
    expect(changed.status).toBe("submitted");
    expect(changed.reference).not.toBe(response.reference);
    expect((changed.answers.areas as Record<string, string>[])[0]).toMatchObject({
      challenge: "Thresholds differ between the two locality teams and the out-of-hours service.",
      findings: "Decisions within a day in nine cases out of ten.",
    });
    const copies = mailFor(person.email, `Your peer scrutiny of ${a.name} is submitted`);
    expect(copies).toHaveLength(2);
    expect(copies[1]!.text).toContain(changed.reference!);
  });
});

describe("an incomplete review by email", () => {
  it("stays a draft, the reply names what is missing, and a second email completes and submits it", async () => {
    const a = await assignment(deps, { reviewee: "E06000016", reviewer: REVIEWER, person, status: "accepted" });
    const first = plainReply({
      from: person.email,
      to: a.address,
      text: "Findings:\nA stable, well-supported workforce.\n\nOverall: green\n\nPriya Shah\nNottinghamshire",
    });
    expect((await deliver(deps, smtp, first, to(a.address))).reason).toBe("review by email: draft");
    expect((await responseOf("E06000016")).status).toBe("draft");
    expect((await responseOf("E06000016")).answers.summary).toBeUndefined();
    const [missing] = mailFor(person.email, `Your peer scrutiny of ${a.name} is not submitted yet`);
    for (const need of [
      "Select an area",
      "Enter the lines of enquiry",
      "Enter your challenge",
      "Select how confident you are in the evidence",
      "Enter a summary of your challenge",
    ])
      expect(missing!.text).toContain(need);
    expect(missing!.text).not.toContain("Enter your findings");
    expect(missing!.text).toContain("A stable, well-supported workforce.");
    expect(mailFor(person.email, `We have recorded your reply about ${a.name}`)).toEqual([]);

    // The reviewer answers that email with the missing parts.
    const answerTo = missing!.replyTo![0]!;
    const second = plainReply({
      from: person.email,
      to: answerTo,
      text: [
        "Area: Workforce",
        "Lines of enquiry: Caseloads and supervision.",
        "Challenge: Agency use is rising in the east.",
        "Confidence in the evidence: medium",
        "Summary of your challenge: Keep the workforce strategy on track.",
        "",
        "Thanks",
        "Priya",
      ].join("\n"),
    });
    expect((await deliver(deps, smtp, second, { from: person.email, to: [answerTo] })).reason).toBe(
      "review by email: submitted",
    );
    const response = await responseOf("E06000016");
    expect(response.status).toBe("submitted");
    expect(response.answers.areas).toEqual([
      {
        findings: "A stable, well-supported workforce.",
        area: "workforce",
        enquiry: "Caseloads and supervision.",
        challenge: "Agency use is rising in the east.",
        confidence: "medium",
      },
    ]);
    expect(response.answers.summary).toBe("Keep the workforce strategy on track.");
    expect(mailFor(person.email, `Your peer scrutiny of ${a.name} is submitted`)).toHaveLength(1);
  });
});

describe("what a reply could not keep", () => {
  it("keeps an 80,000-character review whole for the lead and names an oversize file to the sender", async () => {
    const a = await assignment(deps, { reviewee: "E06000017", reviewer: REVIEWER, person, status: "accepted" });
    const long = `Findings:\n${"We read every audit and spoke to staff about thresholds. ".repeat(1500)}\nEnd of findings.`;
    expect(long.length).toBeGreaterThan(80_000);
    const raw = withFiles({
      from: person.email,
      to: a.address,
      text: long,
      files: [{ name: "photos.zip", type: "application/zip", body: Buffer.alloc(11 * 1024 * 1024, 1) }],
    });
    expect((await deliver(deps, smtp, raw, to(a.address))).status).toBe("recorded");
    const [reply] = Object.values((await Assignments.get(deps, a.id)).replies);
    const whole = Buffer.from((await deps.blobs.get(reply!.textKey!))!).toString("utf8");
    expect(whole).toContain("End of findings.");
    expect(whole.length).toBeGreaterThan(80_000);

    // The sender is told what was not kept, and why the form could not take it all.
    const [notKept] = mailFor(person.email, `Some of what you sent about ${a.name} was not kept`);
    expect(notKept!.text).toContain("photos.zip (11 MB): larger than 10 MB");
    const [incomplete] = mailFor(person.email, `Your peer scrutiny of ${a.name} is not submitted yet`);
    expect(incomplete!.text).toContain("findings must be 4,000 characters or fewer");

    // The lead can read the whole email from the reply's page.
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const url = `/lead/cycles/${CYCLE}/replies/text?${new URLSearchParams({ assignment: a.id, message: reply!.messageId })}`;
    const res = await app.request(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(whole);
    expect((await app.request(url)).status).not.toBe(200);
  });
});

describe("a reply from someone we did not write to", () => {
  it("is held, its sender told how to answer, and the lead sees it under replies that need you", async () => {
    const a = await assignment(deps, { reviewee: "E06000018", reviewer: REVIEWER, person });
    const colleague = "performance@leicester.example.org"; // a contact of another LA
    const raw = withFiles({
      from: colleague,
      to: a.address,
      text: "Accept - we will do it together.",
      files: [{ name: "our-plan.pdf", type: "application/pdf", body: Buffer.from("%PDF-1.4 plan") }],
    });
    const record = await deliver(deps, smtp, raw, { from: colleague, to: [a.address] });
    expect(record.status).toBe("held");
    expect((await Assignments.get(deps, a.id)).status).toBe("sent");
    const [told] = mailFor(colleague, `We are checking your email about ${a.name}`);
    expect(told!.text).toContain("answer from the address the request was sent to");
    expect(mailFor("lead@em-riia.example.org", `Please check a reply about ${a.name}`)).toHaveLength(1);
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const queue = await (await app.request(`/lead/cycles/${CYCLE}/replies`, { headers: { cookie } })).text();
    expect(queue).toContain("Accept - we will do it together.");
    expect(queue).toContain(colleague);
    // The file sent with it is the lead's to open from the queue.
    const href = /href="([^"]+\/replies\/file\?[^"]+)"[^>]*>our-plan\.pdf</.exec(queue)![1]!.replace(/&amp;/g, "&");
    const file = await app.request(href, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe("%PDF-1.4 plan");
  });

  it("is never answered when the sender failed authentication", async () => {
    const a = await assignment(deps, { reviewee: "E10000007", reviewer: REVIEWER, person });
    const forged = "someone@forged.example";
    const raw = plainReply({
      from: forged,
      to: a.address,
      text: "Decline.",
      headers: "X-Riia-Verdicts: spf=FAIL; dkim=FAIL; dmarc=FAIL",
    });
    expect((await deliver(deps, smtp, raw, { from: forged, to: [a.address] })).status).toBe("quarantined");
    expect(sent.filter((m) => m.to[0] === forged)).toEqual([]);
    expect((await Assignments.get(deps, a.id)).replies).toEqual({});
  });
});
