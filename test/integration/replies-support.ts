/**
 * Shared set-up for the reply tests: the seeded region, an SMTP server feeding the inbound path, an
 * assignment with its reviewer's reply address, and real MIME delivered over SMTP.
 */
import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import { expect } from "vitest";
import { Assignments, fixedClock, People, Region, Replies, type Deps } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import * as Inbound from "@riia/core/inbound";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { mailTo, testDeps } from "./helpers";

export const CYCLE = "east-midlands-2026";

/** Every authority code in the reference data not in `avoid`, so each test reviews an LA of its own. */
export async function revieweePool(deps: Deps, avoid: string[]) {
  const codes: string[] = [];
  for (const r of await Region.list(deps))
    for (const la of await Region.authorities(deps, r.id)) if (!avoid.includes(la.code)) codes.push(la.code);
  return () => {
    const code = codes.shift();
    if (!code) throw new Error("out of authorities");
    return code;
  };
}

/**
 * A reply test file's world: a seeded store of its own on 8 September 2026, an SMTP server on the inbound
 * path, the reviewing LA's officer (`email`) who replies, and a fresh reviewee for each test.
 */
export async function replyWorld(reviewer: string, email: string) {
  const deps = await testDeps({ clock: fixedClock("2026-09-08T10:00:00Z") });
  await seed(deps);
  const smtp: LocalSmtp = await startSmtp(deps);
  const person = (await People.findByEmail(deps, "east-midlands", email))!;
  const next = await revieweePool(deps, [reviewer]);
  return { deps, smtp, person, next };
}

/** An assignment (`reviewer` reviews `reviewee`, sent to `person`), and its reply address and token. */
export async function assignment(
  deps: Deps,
  input: {
    reviewee: string;
    reviewer: string;
    person: People.Person;
    status?: Assignments.Assignment["status"];
    rank?: number;
  },
) {
  const id = Assignments.assignmentId(CYCLE, "peer-scrutiny", input.reviewee, input.reviewer);
  await deps.store.put({
    ...Assignments.assignmentKey(id),
    kind: "assignment",
    id,
    cycleId: CYCLE,
    regionId: "east-midlands",
    step: "peer-scrutiny",
    reviewee: input.reviewee,
    reviewer: input.reviewer,
    rank: input.rank ?? 0,
    status: input.status ?? "sent",
    replies: {},
    version: 1,
  } satisfies Assignments.Assignment);
  const { handle, address } = await Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: CYCLE,
    regionId: "east-midlands",
    personId: input.person.id,
    authority: input.reviewer,
    expiresAt: new Date("2026-12-31T00:00:00Z"),
  });
  return {
    id,
    address,
    reviewee: input.reviewee,
    token: Replies.tokenOf(deps, handle.id),
    name: (await Region.authority(deps, input.reviewee)).name,
  };
}

/** A fixture with its placeholders filled and CRLF line ends. */
export function fixture(path: string, vars: Record<string, string>) {
  let text = readFileSync(`test/fixtures/replies/${path}`, "utf8");
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return text.replace(/\r?\n/g, "\r\n");
}

/** Send raw MIME over SMTP with the given envelope; returns the stored inbound record. */
export async function deliver(
  deps: AwsDeps,
  smtp: LocalSmtp,
  raw: string | Buffer,
  envelope: { from: string; to: string[] },
) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope, raw });
  const messageId = /Queued as (local-[\w-]+)/.exec(info.response)![1]!;
  const record = await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId), { consistent: true });
  expect(record).toBeDefined();
  return record!;
}

/** Emails in the SES stand-in to `to` whose subject contains `about`. */
export async function mailAbout(to: string, about: string) {
  return (await mailTo(to)).filter((m) => m.subject.includes(about));
}

/** A plain reply as a mail client writes it, quoting our request. */
export function plainReply(input: {
  from: string;
  to: string;
  subject?: string;
  text: string;
  messageId?: string;
  headers?: string;
}) {
  return [
    "MIME-Version: 1.0",
    "Date: Tue, 8 Sep 2026 10:00:00 +0100",
    `Message-ID: <${input.messageId ?? `${Math.random().toString(36).slice(2)}@client.example.org`}>`,
    `Subject: ${input.subject ?? "Re: Peer scrutiny: please review them"}`,
    `From: Reviewer <${input.from}>`,
    `To: <${input.to}>`,
    ...(input.headers ? [input.headers] : []),
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: 8bit",
    "",
    input.text,
    "",
    "On Mon, 7 Sept 2026 at 09:00, Sector-led improvement <riia@mail.riia.example.org> wrote:",
    "> Dear colleague,",
    "> Your authority has been asked to carry out peer scrutiny.",
    "",
  ].join("\r\n");
}

/** A reply with files attached (multipart/mixed, base64), as Outlook sends one. */
export function withFiles(input: {
  from: string;
  to: string;
  text: string;
  files: { name: string; type: string; body: Buffer }[];
}) {
  const b = "_004_multipart_";
  const parts = input.files.map((f) =>
    [
      `--${b}`,
      `Content-Type: ${f.type}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      f.body.toString("base64").replace(/.{76}/g, "$&\r\n"),
    ].join("\r\n"),
  );
  return [
    "MIME-Version: 1.0",
    `Message-ID: <files-${Math.random().toString(36).slice(2)}@client.example.org>`,
    "Subject: RE: Peer scrutiny",
    `From: <${input.from}>`,
    `To: <${input.to}>`,
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    'Content-Type: text/plain; charset="utf-8"',
    "",
    input.text,
    ...parts,
    `--${b}--`,
    "",
  ].join("\r\n");
}

/** A reviewer's whole review typed into a plain-text reply under the form's own labels, signed by them. */
export const completeReviewReply = (name: string, council: string) =>
  [
    "Yes, we accept. Our review is below.",
    "",
    "Area: Front door, contact and referral",
    "",
    "Lines of enquiry:",
    "How quickly are contacts decided, and by whom?",
    "",
    "Findings:",
    "Decisions within a day in nine cases out of ten.",
    "",
    "Challenge:",
    "Thresholds differ between the two locality teams.",
    "",
    "Recommendations: Audit forty contacts a quarter with partners.",
    "",
    "Confidence in the evidence: High",
    "",
    "Summary of your challenge:",
    "A strong front door that needs one threshold.",
    "",
    "Overall: amber",
    "",
    "Kind regards,",
    name,
    council,
  ].join("\n");
