/**
 * Every email that asks for a reply can be answered: each template of the mail catalogue whose text
 * invites a reply is sent here through its real path (assignments, the scheduled reminder, replies
 * over SMTP, a sign-off request, a concern), and every email sent that invites a reply carries a
 * Reply-To that the inbound code resolves — and a reply to it over SMTP is taken, not bounced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Concerns,
  Emails,
  fixedClock,
  Impact,
  Keys,
  Mail,
  People,
  Region,
  Replies,
  Review,
  Submission,
  Workflow,
  type OutboundEmail,
} from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { seededApp } from "./page-world";
import { CYCLE, deliver, plainReply } from "./replies-support";

const clock = fixedClock("2026-09-15T10:00:00Z");
const actor = { kind: "system" as const, id: "test" };
let deps: AwsDeps;
let sent: OutboundEmail[];
let smtp: LocalSmtp;

/** Words by which an email asks to be answered by email. */
const INVITES = /reply to this email|you can (also )?reply|reply with your review/i;

/** How each reply-inviting template's emails are recognised among those sent (by subject). */
const SUBJECTS: Record<string, RegExp> = {
  assignment: /^Peer scrutiny: please review /,
  reviewerReminder: /^Reminder: peer scrutiny of /,
  reviewerLate: /^Overdue: your peer scrutiny of |^Reminder: peer scrutiny of .+ was due /,
  replyAskBack: /^Can you do the peer scrutiny of /,
  reviewIncomplete: /^Your peer scrutiny of .+ is not submitted yet$/,
  reviewSubmittedByEmail: /^Your peer scrutiny of .+ is submitted$/,
  signOffRequest: /^Approve .+/,
  signOffUnclear: /nothing has changed yet$/,
  concernRaised: /: a concern about .+'s figures$/,
  feedbackRequest: /^How useful was .+'s support\? /,
};

beforeAll(async () => {
  ({ deps, sent } = await seededApp(clock));
  smtp = await startSmtp(deps);
});
afterAll(() => smtp?.stop());

const flush = () => Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
const reply = (from: string, to: string, text: string) =>
  deliver(deps, smtp, plainReply({ from, to, text }), { from, to: [to] });

const COMPLETE = [
  "Area: Child protection",
  "Lines of enquiry: Strategy meetings.",
  "Findings: Timely and well recorded.",
  "Challenge: Police attendance varies.",
  "Confidence in the evidence: High",
  "Summary of your challenge: Good practice; secure police attendance.",
  "Overall: green",
].join("\n");

describe("emails that invite a reply", () => {
  it("are exactly the templates this test sends", () => {
    const inviting = Object.entries(Emails.SAMPLES)
      .filter(([name, sample]) => INVITES.test(Emails.render(name as Emails.EmailName, sample as never).text))
      .map(([name]) => name)
      .sort();
    expect(inviting).toEqual(Object.keys(SUBJECTS).sort());
  });

  it("each carry a Reply-To the inbound path resolves and takes", async () => {
    await Workflow.openStep(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor, reason: "Reply-To test" });
    await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor });
    await flush();
    const requests = sent.filter((m) => SUBJECTS.assignment!.test(m.subject));
    expect(requests.length).toBeGreaterThanOrEqual(3);
    const [ask, incomplete, complete] = requests;
    await reply(ask!.to[0]!, ask!.replyTo![0]!, "Let me check with our DCS first?");
    await reply(incomplete!.to[0]!, incomplete!.replyTo![0]!, "Yes, we accept.\n\nFindings:\nA good start.");
    await reply(complete!.to[0]!, complete!.replyTo![0]!, `Accept.\n\n${COMPLETE}`);

    // A DCS asked to approve a form, who answers unclearly.
    const dcs = (await People.findByEmail(deps, "east-midlands", "dcs@leicester.example.org"))!;
    const sub = await Submission.open(deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: dcs.authority!,
      templateVersion: 1,
    });
    await Submission.requestSignOff(deps, { submission: sub, submittedBy: "An officer" });
    const signOff = sent.find((m) => m.to[0] === dcs.email && SUBJECTS.signOffRequest!.test(m.subject))!;
    await reply(dcs.email, signOff.replyTo![0]!, "Looks fine to me I think");

    await Concerns.open(deps, {
      regionId: "east-midlands",
      authority: dcs.authority!,
      themes: ["child-protection"],
      source: "other",
      evidence: ["Re-referrals at 30%"],
      actor,
    });
    // A brokered solution that has ended: the receiving LA is asked for feedback (on the page or by reply).
    const needId = `${dcs.authority}#workforce`;
    await deps.store.put({
      ...Keys.brokerage(CYCLE, needId),
      kind: "brokerage",
      ...{ cycleId: CYCLE, needId, authority: dcs.authority!, theme: "workforce", offerId: "offer-1" },
      ...{ provider: "E06000015", type: "one-to-one", status: "taken-up", version: 1 },
    });
    const aims = { indicators: ["sw-turnover"], priorities: [], startsOn: "2026-06-01", endsOn: "2026-09-01" };
    await Impact.setAims(deps, { cycleId: CYCLE, needId, aims, actor });
    await Impact.runDue(deps, clock.now());
    // Every LA's self-evaluation is in, so a review not sent by the deadline is late (and its reviewer chased).
    for (const la of await Region.authorities(deps, "east-midlands")) {
      if (la.code === dcs.authority) continue;
      const s = await Submission.open(deps, {
        cycleId: CYCLE,
        regionId: "east-midlands",
        form: "self-evaluation",
        authority: la.code,
        templateVersion: 1,
      });
      await Submission.submit(deps, { id: s.id, expectedVersion: s.version, actor });
    }
    // The scheduled step reminds reviewers as the deadline nears, and chases them once it has passed.
    const chased = () =>
      ["reviewerReminder", "reviewerLate"].every((n) => sent.some((m) => SUBJECTS[n]!.test(m.subject)));
    for (let day = 0; day < 120 && !chased(); day++) {
      clock.advance(86_400_000);
      await Workflow.runTaskEvents(deps);
      await flush();
    }
    await flush();

    for (const [name, subject] of Object.entries(SUBJECTS))
      expect(
        sent.some((m) => subject.test(m.subject)),
        `no "${name}" email was sent`,
      ).toBe(true);
    const inviting = sent.filter((m) => INVITES.test(m.text));
    expect(inviting.length).toBeGreaterThanOrEqual(Object.keys(SUBJECTS).length);
    for (const m of inviting) {
      const resolved = await Replies.resolve(deps, m.replyTo ?? []);
      expect(resolved.ok, `"${m.subject}" to ${m.to[0]} has no Reply-To that inbound takes`).toBe(true);
    }
    // And an answer to one of them is taken, not bounced as "we could not tell which request it answers".
    const reminder = sent.find((m) => SUBJECTS.reviewerReminder!.test(m.subject))!;
    const record = await reply(reminder.to[0]!, reminder.replyTo![0]!, "Thanks, on it.");
    expect(record.status).toBe("recorded");
    // Someone who may not answer a request (an officer approving for the DCS) is told why, not left unanswered.
    const officer = (await People.listByAuthority(deps, dcs.authority!)).find((p) => !p.roles.includes("dcs"))!;
    const refused = await reply(officer.email, signOff.replyTo![0]!, "APPROVE");
    expect(refused.status).toBe("quarantined");
    const told = sent.filter((m) => m.to[0] === officer.email && m.subject === "We could not use your email");
    expect(told.map((m) => m.text).join()).toContain("director of children's services");
  }, 120_000);
});
