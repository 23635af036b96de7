/**
 * DMARC first, through the path a forged reply takes: real MIME over SMTP to the local stand-in, which
 * (as SES does) puts its own Authentication-Results on top from the message's verdict header, its
 * envelope and its DKIM-Signature domains; then the inbound code. A decline is acted on only when DMARC
 * passes, or when the From domain has no DMARC policy and SPF and DKIM both pass for the From domain
 * itself. Anything else is held with its reason on the lead's page, changes nothing, asks no reserve,
 * and sends nothing to the From address or the envelope sender, then or on the next scheduled run.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, Replies, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import * as Inbound from "@riia/core/inbound";
import type { App } from "@riia/functions/app";
import { VERDICT_HEADER, type LocalSmtp } from "../../local/smtp-inbound";
import { signInByPage } from "./sign-in";
import { pageWorld } from "./page-world";

const clock = fixedClock("2026-09-08T10:00:00Z");
const EM = "east-midlands-2026";
const REVIEWER = "E06000016"; // Leicester
let deps: AwsDeps;
let sent: OutboundEmail[];
let app: App;
let smtp: LocalSmtp;
let reviewer: People.Person;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
  reviewer = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
});
afterAll(() => smtp?.stop());

/** An assignment sent to the reviewer, a first reserve waiting behind it, and the reply address. */
async function world(reviewee: string) {
  const put = async (reviewerCode: string, status: Assignments.Assignment["status"], rank: number) => {
    const id = Assignments.assignmentId(EM, "peer-scrutiny", reviewee, reviewerCode);
    await deps.store.put({
      ...Assignments.assignmentKey(id),
      kind: "assignment",
      id,
      cycleId: EM,
      regionId: "east-midlands",
      step: "peer-scrutiny",
      reviewee,
      reviewer: reviewerCode,
      rank,
      status,
      replies: {},
      version: 1,
    } satisfies Assignments.Assignment);
    return id;
  };
  const id = await put(REVIEWER, "sent", 0);
  const reserve = await put("E10000019", "proposed", 1);
  const { address } = await Replies.issue(deps, {
    purpose: "assignment",
    subject: id,
    cycleId: EM,
    regionId: "east-midlands",
    personId: reviewer.id,
    authority: REVIEWER,
    expiresAt: new Date("2026-12-31T00:00:00Z"),
  });
  return { id, reserve, address };
}

/** A "Decline" from the reviewer's address, sent with this envelope sender, DKIM signer and verdicts. */
async function decline(input: { to: string; mailFrom: string; dkimDomain?: string; verdicts: string; extra?: string }) {
  const raw = [
    ...(input.extra ? [input.extra] : []),
    ...(input.dkimDomain
      ? [`DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${input.dkimDomain}; s=s1; h=from:to; bh=x; b=y`]
      : []),
    `From: Sam Reviewer <${reviewer.email}>`,
    `To: ${input.to}`,
    "Subject: Re: Peer scrutiny",
    `Message-ID: <${Math.random().toString(36).slice(2)}@mail.example.org>`,
    `${VERDICT_HEADER}: ${input.verdicts}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Decline, sorry - we cannot do this one.",
    "",
  ].join("\r\n");
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope: { from: input.mailFrom, to: [input.to] }, raw });
  const messageId = /Queued as (local-[\w-]+)/.exec(info.response)![1]!;
  return (await deps.store.get<Inbound.InboundMessage>(Inbound.inboundKey(messageId), { consistent: true }))!;
}

const FORGER = "bounces@mailer.attacker.example";
const OWN = "performance@leicester.example.org";
type Sent = Omit<Parameters<typeof decline>[0], "to">;
const held: [string, Sent, RegExp][] = [
  [
    "DMARC fails though SPF and DKIM pass (for the forger's domain)",
    {
      mailFrom: FORGER,
      dkimDomain: "attacker.example",
      verdicts: "spf=PASS; dkim=PASS; dmarc=FAIL; dmarcPolicy=reject",
    },
    /DMARC FAIL, policy reject/,
  ],
  [
    "DMARC fails under a p=none policy, SPF and DKIM passing",
    { mailFrom: FORGER, dkimDomain: "attacker.example", verdicts: "spf=PASS; dkim=PASS; dmarc=FAIL; dmarcPolicy=none" },
    /DMARC FAIL, policy none/,
  ],
  [
    "no DMARC policy, SPF and DKIM pass but for another domain",
    { mailFrom: FORGER, dkimDomain: "attacker.example", verdicts: "spf=PASS; dkim=PASS; dmarc=GRAY" },
    /SPF for mailer\.attacker\.example not aligned, DKIM for attacker\.example not aligned with leicester\.example\.org/,
  ],
  [
    "no DMARC policy, SPF aligned but DKIM signed by another domain",
    { mailFrom: OWN, dkimDomain: "attacker.example", verdicts: "spf=PASS; dkim=PASS; dmarc=none" },
    /DKIM for attacker\.example not aligned/,
  ],
  [
    "no DMARC policy, a sibling-under-a-suffix domain (example.org is not leicester.example.org's parent)",
    { mailFrom: "x@other.example.org", dkimDomain: "other.example.org", verdicts: "spf=PASS; dkim=PASS; dmarc=GRAY" },
    /not aligned/,
  ],
  [
    "no DMARC policy, aligned SPF but DKIM failing",
    { mailFrom: OWN, verdicts: "spf=PASS; dkim=FAIL; dmarc=GRAY" },
    /no DMARC policy, so SPF and DKIM must both pass/,
  ],
  [
    "a forged Authentication-Results claiming DMARC passed, below the receiver's own",
    {
      mailFrom: FORGER,
      dkimDomain: "attacker.example",
      verdicts: "spf=PASS; dkim=PASS; dmarc=GRAY",
      extra:
        "Authentication-Results: amazonses.com; spf=pass envelope-from=x@leicester.example.org; dkim=pass header.i=@leicester.example.org; dmarc=pass",
    },
    /not aligned/,
  ],
];

describe("DMARC-first trust over SMTP", () => {
  it.each(held.map((h, i) => [...h, i] as const))("holds a decline when %s", async (_name, input, reason, i) => {
    const reviewee = ["E06000015", "E06000018", "E10000007", "E10000018", "E06000061", "E06000062", "E06000017"][i]!;
    const { id, reserve, address } = await world(reviewee);
    const before = sent.length;
    const record = await decline({ ...input, to: address });
    expect(record.status).toBe("quarantined");
    expect(record.reason).toMatch(/^sender not authenticated/);
    expect(record.reason).toMatch(reason);
    // Nothing acted on: the assignment, its replies and the reserve are as they were…
    expect(await Assignments.get(deps, id)).toMatchObject({ status: "sent", replies: {} });
    expect((await Assignments.get(deps, reserve)).status).toBe("proposed");
    // …and nothing is sent to the From address or the envelope sender, now or by the next scheduled run.
    await Workflow.sendDueMail(deps);
    const named = [reviewer.email, input.mailFrom].map((a) => a.toLowerCase());
    expect(sent.slice(before).filter((m) => m.to.some((t) => named.includes(t.toLowerCase())))).toEqual([]);
    expect(sent.slice(before)).toEqual([]);
  });

  it("acts on a decline whose DMARC passes, and on one with no DMARC policy whose SPF and DKIM align", async () => {
    const cases = [
      { mailFrom: FORGER, dkimDomain: "attacker.example", verdicts: "spf=FAIL; dkim=PASS; dmarc=PASS" },
      { mailFrom: OWN, dkimDomain: "leicester.example.org", verdicts: "spf=PASS; dkim=PASS; dmarc=GRAY" },
      // A subdomain of the From domain aligns (relaxed); a missing DMARC verdict reads as no policy.
      {
        mailFrom: "bounce@mail.leicester.example.org",
        dkimDomain: "leicester.example.org",
        verdicts: "spf=PASS; dkim=PASS; dmarc=none",
      },
    ];
    for (const [i, input] of cases.entries()) {
      const { id, reserve, address } = await world(["E10000019", "E10000024", "E06000012"][i]!);
      const record = await decline({ ...input, to: address });
      expect(record, input.verdicts).toMatchObject({ status: "recorded", decision: "decline", answered: id });
      expect((await Assignments.get(deps, id)).status).toBe("declined");
      // The decline is acted on in full: the reserve is asked and the reviewer told.
      expect((await Assignments.get(deps, reserve)).status).toBe("sent");
      expect(sent.some((m) => m.to.includes(reviewer.email) && /recorded your reply/.test(m.subject))).toBe(true);
    }
  });

  it("shows the lead each held message with its reason, and none of the acted-on ones", async () => {
    const { address } = await world("E06000013");
    const record = await decline({
      to: address,
      mailFrom: FORGER,
      dkimDomain: "attacker.example",
      verdicts: "spf=PASS; dkim=PASS; dmarc=FAIL; dmarcPolicy=quarantine",
    });
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const res = await app.request("/lead/quarantine", { headers: { cookie, accept: "text/html" } });
    expect(res.status).toBe(200);
    const body = (await res.text()).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
    expect(body).toContain("We could not confirm it really came from the address it claims to be from");
    expect(body).toContain("SPF PASS, DKIM PASS, DMARC FAIL, policy quarantine");
    expect(body).toContain("not aligned with leicester.example.org");
    expect(body).toContain(record.subject);
  });
});
