/**
 * The review loop's world for page tests: a seeded region with an SMTP server, the signed-in lead, and reviewers
 * who submit peer reviews through the rendered response form (their words recognisable on every page and export).
 */
import { expect } from "vitest";
import { Assignments, Cycle, People, Region, Review, type Clock } from "@riia/core";
import { formOf, type FormFiller } from "../form-page";
import { pageWorld } from "./page-world";
import { assignment, CYCLE } from "./replies-support";
import { signInByPage } from "./sign-in";

export const clean = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
export const pathOf = (url: string) => url.replace("http://riia.test", "");
export const emailOf = (la: string, role: "dcs" | "performance" | "improvement") =>
  `${role}@${la.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.org`;

/** The reviewer's words, recognisable on every page and export. */
export const words = (reviewer: string, reviewee: string) => ({
  findings: `${reviewer} found ${reviewee}'s front door decisions timely.`,
  challenge: `${reviewer} asks ${reviewee} to test threshold consistency.`,
  recommendations: `${reviewer} recommends ${reviewee} audits step-downs quarterly.`,
  leadOnly: `${reviewer} tells the lead only: staffing is fragile at ${reviewee}.`,
  summary: `${reviewer}'s summary of ${reviewee}.`,
});

/** What a reviewer writes, recognisable on every page (`how`: by the page or by email). */
export const said = (how: string) => ({
  findings: `Found by ${how}: front door decisions are timely.`,
  recommendations: `Recommended by ${how}: audit step-downs quarterly.`,
});
/** The same review as a reviewer writes it in an email, under the form's own headings, signed off. */
export const reviewText = (how: string) =>
  [
    "Area: Front door, contact and referral",
    "",
    "Lines of enquiry:",
    "How quickly are contacts decided?",
    "",
    "Findings:",
    said(how).findings,
    "",
    "Challenge:",
    "Thresholds differ between the two locality teams.",
    "",
    `Recommendations: ${said(how).recommendations}`,
    "",
    "Confidence in the evidence: High",
    "",
    "Summary of your challenge:",
    "A strong front door that needs one threshold.",
    "",
    "Overall: amber",
    "",
    "Kind regards,",
    "Priya Shah",
  ].join("\n");
export async function reviewLoop(clock: Clock) {
  const { deps, sent, app, smtp } = await pageWorld(clock);
  const las = await Region.authorities(deps, "east-midlands");
  const code = (name: string) => las.find((l) => l.name === name)!.code;
  const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });

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
  const readyMail = (to: string) => sent.filter((m) => m.to[0] === to && /reviews are ready to read$/.test(m.subject));

  /** `reviewer`'s performance lead is sent the review of `reviewee` (peer scrutiny unless said). */
  async function assign(reviewer: string, reviewee: string, step: Assignments.ReviewStep = "peer-scrutiny") {
    const person = (await People.findByEmail(deps, "east-midlands", emailOf(reviewer, "performance")))!;
    const a = await assignment(deps, { reviewee: code(reviewee), reviewer: code(reviewer), person });
    if (step === "peer-challenge") {
      // The shared helper writes peer scrutiny: the same assignment under the other step, with its own token.
      const id = Assignments.assignmentId(CYCLE, step, code(reviewee), code(reviewer));
      const item = await Assignments.get(deps, a.id);
      await deps.store.delete(Assignments.assignmentKey(a.id));
      await deps.store.put({ ...item, ...Assignments.assignmentKey(id), id, step });
      const cycle = await Cycle.get(deps, CYCLE);
      const { token } = await Review.reviewerContact(deps, cycle, await Assignments.get(deps, id), person);
      return { ...a, id, token, person, reviewer, reviewee };
    }
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

  /** The link in the one email `to` received about its LA's reviews. */
  function linkIn(to: string) {
    const [mail, ...more] = readyMail(to);
    expect(more).toHaveLength(0);
    return pathOf(/(http:\/\/riia\.test\/r\/\w+\/reviews)/.exec(mail!.text)![1]!);
  }

  return { deps, sent, app, smtp, cookie, code, get, lead, send, readyMail, assign, reviews, linkIn };
}

export type ReviewLoop = Awaited<ReturnType<typeof reviewLoop>>;
