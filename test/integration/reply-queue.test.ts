/**
 * The lead's page of replies that need them, as a lead meets it: a real reply over SMTP that decides
 * nothing, and one from an unexpected address, listed with the sender's own words; the lead accepts
 * on the reviewer's behalf, records a decline, releases or rejects a held reply — each request built
 * from the rendered page's forms (session CSRF field included), stale actions shown with the GOV.UK
 * error summary, every action audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, Audit, fixedClock, People, Replies, Submission, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { startSmtp, type LocalSmtp } from "../../local/smtp-inbound";
import { recordingMailer, testDeps } from "./helpers";
import { formsOf, type PageForm } from "./page-forms";
import { assignment, CYCLE, deliver, plainReply } from "./replies-support";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-10-08T10:00:00Z");
const REVIEWER = "E10000024"; // Nottinghamshire
const PAGE = `/lead/cycles/${CYCLE}/replies`;
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
let cookie: string;
let person: People.Person;

const post = (path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string) => {
  const res = await app.request(path, { headers: { cookie } });
  return { res, html: (await res.text()).replace(/&#39;/g, "'") };
};

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  smtp = await startSmtp(deps);
  person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});
afterAll(() => smtp?.stop());

/** The action form on the page for one assignment's reply, by its button. */
function actionFor(html: string, assignmentId: string, button: string): PageForm {
  const found = formsOf(html).filter((f) => f.fields.assignment === assignmentId && f.buttons.includes(button));
  expect(found).toHaveLength(1);
  return found[0]!;
}
const press = (f: PageForm) => post(f.action, f.fields);
const audited = async (action: string, id: string) =>
  (await Audit.listForScope(deps, Audit.cycleScope(CYCLE))).items.filter(
    (e) => e.action === action && e.entity.id.startsWith(`${id}/`),
  );

async function reply(to: string, from: string, text: string) {
  return deliver(deps, smtp, plainReply({ from, to, text, subject: "Re: Peer scrutiny" }), { from, to: [to] });
}

describe("the lead's replies page", () => {
  it("lists an undecided emailed reply in the reviewer's words; the lead accepts for them, and a stale second action is refused", async () => {
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: REVIEWER, person });
    const words = "Thanks for thinking of us.\nI need to check diaries with the team and will come back to you.";
    expect((await reply(a.address, person.email, words)).status).toBe("recorded");
    expect((await Assignments.get(deps, a.id)).status).toBe("sent");

    // The lead finds it from the cycle's dashboard: the count, and the link to the page.
    const board = await get(`/lead/cycles/${CYCLE}`);
    expect(board.html).toMatch(/Replies that decided nothing[\s\S]*?[1-9]\d*\s*<\/dd>/);
    const href = /<a class="govuk-link" href="([^"]+)">Replies that need you<\/a>/.exec(board.html)![1]!;
    const { res, html } = await get(href);
    expect(res.status).toBe(200);
    expect(html).toContain("Nottinghamshire reviewing Derby");
    expect(html).toContain("I need to check diaries with the team and will come back to you.");
    expect(html).not.toContain("Your authority has been asked"); // the quoted request is not the reviewer's
    expect(html).toContain(person.email);

    const accept = actionFor(html, a.id, "Accept on the reviewer's behalf");
    const decline = actionFor(html, a.id, "Record a decline");
    const done = await press(accept);
    expect(done.status).toBe(303);
    const after = await get(done.headers.get("location")!);
    expect(after.html).toContain("Accepted on the reviewer's behalf.");
    expect(after.html).not.toContain("Nottinghamshire reviewing Derby");
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
    expect(await audited("assignment.accepted-for-reviewer", a.id)).toHaveLength(1);
    // The reviewer is told the lead answered for them, with their form and a reply address that works.
    const told = sent.filter((m) => m.to[0] === person.email && m.subject.includes("has answered for you about Derby"));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("accepts the review");
    expect(told[0]!.text).toMatch(/http:\/\/riia\.test\/f\/\S+/);
    expect((await Replies.resolve(deps, told[0]!.replyTo ?? [])).ok).toBe(true);

    // The decline button from the page as it was: refused with the error summary, nothing changed.
    const stale = await press(decline);
    expect(stale.status).toBe(409);
    const text = (await stale.text()).replace(/&#39;/g, "'");
    expect(text).toContain("There is a problem");
    expect(text).toContain("The reviewer's answer is already recorded (accepted)");
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
  });

  it("records a decline for the reviewer, which sends the review to the reserve", async () => {
    const a = await assignment(deps, { reviewee: "E06000016", reviewer: REVIEWER, person });
    const reserve = await assignment(deps, {
      reviewee: "E06000016",
      reviewer: "E10000018",
      person,
      status: "proposed",
      rank: 1,
    });
    await reply(a.address, person.email, "Could you send me the dates again? I will check with my director.");
    const { html } = await get(PAGE);
    expect((await press(actionFor(html, a.id, "Record a decline"))).status).toBe(303);
    expect(await Assignments.get(deps, a.id)).toMatchObject({ status: "declined", replacedBy: reserve.id });
    expect((await Assignments.get(deps, reserve.id)).status).toBe("sent");
    expect(await audited("assignment.declined-for-reviewer", a.id)).toHaveLength(1);
  });

  it("releases one held reply and rejects another, telling the page's CSRF field apart from a forged one", async () => {
    const released = await assignment(deps, { reviewee: "E06000017", reviewer: REVIEWER, person });
    const rejected = await assignment(deps, { reviewee: "E10000019", reviewer: REVIEWER, person });
    const other = "deputy.director@nottinghamshire.example.org";
    const findings = "Accept. Happy to do this one.\n\nStrengths:\nClear plans for the front door.";
    expect((await reply(released.address, other, findings)).status).toBe("held");
    expect((await reply(rejected.address, other, "Accept, we will do it.")).status).toBe("held");
    const lead = sent.filter((m) => m.to[0] === "lead@em-riia.example.org" && m.subject.includes(other));
    expect(lead.map((m) => /(http:\/\/riia\.test\S+)/.exec(m.text)![1])).toContain(`http://riia.test${PAGE}`);

    const { html } = await get(PAGE);
    expect(html).toContain("Accept. Happy to do this one.");
    expect(html).toContain(other);
    const release = actionFor(html, released.id, "Release the reply");
    expect((await post(release.action, { ...release.fields, csrf: "forged" })).status).toBe(403);
    expect((await Assignments.get(deps, released.id)).status).toBe("sent");

    expect((await press(release)).status).toBe(303);
    expect((await Assignments.get(deps, released.id)).status).toBe("accepted");
    // Released, its findings reach the response form's draft like any reviewer's.
    const draft = await Submission.get(
      deps,
      Submission.submissionId(CYCLE, "peer-challenge-response", `${REVIEWER}~E06000017~peer-scrutiny`),
    );
    expect(draft.answers.areas).toEqual([{ findings: "Clear plans for the front door." }]);
    expect((await press(actionFor(html, rejected.id, "Reject the reply"))).status).toBe(303);
    const kept = await Assignments.get(deps, rejected.id);
    expect(kept.status).toBe("sent");
    expect(Object.values(kept.replies).map((r) => r.held)).toEqual(["rejected"]);
    expect(await audited("reply.released", released.id)).toHaveLength(1);
    expect(await audited("reply.rejected", rejected.id)).toHaveLength(1);
    const later = await get(PAGE);
    expect(later.html).toContain("No replies are held.");
  });
});
