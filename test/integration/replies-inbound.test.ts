/**
 * Robust inbound, through SMTP → bucket → inbound → store: a message delivered twice is recorded
 * once, bounces and absence notices are never answered or read as decisions, replies from
 * unexpected addresses are held for the lead, a Bcc'd reply address is matched, files are kept or
 * refused with the reason, long replies keep every word, legacy charsets decode, 20 MB gets through,
 * and a review written under headings fills the review's fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, Submission, type People } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { mailTo } from "./helpers";
import { assignment, CYCLE, deliver, mailAbout, plainReply, replyWorld, withFiles } from "./replies-support";

const REVIEWER = "E06000017"; // Rutland reviews here, so this file's mail is its own
let deps: AwsDeps;
let smtp: LocalSmtp;
let person: People.Person;
let next: () => string;

beforeAll(async () => {
  ({ deps, smtp, person, next } = await replyWorld(REVIEWER, "performance@rutland.example.org"));
});
afterAll(() => smtp?.stop());

const fresh = () => assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
const to = (address: string) => ({ from: person.email, to: [address] });

/** A multipart reply with attachments (base64), as Outlook sends one. */
describe("each message once, and never answering machines", () => {
  it("records and acknowledges a message delivered twice (same Message-ID) once", async () => {
    const a = await fresh();
    const raw = plainReply({ from: person.email, to: a.address, text: "Accept.", messageId: `twice-${a.token}@x.org` });
    expect((await deliver(deps, smtp, raw, to(a.address))).status).toBe("recorded");
    expect(await deliver(deps, smtp, raw, to(a.address))).toMatchObject({ status: "duplicate" });
    expect(Object.keys((await Assignments.get(deps, a.id)).replies)).toHaveLength(1);
    expect(await mailAbout(person.email, `We have recorded your reply about ${a.name}`)).toHaveLength(1);
  });

  it("never answers a bounce or null-sender mail", async () => {
    const a = await fresh();
    const bounce = plainReply({
      from: "mailer-daemon@rutland.example.org",
      to: a.address,
      text: "Delivery failed. No.",
    });
    const record = await deliver(deps, smtp, bounce, { from: "", to: [a.address] });
    expect(record.status).toBe("bounce");
    const noToken = plainReply({ from: "postmaster@elsewhere.example", to: "help@reply.riia.example.org", text: "x" });
    expect((await deliver(deps, smtp, noToken, { from: "", to: ["help@reply.riia.example.org"] })).status).toBe(
      "bounce",
    );
    expect(await mailTo("mailer-daemon@rutland.example.org")).toEqual([]);
    expect(await mailTo("postmaster@elsewhere.example")).toEqual([]);
    expect((await Assignments.get(deps, a.id)).replies).toEqual({});
  });

  it("takes an out-of-office or leaver notice without auto-reply headers as no answer", async () => {
    for (const text of [
      "Thank you for your email. I am currently out of the office until 21 September with no access to email.",
      "Please note I no longer work for Rutland County Council. This mailbox is not monitored.",
    ]) {
      const a = await fresh();
      const record = await deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), to(a.address));
      expect(record.status).toBe("auto-reply");
      expect(await Assignments.get(deps, a.id)).toMatchObject({ status: "sent", replies: {} });
      expect(await mailAbout(person.email, a.name)).toEqual([]);
    }
  });
});

describe("who may answer", () => {
  it("holds a reply from another address of the same organisation for the lead, telling the sender", async () => {
    const a = await fresh();
    const other = "jo.bloggs@rutland.example.org";
    const record = await deliver(deps, smtp, plainReply({ from: other, to: a.address, text: "Decline, sorry." }), {
      from: other,
      to: [a.address],
    });
    expect(record).toMatchObject({ status: "held", answered: a.id });
    expect((await Assignments.get(deps, a.id)).status).toBe("sent");
    expect(await mailAbout(other, `We are checking your email about ${a.name}`)).toHaveLength(1);
    expect(
      await mailAbout("lead@em-riia.example.org", `Please check a reply about ${a.name} from ${other}`),
    ).toHaveLength(1);
    const { held } = await Assignments.repliesNeedingLead(deps, "east-midlands-2026");
    const row = held.find((h) => h.assignmentId === a.id)!;
    expect(row.reply.text).toBe("Decline, sorry.");
    await Assignments.releaseHeld(deps, {
      id: a.id,
      messageId: row.reply.messageId,
      accept: true,
      by: "lead@em-riia.example.org",
    });
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
  });

  it("holds a reply from a personal address or an unrelated organisation, and tells both senders", async () => {
    const a = await fresh();
    const personal = "sam.rutland@gmail.com";
    const held = await deliver(deps, smtp, plainReply({ from: personal, to: a.address, text: "Yes" }), {
      from: personal,
      to: [a.address],
    });
    expect(held.status).toBe("held");
    const stranger = "someone@unrelated.example";
    const q = await deliver(deps, smtp, plainReply({ from: stranger, to: a.address, text: "Yes" }), {
      from: stranger,
      to: [a.address],
    });
    expect(q.status).toBe("held");
    expect((await mailTo(stranger)).map((m) => m.subject)).toEqual([`We are checking your email about ${a.name}`]);
    expect((await mailTo(personal)).map((m) => m.subject)).toEqual([`We are checking your email about ${a.name}`]);
  });

  it("matches a reply address carried only in the envelope (Bcc)", async () => {
    const a = await fresh();
    const raw = plainReply({
      from: person.email,
      to: "colleague@rutland.example.org",
      text: "Accept – copying a colleague.",
    });
    const record = await deliver(deps, smtp, raw, {
      from: person.email,
      to: ["colleague@rutland.example.org", a.address],
    });
    expect(record).toMatchObject({ status: "recorded", answered: a.id, decision: "accept" });
  });
});

describe("what a reply carries", () => {
  it("keeps what files it can and tells the sender which were refused, and why", async () => {
    const a = await fresh();
    const small = Buffer.from("%PDF-1.4 review notes");
    const big = Buffer.alloc(11 * 1024 * 1024, 65);
    const raw = withFiles({
      from: person.email,
      to: a.address,
      text: "Accept. Our notes attached.",
      files: [
        { name: "notes.pdf", type: "application/pdf", body: small },
        { name: "site-photos.zip", type: "application/zip", body: big },
      ],
    });
    expect((await deliver(deps, smtp, raw, to(a.address))).status).toBe("recorded");
    const [reply] = Object.values((await Assignments.get(deps, a.id)).replies);
    expect(reply!.attachments.map((f) => f.name)).toEqual(["notes.pdf"]);
    const [refused] = await mailAbout(person.email, `Some of what you sent about ${a.name} was not kept`);
    expect(refused!.body.text).toContain("site-photos.zip (11 MB): larger than 10 MB");
  });

  it("keeps long replies whole in the bucket, so many long replies fit one assignment", async () => {
    const a = await fresh();
    const paragraph = "We looked at every audit and spoke to front-line staff about thresholds and caseloads. ";
    for (let i = 0; i < 6; i++) {
      const text = `Reply ${i}.\n\n${paragraph.repeat(900)}\nEnd ${i}.`; // ~80 KB each
      await deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), to(a.address));
    }
    const stored = await Assignments.get(deps, a.id);
    const replies = Object.values(stored.replies);
    expect(replies).toHaveLength(6);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(100_000);
    const whole = Buffer.from((await deps.blobs.get(replies[0]!.textKey!))!).toString("utf8");
    expect(whole).toMatch(/^Reply \d\.\n\n/);
    expect(whole).toMatch(/End \d\.$/);
    expect(whole.length).toBeGreaterThan(75_000);
  });

  it("decodes Windows-1252 text sent with no charset", async () => {
    const a = await fresh();
    const head = [
      "MIME-Version: 1.0",
      "Message-ID: <cp1252-undeclared@old-client.example.org>",
      "Subject: RE: Peer scrutiny",
      `From: <${person.email}>`,
      `To: <${a.address}>`,
      "Content-Type: text/plain",
      "Content-Transfer-Encoding: 8bit",
      "",
      "",
    ].join("\r\n");
    const body = Buffer.from([
      ...Buffer.from("We can"),
      0x92,
      ...Buffer.from("t do it "),
      0x96,
      ...Buffer.from(" sorry. Caf"),
      0xe9,
      ...Buffer.from(" meeting instead?\r\n"),
    ]);
    const record = await deliver(deps, smtp, Buffer.concat([Buffer.from(head), body]), to(a.address));
    expect(record.decision).toBe("decline");
    const [reply] = Object.values((await Assignments.get(deps, a.id)).replies);
    expect(reply!.text).toBe("We can\u2019t do it \u2013 sorry. Caf\u00e9 meeting instead?");
  });

  it("takes a 20 MB message within the inbound function's 30 seconds", async () => {
    const a = await fresh();
    const file = (n: number) => ({
      name: `evidence-${n}.pdf`,
      type: "application/pdf",
      body: Buffer.alloc(7 * 1024 * 1024, 48 + n),
    });
    const raw = withFiles({
      from: person.email,
      to: a.address,
      text: "Accept. Evidence attached.",
      files: [file(1), file(2)],
    });
    expect(raw.length).toBeGreaterThan(19 * 1024 * 1024);
    const started = Date.now();
    expect((await deliver(deps, smtp, raw, to(a.address))).status).toBe("recorded");
    expect(Date.now() - started).toBeLessThan(30_000);
    const [reply] = Object.values((await Assignments.get(deps, a.id)).replies);
    expect(reply!.attachments.map((f) => f.size)).toEqual([7 * 1024 * 1024, 7 * 1024 * 1024]);
  }, 60_000);

  it("fills the review's fields from headed text and echoes them, keeping a Word file as the review document", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person, status: "accepted" });
    const text = [
      "Our findings below.",
      "",
      "Strengths",
      "- Clear line of sight from practice to the DCS.",
      "",
      "Areas to challenge:",
      "- Re-referrals at 24% are above the regional average.",
      "",
      "Recommendations",
      "- Audit the front door thresholds with partners.",
      "",
      "Overall: Amber",
    ].join("\n");
    const raw = withFiles({
      from: person.email,
      to: a.address,
      text,
      files: [
        {
          name: "review.docx",
          type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          body: Buffer.from("PK fake docx"),
        },
      ],
    });
    expect((await deliver(deps, smtp, raw, to(a.address))).status).toBe("recorded");
    // Read into the response form by its own labels; not complete, so a draft, and the reply says what is missing.
    const draft = await Submission.get(
      deps,
      Submission.submissionId(CYCLE, "peer-challenge-response", `${REVIEWER}~${a.reviewee}~peer-scrutiny`),
    );
    expect(draft.status).toBe("draft");
    expect(draft.answers.areas).toEqual([
      {
        findings: "- Clear line of sight from practice to the DCS.",
        challenge: "- Re-referrals at 24% are above the regional average.",
        recommendations: "- Audit the front door thresholds with partners.",
      },
    ]);
    expect(draft.answers["overall-rag"]).toBe("amber");
    expect(Object.values(draft.attachments).map((f) => [f.name, f.question])).toEqual([["review.docx", "documents"]]);
    expect(await mailAbout(person.email, `We have recorded your reply about ${a.name}`)).toEqual([]);
    const [ack] = await mailAbout(person.email, `${a.name} is not submitted yet`);
    const body = ack!.body.text ?? "";
    expect(body).toContain("Re-referrals at 24% are above the regional average.");
    expect(body).toContain("review.docx");
    expect(body).toContain("Enter the lines of enquiry");
    expect(body).toMatch(/http:\/\/riia\.test\/f\/\S+/);
  });
});
