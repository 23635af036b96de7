/**
 * The whole peer-review loop (issue 24, "Done when"), through emailed links, SMTP replies and the scheduled step at
 * several dates: Derby's DCS submits the self-evaluation from the emailed link; the lead opens peer scrutiny and the
 * assignments proposed are for Derby and Rutland only (the LAs whose submission is in); one reviewer accepts and
 * reviews by the page, another accepts and reviews by email; Derby's people get one email, read both reviews and
 * respond; past the deadline Rutland (whose reviewers never send) is never chased for them; the development plan
 * answers each recommendation; and the peer-challenge reviewer reads the plan beside them and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Cycle,
  fixedClock,
  Tasks,
  Region,
  Keys,
  type Recommendations,
  Submission,
  type OutboundEmail,
} from "@riia/core";
import { scheduledSteps } from "@riia/functions/steps";
import { formOf, formsOf, linksOf, type FormFiller } from "../form-page";
import { deliver, plainReply } from "./replies-support";
import { clean, emailOf, pathOf, reviewLoop, reviewText, said, type ReviewLoop } from "./review-loop-support";
import { signInByPage } from "./sign-in";
import { selfEvaluationAnswers } from "./self-evaluation-answers";

const clock = fixedClock("2026-09-08T10:00:00Z");
const CYCLE = "east-midlands-2026";
let w: ReviewLoop;
let cookie = "";

beforeAll(async () => {
  w = await reviewLoop(clock);
  LAS = await Region.authorities(w.deps, "east-midlands");
});
afterAll(() => w?.smtp.stop());

/** The scheduled step, every part in order, at `when`. */
async function tickAt(when: string) {
  clock.set(when);
  for (const step of Object.values(scheduledSteps)) await step(w.deps, clock.now());
}
async function post(form: FormFiller, button?: string, withCookie = "") {
  const res = await w.app.request(form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: withCookie },
  });
  return { res, html: clean(await res.text()) };
}
/** The lead signs in afresh at each stage (months pass between them) and reads a page. */
async function asLead(path: string) {
  cookie = await signInByPage(w.app, w.sent, { email: "lead@em-riia.example.org" });
  const page = await w.get(path, { cookie });
  expect(page.res.status, path).toBe(200);
  return page;
}
const ANSWERS = selfEvaluationAnswers("2025-26");
/** `la`'s DCS follows the emailed invitation, fills each section as its page offers it and submits. */
async function dcsSubmitsSelfEvaluation(la: string) {
  const [invite, ...more] = mailTo(emailOf(la, "dcs"), /^Annual self-evaluation: please complete/);
  expect(more).toHaveLength(0);
  const form = linkIn(invite!, "f");
  for (const [section, fields] of Object.entries(ANSWERS)) {
    const { html } = await w.get(`${form}/s/${section}`);
    expect((await post(formOf(html, `/s/${section}`).set(fields), "continue")).res.status).toBe(303);
  }
  const check = await w.get(`${form}/check`);
  expect((await post(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
  const id = Submission.submissionId(CYCLE, "self-evaluation", w.code(la));
  expect((await Submission.get(w.deps, id)).status).toBe("submitted");
}
const mailTo = (to: string, subject: RegExp) => w.sent.filter((m) => m.to[0] === to && subject.test(m.subject));
const linkIn = (m: OutboundEmail, kind: string) =>
  pathOf(new RegExp(`(http://riia\\.test/${kind}/\\S+)`).exec(m.text)![1]!.replace(/[.,)]$/, ""));
/** The assignment emails asking for a review of `la`, oldest first. */
const asked = (la: string) => w.sent.filter((m) => new RegExp(`^Peer scrutiny: please review ${la}$`).test(m.subject));
const nameOf = (code: string) => LAS.find((l) => l.code === code)!.name;
let LAS: { code: string; name: string }[] = [];
/** A reviewer fills the response form from its emailed link, section by section, and submits. */
async function reviewByPage(form: string, how: string) {
  const areas = await w.get(`${form}/s/areas`);
  const filled = formOf(areas.html, "/s/areas").set({
    "q.areas.0.area": "front-door",
    "q.areas.0.enquiry": "How quickly are contacts decided?",
    "q.areas.0.findings": said(how).findings,
    "q.areas.0.challenge": "Thresholds differ between teams.",
    "q.areas.0.recommendations": said(how).recommendations,
    "q.areas.0.confidence": "high",
  });
  expect((await post(filled, "continue")).res.status).toBe(303);
  const overall = await w.get(`${form}/s/overall`);
  const rated = formOf(overall.html, "/s/overall").set({ "q.summary": `Summary by ${how}.`, "q.overall-rag": "amber" });
  expect((await post(rated, "continue")).res.status).toBe(303);
  const check = await w.get(`${form}/check`);
  expect((await post(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
}
const derbysReviewers = async (s: Assignments.ReviewStep) =>
  (await Assignments.listForStep(w.deps, CYCLE, s)).filter((a) => a.reviewee === w.code("Derby") && a.rank === 0);
const step = (s: string) => `/lead/cycles/${CYCLE}/steps/${s}`;

describe("the peer-review loop, start to end", () => {
  it("1. Derby's DCS submits the self-evaluation from the emailed link", async () => {
    await tickAt("2026-09-08T10:00:00Z");
    clock.set("2026-10-12T10:00:00Z");
    await dcsSubmitsSelfEvaluation("Derby");
    await dcsSubmitsSelfEvaluation("Rutland");
    const subs = await Submission.listForCycle(w.deps, CYCLE, "self-evaluation");
    expect(
      subs
        .filter((s) => s.status === "submitted")
        .map((s) => s.authority)
        .sort(),
    ).toEqual([w.code("Derby"), w.code("Rutland")].sort());
  });

  it("2. the lead opens peer scrutiny; only LAs whose self-evaluation is in get reviewers, a later one when it arrives", async () => {
    clock.set("2026-10-20T10:00:00Z");
    const page = await asLead(step("peer-scrutiny"));
    const confirm = await post(
      formOf(page.html, step("peer-scrutiny")).set({ reason: "Both submissions are in" }),
      undefined,
      cookie,
    );
    expect(confirm.res.status).toBe(200);
    expect(confirm.html).toContain(`name="confirm" value="yes"`);
    const opened = await post(
      formOf(confirm.html, step("peer-scrutiny")).set({ reason: "Both submissions are in" }),
      undefined,
      cookie,
    );
    expect(opened.res.status).toBe(303);
    const assignments = await asLead(`/lead/cycles/${CYCLE}/assignments/peer-scrutiny`);
    expect((await post(formOf(assignments.html, "/send"), undefined, cookie)).res.status).toBe(303);
    await tickAt("2026-10-20T10:05:00Z");
    const chosen = (await Assignments.listForStep(w.deps, CYCLE, "peer-scrutiny")).filter((a) => a.rank === 0);
    for (const la of ["Derby", "Rutland"]) {
      const theirs = chosen.filter((a) => a.reviewee === w.code(la));
      expect(theirs.map((a) => a.status)).toEqual(["sent", "sent"]);
      for (const a of theirs)
        expect(
          mailTo(
            emailOf(a.reviewer === w.code(la) ? la : nameOf(a.reviewer), "performance"),
            new RegExp(`^Peer scrutiny: please review ${la}$`),
          ),
        ).toHaveLength(1);
    }
    // Only theirs: the reviews of LAs whose self-evaluation is not in wait, unsent.
    const others = chosen.filter((a) => ![w.code("Derby"), w.code("Rutland")].includes(a.reviewee));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((a) => a.status !== "proposed")).toEqual([]);
    expect(w.sent.filter((m) => /^Peer scrutiny: please review /.test(m.subject))).toHaveLength(4);
    // Leicester's self-evaluation arrives later: its reviewers are sent then, and no one else's.
    await dcsSubmitsSelfEvaluation("Leicester");
    await tickAt("2026-10-20T11:00:00Z");
    const leicester = (await Assignments.listForStep(w.deps, CYCLE, "peer-scrutiny")).filter(
      (a) => a.rank === 0 && a.reviewee === w.code("Leicester"),
    );
    expect(leicester.map((a) => a.status)).toEqual(["sent", "sent"]);
    expect(asked("Leicester")).toHaveLength(2);
    expect(w.sent.filter((m) => /^Peer scrutiny: please review /.test(m.subject))).toHaveLength(6);
  });

  it("3. one reviewer accepts and reviews by the page, the other accepts and reviews by email", async () => {
    clock.set("2026-10-27T10:00:00Z");
    const [byPage, byEmail] = asked("Derby");
    for (const m of [byPage!, byEmail!]) {
      const raw = plainReply({ from: m.to[0]!, to: m.replyTo![0]!, text: "ACCEPT - glad to." });
      expect((await deliver(w.deps, w.smtp, raw, { from: m.to[0]!, to: m.replyTo! })).status).toBe("recorded");
    }
    const derbys = async () =>
      (await Assignments.listForStep(w.deps, CYCLE, "peer-scrutiny")).filter(
        (a) => a.reviewee === w.code("Derby") && a.rank === 0,
      );
    expect((await derbys()).map((a) => a.status)).toEqual(["accepted", "accepted"]);

    await reviewByPage(linkIn(byPage!, "f"), "page");
    expect(mailTo(emailOf("Derby", "dcs"), /reviews are ready to read$/)).toHaveLength(0);
    const raw = plainReply({ from: byEmail!.to[0]!, to: byEmail!.replyTo![0]!, text: reviewText("email") });
    expect(await deliver(w.deps, w.smtp, raw, { from: byEmail!.to[0]!, to: byEmail!.replyTo! })).toMatchObject({
      status: "recorded",
      reason: "review by email: submitted",
    });
    for (const a of await derbys()) {
      const id = Submission.submissionId(CYCLE, "peer-challenge-response", Assignments.responseAuthority(a));
      expect((await Submission.get(w.deps, id)).status).toBe("submitted");
    }
    expect(mailTo(byEmail!.to[0]!, /^Your peer scrutiny of Derby is submitted$/)).toHaveLength(1);
  });

  it("4. Derby's people get one email, read both reviews through its link and respond to one", async () => {
    clock.set("2026-10-28T10:00:00Z");
    const links = (["dcs", "performance", "improvement"] as const).map((role) => {
      const [mail, ...more] = mailTo(emailOf("Derby", role), /^Your peer scrutiny reviews are ready to read$/);
      expect(more, role).toHaveLength(0);
      return linkIn(mail!, "r");
    });
    const page = await w.get(links[0]!);
    expect(page.res.status).toBe(200);
    for (const how of ["page", "email"]) for (const text of Object.values(said(how))) expect(page.html).toContain(text);
    const form = formsOf(page.html)[0]!;
    const saved = await post(form.fill("text", "Thank you both. The panel meets weekly, not monthly."));
    expect(saved.res.status).toBe(303);
    const reviewer = form.fields.reviewer!;
    expect(await w.deps.store.get(Keys.reviewReply(CYCLE, "peer-scrutiny", w.code("Derby"), reviewer))).toMatchObject({
      text: expect.stringContaining("meets weekly"),
    });
    const la = await asLead(`${step("peer-scrutiny")}/las/${w.code("Derby")}`);
    expect(la.html).toContain("The panel meets weekly, not monthly.");
    for (const how of ["page", "email"]) expect(la.html).toContain(said(how).findings);
  });

  it("5. past the deadline Rutland, whose reviewers never send, is never chased for them", async () => {
    const before = w.sent.length;
    for (const when of ["2026-11-24T10:00:00Z", "2026-12-02T10:00:00Z", "2026-12-10T10:00:00Z", "2026-12-22T10:00:00Z"])
      await tickAt(when);
    const after = w.sent.slice(before);
    // Rutland's people: invited to the development plan, never reminded, marked overdue or escalated for reviews.
    const toRutland = after.filter((m) => m.to[0]!.endsWith("@rutland.example.org"));
    expect(toRutland.filter((m) => / of Rutland|Rutland's peer scrutiny|Overdue|Escalation/.test(m.subject))).toEqual(
      [],
    );
    // Nor is anyone else told Rutland is late: its reviewers are reminded, then the ladder climbs from them.
    const aboutRutland = after.filter((m) => /peer scrutiny of Rutland/.test(m.subject));
    expect(aboutRutland.length).toBeGreaterThanOrEqual(6);
    for (const m of aboutRutland) expect(m.to[0], m.subject).not.toMatch(/@rutland\./);
    const reviewers = asked("Rutland").map((m) => m.to[0]);
    for (const to of reviewers) {
      expect(mailTo(to!, /^Reminder: peer scrutiny of Rutland due/), to).toHaveLength(1);
      expect(mailTo(to!, /^Overdue: your peer scrutiny of Rutland$/), to).toHaveLength(1);
    }
    expect(
      after
        .filter((m) => /^Escalation: .* peer scrutiny of Rutland/.test(m.subject))
        .map((m) => m.to[0]!.split("@")[0]),
    ).toEqual(expect.arrayContaining(["dcs", "lead"]));
    // The store agrees: no peer-scrutiny task of Rutland's is overdue or escalated; the step has closed.
    const tasks = (await Tasks.tasksOf(w.deps, CYCLE)).filter((t) => t.step === "peer-scrutiny");
    const rutland = tasks.filter((t) => t.authority === w.code("Rutland"));
    expect(rutland.filter((t) => ["overdue", "escalated"].includes(t.status))).toEqual([]);
    expect(Cycle.phase(await Cycle.get(w.deps, CYCLE), "peer-scrutiny").state).toBe("closed");
  });

  it("6. the development plan answers each recommendation, and is submitted from the emailed link", async () => {
    clock.set("2027-01-12T10:00:00Z");
    const [invite] = mailTo(emailOf("Derby", "dcs"), /^Development plan: please complete/);
    const form = linkIn(invite!, "f");
    const tasks = await w.get(form);
    const recs = await w.get(linksOf(tasks.html).find((l) => l.endsWith("/recommendations"))!);
    for (const how of ["page", "email"]) expect(recs.html).toContain(said(how).recommendations);
    const [byPage, byEmail] = (await derbysReviewers("peer-scrutiny")).map((a) => `${a.reviewer}-1`);
    const answers = formOf(recs.html, "/recommendations").set({
      [`response-${byPage}`]: "accepted",
      [`detail-${byPage}`]: "Priority 1: quarterly step-down audits from February.",
      [`response-${byEmail}`]: "partly",
      [`detail-${byEmail}`]: "One threshold across both teams; the audits already run.",
    });
    expect((await post(answers)).res.status).toBe(303);
    const kept = await w.deps.store.get<Recommendations.PlanAnswers>(Keys.planAnswers(CYCLE, w.code("Derby")));
    expect(kept?.answers).toEqual({
      [byPage!]: expect.objectContaining({ response: "accepted" }),
      [byEmail!]: expect.objectContaining({ response: "partly", detail: expect.stringContaining("One threshold") }),
    });
    const priorities = await w.get(`${form}/s/priorities`);
    const plan = formOf(priorities.html, "/s/priorities").set({
      "q.priorities.0.title": "A consistent front door",
      "q.priorities.0.theme": "front-door",
      "q.priorities.0.actions": "Quarterly step-down audits from February.",
      "q.priorities.0.owner": "Head of early help",
      "q.priorities.0.timescale-day": "31",
      "q.priorities.0.timescale-month": "3",
      "q.priorities.0.timescale-year": "2027",
      "q.priorities.0.measures": "Audit grades",
      "q.priorities.0.support-wanted": "no",
    });
    expect((await post(plan, "continue")).res.status).toBe(303);
    const governance = await w.get(`${form}/s/governance`);
    const board = formOf(governance.html, "/s/governance").set({ "q.oversight": "The improvement board, monthly." });
    expect((await post(board, "continue")).res.status).toBe(303);
    const check = await w.get(`${form}/check`);
    expect((await post(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
    const id = Submission.submissionId(CYCLE, "development-plan", w.code("Derby"));
    expect((await Submission.get(w.deps, id)).status).toBe("submitted");
    // The lead sees nothing of Derby's left unanswered.
    const la = await asLead(`${step("development-plan")}/las/${w.code("Derby")}`);
    expect(la.html).toContain("How the development plan answers each peer-scrutiny recommendation");
    expect(la.html).not.toContain("Not answered yet");
  });

  it("7. peer challenge: the reviewer reads the plan beside the recommendations and answers", async () => {
    await tickAt("2027-02-01T10:00:00Z");
    const assignments = await asLead(`/lead/cycles/${CYCLE}/assignments/peer-challenge`);
    expect((await post(formOf(assignments.html, "/send"), undefined, cookie)).res.status).toBe(303);
    await tickAt("2027-02-01T10:05:00Z");
    const mails = w.sent.filter((m) => /^Peer challenge: please review Derby$/.test(m.subject));
    expect(mails).toHaveLength(2);
    const [challenger] = mails;
    const work = await w.get(linkIn(challenger!, "r").replace(/\/accept$/, "/work"));
    expect(work.res.status).toBe(200);
    expect(work.html).toContain("A consistent front door");
    expect(work.html).toContain("Peer-scrutiny recommendations and how the plan answers them");
    expect(work.html).toContain("Accepted – the plan has an action. Priority 1: quarterly step-down audits");
    for (const how of ["page", "email"]) expect(work.html).toContain(said(how).recommendations);
    expect(work.html).not.toContain("Not answered in the plan yet");

    const raw = plainReply({ from: challenger!.to[0]!, to: challenger!.replyTo![0]!, text: "ACCEPT" });
    expect((await deliver(w.deps, w.smtp, raw, { from: challenger!.to[0]!, to: challenger!.replyTo! })).status).toBe(
      "recorded",
    );
    await reviewByPage(linkIn(challenger!, "f"), "challenge");
    const [mine] = (await derbysReviewers("peer-challenge")).filter((a) =>
      challenger!.to[0]!.endsWith(
        `@${nameOf(a.reviewer)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")}.example.org`,
      ),
    );
    const id = Submission.submissionId(CYCLE, "peer-challenge-response", Assignments.responseAuthority(mine!));
    expect((await Submission.get(w.deps, id)).status).toBe("submitted");
    expect((await Assignments.get(w.deps, mine!.id)).status).toBe("accepted");
  });
});
