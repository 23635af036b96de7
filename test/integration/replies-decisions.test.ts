/**
 * Decisions by email are never wrong: every reply of the client corpus goes through SMTP → bucket →
 * inbound → store; accepts and declines are applied, replies that decide nothing are asked back
 * (with links that work) and shown to the lead, and a change of mind is applied or refused.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Answers, Assignments, Mail, People } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp } from "@riia/functions/app";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { assignment, deliver, fixture, mailAbout, plainReply, replyWorld } from "./replies-support";

const REVIEWER = "E06000018"; // Nottingham reviews, so these tests' mail does not mix with replies.test.ts
let deps: AwsDeps;
let smtp: LocalSmtp;
let person: People.Person;
let next: () => string;

beforeAll(async () => {
  ({ deps, smtp, person, next } = await replyWorld(REVIEWER, "performance@nottingham.example.org"));
});
afterAll(() => smtp?.stop());

const flat = (s: string) => s.split(/\s+/).filter(Boolean).join(" ");
type Case = { file: string; decision: "accept" | "decline" | "none"; own: string };
const corpus = [
  ...(JSON.parse(readFileSync("test/fixtures/replies/corpus/corpus.json", "utf8")) as Case[]),
  ...(JSON.parse(readFileSync("test/fixtures/replies/corpus/hand/hand.json", "utf8")) as Case[]),
];

describe("the client corpus through the whole inbound path", () => {
  it.each(corpus)("$file: keeps the words written and reads $decision", async ({ file, decision, own }) => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
    const raw = fixture(`corpus/${file}`, { FROM: person.email, TO: a.address });
    const record = await deliver(deps, smtp, raw, { from: person.email, to: [a.address] });
    expect(record).toMatchObject({ status: "recorded", answered: a.id });
    const stored = await Assignments.get(deps, a.id);
    const [reply] = Object.values(stored.replies);
    expect(flat(reply!.text)).toBe(flat(own));
    // A review under the form's headings, sent in answer to the request, takes the review on.
    const review = decision === "none" && file.includes("-review");
    const status = review ? "accepted" : { accept: "accepted", decline: "declined", none: "sent" }[decision];
    expect(stored.status).toBe(status);
    if (review) {
      expect(reply!.why).toBe("the reply is a review under the form's headings");
      expect(await mailAbout(person.email, `is not submitted yet`)).not.toHaveLength(0);
    } else if (decision === "none") {
      expect(reply!.undecided).toBe(true);
      expect(await mailAbout(person.email, `Can you do the peer scrutiny of ${a.name}?`)).toHaveLength(1);
      const listed = await Assignments.repliesNeedingLead(deps, "east-midlands-2026");
      expect(listed.undecided.map((u) => u.assignmentId)).toContain(a.id);
    } else {
      const [ack] = await mailAbout(person.email, `We have recorded your reply about ${a.name}`);
      expect(ack!.body.text).toContain(decision === "accept" ? "you accept the review" : "you cannot do the review");
    }
  });
});

describe("replies that decide nothing", () => {
  it("asks back with one-click links that record the answer, and leaves the lead's list", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
    const text = "Hi,\n\nYes, if the dates can move to December \u2013 I\u2019ll check with our DCS.\n\nThanks";
    await deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), {
      from: person.email,
      to: [a.address],
    });
    expect((await Assignments.get(deps, a.id)).status).toBe("sent");
    const [ask] = await mailAbout(person.email, `Can you do the peer scrutiny of ${a.name}?`);
    const body = ask!.body.text ?? "";
    expect(body).toContain("we have not recorded a decision");
    expect(ask!.body.text).not.toMatch(/ASSIGN#|east-midlands-2026\.|0 of 0/);
    const accept = /http:\/\/riia\.test(\/r\/[a-z2-7]+\/accept)/.exec(body)![1]!;
    expect(ask!.body.text).toMatch(/\/r\/[a-z2-7]+\/decline/);
    expect(ask!.body.text).toMatch(/http:\/\/riia\.test\/f\/\S+/);
    // Follow the accept link as the reviewer would: the page, then its form.
    const app = createApp(deps);
    const page = await (await app.request(accept)).text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const done = await app.request(action, {
      method: "POST",
      body: new URLSearchParams({ csrf }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(await done.text()).toContain(`You have accepted the review of ${a.name}`);
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
    const listed = await Assignments.repliesNeedingLead(deps, "east-midlands-2026");
    expect(listed.undecided.map((u) => u.assignmentId)).not.toContain(a.id);
  });

  it("reads a decision given only in the subject line", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
    const subject = `RE: Peer scrutiny: please review ${a.name} - DECLINE`;
    await deliver(deps, smtp, plainReply({ from: person.email, to: a.address, subject, text: "Sam" }), {
      from: person.email,
      to: [a.address],
    });
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
  });

  it("never takes a polite refusal for an acceptance", async () => {
    for (const text of [
      "I can\u2019t, sorry.",
      "Would love to but we can't this year.",
      "Sorry, no \u2013 not this time.",
    ]) {
      const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
      await deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), {
        from: person.email,
        to: [a.address],
      });
      expect((await Assignments.get(deps, a.id)).status).toBe("declined");
    }
  });
});

describe("a change of mind", () => {
  it("a decline after accepting goes to the lead to decide, the reviewer told; released, the reserve is asked", async () => {
    const reviewee = next();
    const a = await assignment(deps, { reviewee, reviewer: REVIEWER, person });
    const reserveCode = "E10000019"; // Lincolnshire, first reserve
    const reserve = await assignment(deps, {
      reviewee,
      reviewer: reserveCode,
      person: (await People.findByEmail(deps, "east-midlands", "performance@lincolnshire.example.org"))!,
      status: "proposed",
      rank: 1,
    });
    const send = (text: string) =>
      deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), {
        from: person.email,
        to: [a.address],
      });
    await send("Yes, happy to do this one.");
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
    const record = await send(
      "Sorry \u2013 we can no longer do this, our inspection has been brought forward. We have to decline.",
    );
    expect(record.status).toBe("held");
    // Nothing swapped on the email alone: the review stays, the reply waits in the lead's queue.
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
    expect((await Assignments.get(deps, reserve.id)).status).toBe("proposed");
    const queue = await Assignments.repliesNeedingLead(deps, "east-midlands-2026");
    const held = queue.held.find((h) => h.assignmentId === a.id)!;
    expect(held.reply.why).toMatch(/change of mind/);
    const [toldReviewer] = await mailAbout(
      person.email,
      `Your regional lead will decide on your change about ${a.name}`,
    );
    expect(toldReviewer!.body.text).toContain("We have not changed anything yet");
    const [toldLead] = await mailAbout("lead@em-riia.example.org", `Nottingham has changed its answer about ${a.name}`);
    expect(toldLead!.body.text).toContain("Nothing has changed yet");

    // The lead releases it: now the decline applies, the reserve is asked and the reviewer told.
    const lead = { kind: "person" as const, id: "p-lead", name: "Morgan Lee" };
    await Answers.releaseHeld(deps, {
      cycleId: "east-midlands-2026",
      id: a.id,
      messageId: record.messageId,
      accept: true,
      actor: lead,
    });
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
    expect(await Assignments.get(deps, reserve.id)).toMatchObject({ status: "sent", rank: 0 });
    const [decided] = await mailAbout(person.email, `Your regional lead has answered for you about ${a.name}`);
    expect(decided!.body.text).toContain("can no longer do the review");
  });

  it("an accept after the review went to another authority is refused, clearly", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person, status: "declined" });
    await deps.store.update(Assignments.assignmentKey(a.id), { set: { replacedBy: "someone-else" } });
    await deliver(
      deps,
      smtp,
      plainReply({ from: person.email, to: a.address, text: "Accept - we can do it after all." }),
      {
        from: person.email,
        to: [a.address],
      },
    );
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
    const [refused] = await mailAbout(person.email, `We have not changed your answer about ${a.name}`);
    expect(refused!.body.text).toContain("already gone to another local authority");
    expect(await mailAbout(person.email, `We have recorded your reply about ${a.name}`)).toEqual([]);
  });
});

describe("email copy", () => {
  it("names people and places, never internal keys, in every email a reply causes", async () => {
    const a = await assignment(deps, { reviewee: next(), reviewer: REVIEWER, person });
    const send = (text: string) =>
      deliver(deps, smtp, plainReply({ from: person.email, to: a.address, text }), {
        from: person.email,
        to: [a.address],
      });
    await send("Before we decide, who else is reviewing?");
    await send("Decline, sorry.");
    await Mail.dispatchDue(deps); // the scheduled step sends what was only queued (the lead's no-reserve notice)
    const mine = [...(await mailAbout(person.email, a.name)), ...(await mailAbout("lead@em-riia.example.org", a.name))];
    expect(mine.map((m) => m.subject).sort()).toEqual(
      [
        `Can you do the peer scrutiny of ${a.name}?`,
        `We could not reach ${a.name}`,
        `We have recorded your reply about ${a.name}`,
      ].sort(),
    );
    for (const m of mine) {
      const text = `${m.subject}\n${m.body.text ?? ""}`;
      expect(text).not.toMatch(/ASSIGN#|east-midlands-2026|peer-scrutiny|E\d{8}|\b0 of 0\b|undefined|\[object/);
    }
    const [noReserve] = await mailAbout("lead@em-riia.example.org", `We could not reach ${a.name}`);
    expect(noReserve!.body.text).toContain("Nottingham declined and no reserve reviewer is left");
  });
});
