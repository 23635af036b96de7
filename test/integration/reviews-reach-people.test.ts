/**
 * Reviews reach people (issue 24, item 2): reviewers submit peer-scrutiny reviews through the rendered response
 * form; the signed-in lead reads each in full on the step page, the LA's page and the board's counts; the reviewed
 * LA's officers and DCS get exactly one email when its reviews are in, whose link shows their own LA's reviews only
 * (never the lead-only answers) and takes a short response per review; the step's close tells an LA with reviews
 * missing, once; the CSV and Word exports carry the reviews.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Cycle,
  fixedClock,
  Keys,
  People,
  Region,
  Review,
  ReviewNotice,
  type OutboundEmail,
} from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { scheduledSteps } from "@riia/functions/steps";
import type { LocalSmtp } from "../../local/smtp-inbound";
import { formOf, formsOf, type FormFiller } from "../form-page";
import { pageWorld } from "./page-world";
import { assignment, CYCLE } from "./replies-support";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-10-20T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let smtp: LocalSmtp;
let cookie: string;
let code: (name: string) => string;

beforeAll(async () => {
  ({ deps, sent, app, smtp } = await pageWorld(clock));
  const las = await Region.authorities(deps, "east-midlands");
  code = (name) => las.find((l) => l.name === name)!.code;
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});
afterAll(() => smtp?.stop());

const clean = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  return { res, html: clean(await res.text()) };
}
const lead = (path: string) => get(path, { cookie });
async function send(form: FormFiller, button?: string) {
  const res = await app.request(form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
  return { res, html: clean(await res.text()) };
}
const pathOf = (url: string) => url.replace("http://riia.test", "");
const readyMail = (to: string) => sent.filter((m) => m.to[0] === to && /reviews are ready to read$/.test(m.subject));
const emailOf = (la: string, role: "dcs" | "performance" | "improvement") =>
  `${role}@${la.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.org`;

/** The reviewer's words, recognisable on every page and export. */
const words = (reviewer: string, reviewee: string) => ({
  findings: `${reviewer} found ${reviewee}'s front door decisions timely.`,
  challenge: `${reviewer} asks ${reviewee} to test threshold consistency.`,
  recommendations: `${reviewer} recommends ${reviewee} audits step-downs quarterly.`,
  leadOnly: `${reviewer} tells the lead only: staffing is fragile at ${reviewee}.`,
  summary: `${reviewer}'s summary of ${reviewee}.`,
});

/** `reviewer`'s performance lead is sent the review of `reviewee`. */
async function assign(reviewer: string, reviewee: string) {
  const person = (await People.findByEmail(deps, "east-midlands", emailOf(reviewer, "performance")))!;
  const a = await assignment(deps, { reviewee: code(reviewee), reviewer: code(reviewer), person });
  return { ...a, person, reviewer, reviewee };
}

/** The assigned reviewer submits a full review through the rendered response form. */
async function reviews({ person, reviewer, reviewee, ...a }: Awaited<ReturnType<typeof assign>>) {
  const cycle = await Cycle.get(deps, CYCLE);
  const { formHref } = await Review.reviewerContact(deps, cycle, await Assignments.get(deps, a.id), person);
  const form = pathOf(formHref);
  const w = words(reviewer, reviewee);
  const areas = await get(`${form}/s/areas`);
  const filled = formOf(areas.html, "/s/areas").set({
    "q.areas.0.area": "front-door",
    "q.areas.0.enquiry": "How quickly are contacts decided?",
    "q.areas.0.findings": w.findings,
    "q.areas.0.challenge": w.challenge,
    "q.areas.0.recommendations": w.recommendations,
    "q.areas.0.confidence": "high",
    "q.areas.0.lead-comments": w.leadOnly,
  });
  expect((await send(filled, "continue")).res.status).toBe(303);
  const overall = await get(`${form}/s/overall`);
  const rated = formOf(overall.html, "/s/overall").set({ "q.summary": w.summary, "q.overall-rag": "amber" });
  expect((await send(rated, "continue")).res.status).toBe(303);
  const check = await get(`${form}/check`);
  expect((await send(formOf(check.html, "/submit").check("declaration", "yes"))).res.status).toBe(303);
  return { ...a, person, w };
}

/** The link in the email `to` received about its LA's reviews. */
function linkIn(to: string) {
  const [mail, ...more] = readyMail(to);
  expect(more).toHaveLength(0);
  return pathOf(/(http:\/\/riia\.test\/r\/\w+\/reviews)/.exec(mail!.text)![1]!);
}

describe("a reviewed LA's reviews", () => {
  it("reach its officers and DCS in one email once all are in, and the lead reads each in full", async () => {
    const [toNotts, toLeic] = [await assign("Nottinghamshire", "Derby"), await assign("Leicester", "Derby")];
    const notts = await reviews(toNotts);
    // One of two in: nobody at Derby is told yet.
    expect(readyMail(emailOf("Derby", "dcs"))).toHaveLength(0);
    const leic = await reviews(toLeic);
    for (const role of ["dcs", "performance", "improvement"] as const)
      expect(readyMail(emailOf("Derby", role)), role).toHaveLength(1);
    expect(readyMail(emailOf("Derby", "dcs"))[0]!.text).toContain(
      "Every reviewer has sent their peer scrutiny of Derby",
    );
    // Nobody else is told about Derby's reviews.
    expect(sent.filter((m) => /reviews are ready/.test(m.subject) && !m.to[0]!.endsWith("@derby.example.org"))).toEqual(
      [],
    );

    const step = await lead(`/lead/cycles/${CYCLE}/steps/peer-scrutiny`);
    expect(step.res.status).toBe(200);
    expect(step.html).toContain("Reviews received");
    expect(step.html).toContain("Derby – 2 requested, 2 accepted, 2 submitted");
    const la = await lead(`/lead/cycles/${CYCLE}/steps/peer-scrutiny/las/${code("Derby")}`);
    expect(la.res.status).toBe(200);
    for (const page of [step.html, la.html]) {
      for (const w of [notts.w, leic.w]) for (const text of Object.values(w)) expect(page).toContain(text);
      expect(page).toContain("Review by Nottinghamshire");
      expect(page).toContain("Review by Leicester");
      expect(page).toContain(notts.person.name);
      expect(page).toContain("Amber");
      expect(page).toContain("High – well evidenced");
      expect(page).toMatch(/Date\s*<\/dt>\s*<dd[^>]*>\s*20 October 2026/);
    }
    const board = await lead(`/lead/cycles/${CYCLE}`);
    expect(board.html).toContain("Reviews received: 2 requested, 2 accepted, 2 submitted");

    // Telling again (the tick, a repeated submission path) sends nothing more.
    await scheduledSteps.reviewNotices!(deps, clock.now());
    await ReviewNotice.afterReviewSubmitted(deps, {
      cycleId: CYCLE,
      authority: Assignments.responseAuthority({
        reviewer: code("Leicester"),
        reviewee: code("Derby"),
        step: "peer-scrutiny",
      }),
    });
    expect(readyMail(emailOf("Derby", "dcs"))).toHaveLength(1);
  });

  it("are read through the emailed link (own LA only, no lead-only answers) and take a response per review", async () => {
    const link = linkIn(emailOf("Derby", "improvement"));
    const page = await get(link);
    expect(page.res.status).toBe(200);
    const w = words("Nottinghamshire", "Derby");
    expect(page.html).toContain(w.findings);
    expect(page.html).toContain(words("Leicester", "Derby").recommendations);
    expect(page.html).not.toContain(w.leadOnly);
    expect(page.html).not.toContain("Comments for the regional lead only");

    // A response to Nottinghamshire's review, posted as the page posts it.
    const form = formsOf(page.html).find((f) => f.fields.reviewer === code("Nottinghamshire"))!;
    const saved = await send(form.fill("text", "Thank you. One correction: the panel meets weekly, not monthly."));
    expect(saved.res.status).toBe(303);
    const key = Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derby"), code("Nottinghamshire"));
    expect(await deps.store.get(key)).toMatchObject({
      text: expect.stringContaining("meets weekly"),
      reviewee: code("Derby"),
    });
    const la = await lead(`/lead/cycles/${CYCLE}/steps/peer-scrutiny/las/${code("Derby")}`);
    expect(la.html).toContain("the panel meets weekly, not monthly");

    // An empty response is refused with the GOV.UK error pattern, and nothing is stored.
    const again = formsOf((await get(link)).html).find((f) => f.fields.reviewer === code("Leicester"))!;
    const empty = await send(again.fill("text", "   "));
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain("There is a problem");
    expect(empty.html).toContain("Write your response to the review");
    expect(
      await deps.store.get(Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derby"), code("Leicester"))),
    ).toBeUndefined();

    // A reviewer code changed in the page is no review of Derby's: refused, nothing stored.
    const other = formsOf((await get(link)).html)[0]!;
    other.form.controls.find((c) => c.name === "reviewer")!.value = code("Rutland");
    expect((await send(other.fill("text", "Not ours"))).res.status).toBe(404);
    expect(
      await deps.store.get(Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derby"), code("Rutland"))),
    ).toBeUndefined();
  });

  it("are never shown through another LA's link, a reviewer's link or a forged one", async () => {
    await reviews(await assign("Derby", "Rutland"));
    const rutland = linkIn(emailOf("Rutland", "dcs"));
    const theirs = await get(rutland);
    expect(theirs.res.status).toBe(200);
    expect(theirs.html).toContain(words("Derby", "Rutland").findings);
    expect(theirs.html).not.toContain(words("Nottinghamshire", "Derby").findings);
    expect(theirs.html).not.toContain("meets weekly");

    // The reviewer's own assignment token opens the work, never the reviewed LA's reviews.
    const person = (await People.findByEmail(deps, "east-midlands", emailOf("Nottinghamshire", "performance")))!;
    const reviewerLink = await assignment(deps, {
      reviewee: code("Leicester"),
      reviewer: code("Nottinghamshire"),
      person,
    });
    const refused = await get(`/r/${reviewerLink.token}/reviews`, { accept: "text/html" });
    expect(refused.res.status).toBe(403);
    expect(refused.html).not.toContain(words("Nottinghamshire", "Derby").findings);
    const token = /\/r\/(\w+)\/reviews/.exec(rutland)![1]!;
    expect((await get(`/r/${token.slice(0, 16)}aaaaaaaaaaaa/reviews`)).res.status).toBe(403);
  });

  it("are in the lead's CSV (one row per question) and in a Word document per LA", async () => {
    const csv = await lead(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny.csv`);
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get("content-type")).toContain("text/csv");
    const lines = csv.html.split("\n");
    expect(lines[0]).toContain("reviewed authority name,reviewing authority");
    const derbyNotts = lines.filter((l) => l.includes(`${code("Derby")},Derby,${code("Nottinghamshire")}`));
    expect(
      derbyNotts.some((l) => l.includes("Findings") && l.includes(words("Nottinghamshire", "Derby").findings)),
    ).toBe(true);
    expect(derbyNotts.some((l) => l.includes("meets weekly"))).toBe(true);
    expect(derbyNotts.length).toBeGreaterThanOrEqual(9);
    expect((await get(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny.csv`)).res.status).toBe(401);

    const docx = await app.request(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny/${code("Derby")}.docx`, {
      headers: { cookie },
    });
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file("word/document.xml")!.async("string");
    const text = clean(xml.replace(/<[^>]+>/g, ""));
    expect(text).toContain("Peer scrutiny of Derby");
    expect(text).toContain(words("Leicester", "Derby").challenge);
    expect(text).toContain("meets weekly");
    expect(text).not.toContain(words("Leicester", "Derby").leadOnly);
  });

  it("are announced once when the step closes with some missing", async () => {
    const leicester = await assign("Leicester", "Nottingham");
    await assign("Derby", "Nottingham");
    await reviews(leicester);
    await scheduledSteps.reviewNotices!(deps, clock.now());
    expect(readyMail(emailOf("Nottingham", "dcs"))).toHaveLength(0);

    const cycle = await Cycle.get(deps, CYCLE);
    clock.set(new Date(Date.parse(Cycle.closesAt(Cycle.phase(cycle, "peer-scrutiny"))) + 3_600_000));
    for (let run = 0; run < 2; run++) {
      await scheduledSteps.reviewNotices!(deps, clock.now());
      await scheduledSteps.mail!(deps, clock.now());
    }
    for (const role of ["dcs", "performance", "improvement"] as const)
      expect(readyMail(emailOf("Nottingham", role)), role).toHaveLength(1);
    expect(readyMail(emailOf("Nottingham", "dcs"))[0]!.text).toContain("1 of the 2 reviewers asked");
    expect(readyMail(emailOf("Derby", "dcs"))).toHaveLength(1);
    clock.set("2026-10-20T10:00:00Z");
  });
});
