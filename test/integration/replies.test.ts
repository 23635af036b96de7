/**
 * Reviewers answering by email: realistic replies from the common mail clients go through SMTP →
 * bucket → inbound code → store, exactly as SES receipt rules drive the Lambda on AWS.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Assignments, Emails, fixedClock, Mail, People, Region, Replies } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import * as Inbound from "@riia/core/inbound";
import { processSesEvent } from "@riia/functions/inbound";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { mailTo, testDeps } from "./helpers";

const clock = fixedClock("2026-09-08T10:00:00Z");
let deps: AwsDeps;
let smtp: LocalSmtp;
let reviewer: People.Person;
let colleague: People.Person;

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  smtp = await startSmtp(deps);
  reviewer = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
  colleague = (await People.findByEmail(deps, "east-midlands", "improvement@leicester.example.org"))!;
});
afterAll(() => smtp?.stop());

/** An assignment (Leicester reviews `reviewee`) sent to the reviewer, and its reply address. */
async function assignmentFor(reviewee: string, expiresAt = new Date("2026-12-31T00:00:00Z")) {
  const id = Assignments.assignmentId("east-midlands-2026", "peer-scrutiny", reviewee, "E06000016");
  const a: Assignments.Assignment = {
    ...Assignments.assignmentKey(id),
    kind: "assignment",
    id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    step: "peer-scrutiny",
    reviewee,
    reviewer: "E06000016",
    rank: 0,
    status: "sent",
    replies: {},
    version: 1,
  };
  await deps.store.put(a);
  const { address } = await Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    personId: reviewer.id,
    authority: "E06000016",
    expiresAt,
  });
  return { id, address };
}

function fixture(name: string, vars: { FROM: string; TO: string }) {
  return readFileSync(`test/fixtures/replies/${name}.eml`, "utf8")
    .replace(/\{\{BASE64:([\s\S]*?)\}\}/, (_, body: string) =>
      Buffer.from(body).toString("base64").replace(/.{76}/g, "$&\r\n"),
    )
    .replaceAll("{{FROM}}", vars.FROM)
    .replaceAll("{{TO}}", vars.TO)
    .replace(/\r?\n/g, "\r\n");
}

/** Send raw MIME to the local SMTP server; returns the stored inbound record. */
async function deliver(raw: string, from: string, to: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
  const messageId = /Queued as (local-[\w-]+)/.exec(info.response)![1]!;
  return (await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId), { consistent: true }))!;
}

const cases: [string, string, "accept" | "decline" | "comment", RegExp][] = [
  ["gmail", "E06000015", "accept", /^Yes, happy to do this one\. We'll use our usual audit tool\.\s+Sam$/],
  ["outlook-desktop", "E06000018", "decline", /^Decline – we have our own focused visit that month, sorry\./],
  ["outlook-web-html-only", "E10000007", "accept", /^Accept\. Our DCS has agreed the dates\.$/],
  ["apple-mail-base64", "E10000018", "accept", /^Accepted\. Looking forward to it\.$/],
  ["thunderbird-signature", "E10000019", "comment", /^Before we decide: could the scope include the front door/],
];

describe("replies from mail clients", () => {
  it.each(cases)("%s: records the decision and only the words written", async (name, reviewee, decision, words) => {
    const { id, address } = await assignmentFor(reviewee);
    const record = await deliver(fixture(name, { FROM: reviewer.email, TO: address }), reviewer.email, address);
    expect(record).toMatchObject({ status: "recorded", answered: id, decision });
    const assignment = await Assignments.get(deps, id);
    const [reply] = Object.values(assignment.replies);
    expect(reply!.text).toMatch(words);
    expect(reply!.text).not.toMatch(/Leicester has been asked|wrote:|Sent from my iPhone|^-- $/m);
    expect(assignment.status).toBe(decision === "accept" ? "accepted" : decision === "decline" ? "declined" : "sent");
    // Acknowledged by email (once); a reply that decides nothing is asked back instead.
    const revieweeName = (await Region.authority(deps, reviewee)).name;
    const subject =
      decision === "comment"
        ? `Can you do the peer scrutiny of ${revieweeName}?`
        : `We have recorded your reply about ${revieweeName}`;
    const acks = (await mailTo(reviewer.email)).filter((m) => m.subject === subject);
    expect(acks).toHaveLength(1);
  });

  it("stores attachments of a reply", async () => {
    const { id, address } = await assignmentFor("E06000061");
    const record = await deliver(
      fixture("with-attachment", { FROM: reviewer.email, TO: address }),
      reviewer.email,
      address,
    );
    expect(record.status).toBe("recorded");
    const [reply] = Object.values((await Assignments.get(deps, id)).replies);
    expect(reply!.attachments).toEqual([
      {
        name: "visit-plan.pdf",
        key: expect.stringMatching(/^attachments\/replies\/local-.+\/1-visit-plan\.pdf$/),
        size: 48,
        type: "application/pdf",
      },
    ]);
    expect(Buffer.from((await deps.blobs.get(reply!.attachments[0]!.key))!).toString()).toMatch(/^%PDF-1\.4/);
  });

  it("accepts a reply forwarded by a listed colleague of the reviewer's authority", async () => {
    const { id, address } = await assignmentFor("E06000062");
    const record = await deliver(
      fixture("forwarded-by-colleague", { FROM: colleague.email, TO: address }),
      colleague.email,
      address,
    );
    expect(record).toMatchObject({ status: "recorded", decision: "accept" });
    expect((await Assignments.get(deps, id)).decidedBy).toBe(colleague.email);
  });

  it("never counts an out-of-office reply as an answer", async () => {
    const { id, address } = await assignmentFor("E06000017");
    const record = await deliver(
      fixture("out-of-office", { FROM: reviewer.email, TO: address }),
      reviewer.email,
      address,
    );
    expect(record.status).toBe("auto-reply");
    expect(await Assignments.get(deps, id)).toMatchObject({ status: "sent", replies: {} });
  });

  it("holds mail from an unexpected organisation, applies nothing and tells the sender how to answer", async () => {
    const { id, address } = await assignmentFor("E10000024");
    const record = await deliver(
      fixture("stranger", { FROM: "stranger@evil.example", TO: address }),
      "stranger@evil.example",
      address,
    );
    expect(record).toMatchObject({ status: "held", reason: expect.stringContaining("address") });
    const assignment = await Assignments.get(deps, id);
    expect(assignment.status).toBe("sent");
    expect(Object.values(assignment.replies).map((r) => r.held)).toEqual(["waiting"]);
    const told = await mailTo("stranger@evil.example");
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain("answer from the address the request was sent to");
  });

  it("quarantines a stranger's mail the spam check doubts, keeping the raw message, telling nobody", async () => {
    const { id, address } = await assignmentFor("E06000001");
    const raw = fixture("stranger", { FROM: "spammer@evil.example", TO: address }).replace(
      "Subject:",
      "X-Riia-Verdicts: spam=FAIL\r\nSubject:",
    );
    const record = await deliver(raw, "spammer@evil.example", address);
    expect(record).toMatchObject({ status: "quarantined", reason: expect.stringContaining("sender") });
    expect(await deps.blobs.head(`quarantine/${record.messageId}`)).toBeTruthy();
    expect((await Assignments.get(deps, id)).replies).toEqual({});
    expect(await mailTo("spammer@evil.example")).toEqual([]);
  });

  it("answers mail without a reply token politely, saying how to respond", async () => {
    const record = await deliver(
      fixture("no-token", { FROM: reviewer.email, TO: "help@reply.riia.example.org" }),
      reviewer.email,
      "help@reply.riia.example.org",
    );
    expect(record.status).toBe("unrecognised");
    const help = (await mailTo(reviewer.email)).filter((m) => m.subject === "We could not use your email");
    expect(help.length).toBeGreaterThanOrEqual(1);
    expect(help[0]!.body.text).toContain("starting your reply with ACCEPT or DECLINE");
  });

  it("quarantines replies to an expired or forged address", async () => {
    const { id, address } = await assignmentFor("E06000016", new Date("2026-09-01T00:00:00Z"));
    const expired = await deliver(fixture("gmail", { FROM: reviewer.email, TO: address }), reviewer.email, address);
    expect(expired).toMatchObject({ status: "quarantined", reason: "reply address refused: expired" });
    const forged = address.replace(/reply\+(\w{16})\w{12}@/, "reply+$1aaaaaaaaaaaa@");
    const bad = await deliver(fixture("gmail", { FROM: reviewer.email, TO: forged }), reviewer.email, forged);
    expect(bad).toMatchObject({ status: "quarantined", reason: "reply address refused: bad-token" });
    expect((await Assignments.get(deps, id)).replies).toEqual({});
  });

  it("quarantines mail whose SES verdicts failed, and handles each message once however often it arrives", async () => {
    const { id, address } = await assignmentFor("E06000023");
    const raw = fixture("gmail", { FROM: reviewer.email, TO: address });
    await deps.blobs.put("inbound/ses-spf-fail", raw);
    const event = (spf: string, messageId: string) => ({
      Records: [
        {
          eventSource: "aws:ses",
          ses: {
            mail: { messageId, timestamp: "2026-09-08T10:00:00Z" },
            receipt: {
              timestamp: "2026-09-08T10:00:01Z",
              spfVerdict: { status: spf },
              dkimVerdict: { status: "PASS" },
              // Fail-closed trust (inbound/trust.ts): a passing DMARC alone would be enough, so it fails with SPF here.
              dmarcVerdict: { status: spf },
              spamVerdict: { status: "PASS" },
              virusVerdict: { status: "PASS" },
            },
          },
        },
      ],
    });
    const [failed] = await processSesEvent(deps, event("FAIL", "ses-spf-fail"));
    expect(failed).toMatchObject({
      status: "quarantined",
      reason: expect.stringMatching(/SPF FAIL, DKIM PASS, DMARC FAIL/),
    });
    await deps.blobs.put("inbound/ses-pass", raw);
    await processSesEvent(deps, event("PASS", "ses-pass"));
    await processSesEvent(deps, event("PASS", "ses-pass"));
    const a = await Assignments.get(deps, id);
    expect(Object.keys(a.replies)).toEqual(["ses-pass"]);
    expect(
      (await mailTo(reviewer.email)).filter((m) => m.subject === "We have recorded your reply about Bristol"),
    ).toHaveLength(1);
  });
});

describe("npm run reply", () => {
  it("answers an email from the local mail store through SMTP, and the answer is recorded", async () => {
    const { id, address } = await assignmentFor("E06000031");
    const { item } = await Mail.enqueue(deps, {
      key: {
        cycleId: "east-midlands-2026",
        step: "peer-scrutiny",
        recipient: reviewer.email,
        purpose: "assignment:E06000031",
      },
      to: reviewer.email,
      replyTo: address,
      regionId: "east-midlands",
      message: Emails.render("assignment", { ...Emails.SAMPLES.assignment, reviewee: "Peterborough (reply CLI test)" }),
    });
    expect((await Mail.dispatch(deps, item.id, { acquire: async () => undefined })).outcome).toBe("sent");
    const cli = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "local/reply.ts",
        "--ses",
        inject("endpoints").ses,
        "--smtp",
        String(smtp.port),
        "--subject",
        "Peterborough (reply CLI test)",
        "--text",
        "DECLINE – sorry, not this time",
      ],
      { env: { ...process.env, NODE_OPTIONS: "" } },
    );
    expect(cli.stdout).toContain("Replied to");
    const a = await Assignments.get(deps, id);
    expect(a.status).toBe("declined");
    expect(Object.values(a.replies)[0]!.text).toBe("DECLINE – sorry, not this time");
  });
});
