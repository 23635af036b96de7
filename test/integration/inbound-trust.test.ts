/**
 * Inbound trust, fail-closed, through the same path as the probe: MIME over SMTP to the local
 * server, whose verdicts come from the X-Riia-Verdicts header, then the inbound code. Only mail
 * whose DMARC passes (or, with no DMARC policy, whose SPF and DKIM both pass for the From domain:
 * see inbound-dmarc.test.ts), and whose virus scan passes is recorded; the rest is quarantined, changes nothing, and is listed for the lead with the reason.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, Replies, Retention } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import * as Inbound from "@riia/core/inbound";
import { createApp } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { startSmtp, VERDICT_HEADER, type LocalSmtp } from "../../local/smtp-inbound";
import { testDeps } from "./helpers";

const clock = fixedClock("2026-09-08T10:00:00Z");
let deps: AwsDeps;
let smtp: LocalSmtp;
let reviewer: People.Person;

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  smtp = await startSmtp(deps);
  reviewer = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
});
afterAll(() => smtp?.stop());

async function assignmentFor(reviewee: string, step: Assignments.ReviewStep = "peer-challenge") {
  const id = Assignments.assignmentId("east-midlands-2026", step, reviewee, "E06000016");
  await deps.store.put({
    ...Assignments.assignmentKey(id),
    kind: "assignment",
    id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    step,
    reviewee,
    reviewer: "E06000016",
    rank: 0,
    status: "sent",
    replies: {},
    version: 1,
  } satisfies Assignments.Assignment);
  const { address } = await Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: "east-midlands-2026",
    regionId: "east-midlands",
    personId: reviewer.id,
    authority: "E06000016",
    expiresAt: new Date("2026-12-31T00:00:00Z"),
  });
  return { id, address };
}

/** A plain "Decline" reply claiming to be from the reviewer, with the given verdict header (if any). */
async function decline(to: string, verdicts?: string) {
  const raw = [
    `From: Sam Reviewer <${reviewer.email}>`,
    `To: ${to}`,
    "Subject: Re: Peer scrutiny",
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail.example.org>`,
    ...(verdicts === undefined ? [] : [`${VERDICT_HEADER}: ${verdicts}`]),
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Decline, sorry.",
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope: { from: reviewer.email, to: [to] }, raw });
  const messageId = /Queued as (local-[\w-]+)/.exec(info.response)![1]!;
  return (await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId), { consistent: true }))!;
}

const refused: [string, string, RegExp][] = [
  ["a forged From (SPF, DKIM and DMARC fail)", "spf=FAIL; dkim=FAIL; dmarc=FAIL", /SPF FAIL, DKIM FAIL, DMARC FAIL/],
  ["grey verdicts", "spf=GRAY; dkim=GRAY; dmarc=GRAY", /not authenticated/],
  [
    "checks that could not run",
    "spf=PROCESSING_FAILED; dkim=PROCESSING_FAILED; dmarc=PROCESSING_FAILED",
    /PROCESSING_FAILED/,
  ],
  ["missing verdicts", "spf=none; dkim=none; dmarc=none", /SPF PROCESSING_FAILED/],
  ["SPF passing alone", "spf=PASS; dkim=FAIL; dmarc=FAIL", /DKIM FAIL/],
  ["DKIM passing alone", "spf=FAIL; dkim=PASS; dmarc=GRAY", /SPF FAIL/],
  ["a virus", "virus=FAIL", /virus scan FAIL/],
  ["a virus scan that did not run", "virus=none", /virus scan PROCESSING_FAILED/],
];

describe("inbound trust over SMTP", () => {
  it.each(refused)("quarantines %s and changes nothing", async (_name, verdicts, reason) => {
    const reviewee = [
      "E06000015",
      "E06000018",
      "E10000007",
      "E10000018",
      "E10000019",
      "E06000061",
      "E06000062",
      "E06000017",
    ][refused.findIndex((r) => r[1] === verdicts)]!;
    const { id, address } = await assignmentFor(reviewee);
    const record = await decline(address, verdicts);
    expect(record.status).toBe("quarantined");
    expect(record.reason).toMatch(reason);
    expect(record.expiresAt).toBe(Retention.ttlAfter(record.receivedAt, Retention.PERIODS.quarantineDays));
    const a = await Assignments.get(deps, id);
    expect(a.status).toBe("sent");
    expect(a.replies).toEqual({});
    expect(await deps.blobs.get(`quarantine/${record.messageId}`)).toBeDefined();
  });

  it("records mail whose DMARC passes, or whose SPF and DKIM both pass (and the default local verdicts pass)", async () => {
    for (const [reviewee, verdicts] of [
      ["E06000015", "spf=FAIL; dkim=FAIL; dmarc=PASS"],
      ["E10000007", "spf=PASS; dkim=PASS; dmarc=none"],
      ["E10000018", undefined],
    ] as const) {
      const { id, address } = await assignmentFor(reviewee, "peer-scrutiny");
      const record = await decline(address, verdicts);
      expect(record).toMatchObject({ status: "recorded", decision: "decline" });
      expect(record.expiresAt).toBe(Retention.ttlAfter(record.receivedAt, Retention.PERIODS.inboundDays));
      expect((await Assignments.get(deps, id)).status).toBe("declined");
    }
  });

  it("shows the region's lead what was quarantined and why", async () => {
    const { address } = await assignmentFor("E10000024");
    const record = await decline(address, "spf=FAIL; dkim=FAIL; dmarc=FAIL");
    const app = createApp(deps);
    const res = await app.request("/api/privacy/regions/east-midlands/quarantine", {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: { messageId: string; reason: string; from: string }[] };
    expect(messages.find((m) => m.messageId === record.messageId)).toMatchObject({
      from: reviewer.email,
      reason: expect.stringMatching(/sender not authenticated/),
    });
    const other = await app.request("/api/privacy/regions/london/quarantine", {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(
      ((await other.json()) as { messages: { messageId: string }[] }).messages.map((m) => m.messageId),
    ).not.toContain(record.messageId);
  });
});
