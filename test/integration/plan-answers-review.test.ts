/**
 * The plan answers the review (issue 24, item 3): the development plan's task list leads to the recommendations the
 * LA received in its submitted peer-scrutiny reviews; the LA answers each (accepted with an action, partly or not,
 * with why) on that page or from its reviews link; a wrong answer is refused and nothing is kept; the lead sees the
 * recommendations left unanswered; peer-challenge reviewers read the plan beside the recommendations and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Keys, People, Recommendations, Submission } from "@riia/core";
import { linkFor } from "../../local/form-link";
import { formOf, linksOf } from "../form-page";
import { CYCLE } from "./replies-support";
import { emailOf, reviewLoop, words, type ReviewLoop } from "./review-loop-support";

const clock = fixedClock("2026-10-20T10:00:00Z");
let w: ReviewLoop;

beforeAll(async () => {
  w = await reviewLoop(clock);
});

/** Nottinghamshire and Leicester both review `reviewee` through the response form, each recommending. */
async function reviewed(reviewee: string) {
  const [notts, leic] = [await w.assign("Nottinghamshire", reviewee), await w.assign("Leicester", reviewee)];
  await w.reviews(notts);
  await w.reviews(leic);
  return { notts: `${w.code("Nottinghamshire")}-1`, leic: `${w.code("Leicester")}-1` };
}
afterAll(() => w?.smtp.stop());

const planAnswers = (la: string) => w.deps.store.get<Recommendations.PlanAnswers>(Keys.planAnswers(CYCLE, w.code(la)));

async function submitPlan(la: string) {
  const actor = { kind: "person" as const, id: "p-derby", name: "Derby officer" };
  const opened = await Submission.open(w.deps, {
    cycleId: CYCLE,
    regionId: "east-midlands",
    form: "development-plan",
    authority: w.code(la),
    templateVersion: 1,
  });
  const saved = await Submission.saveDraft(w.deps, {
    id: opened.id,
    expectedVersion: opened.version,
    answers: {
      priorities: [
        {
          title: "A consistent front door",
          theme: "front-door",
          actions: "Quarterly step-down audits from January.",
          owner: "Head of early help",
          timescale: "2027-03-31",
          measures: "Audit grades",
          "support-wanted": "no",
        },
      ],
      oversight: "The improvement board reviews it monthly.",
    },
    actor,
  });
  return Submission.submit(w.deps, { id: opened.id, expectedVersion: saved.version, actor });
}

describe("the development plan's answers to its recommendations", () => {
  it("are asked for from the plan's task list, refused when incomplete, and kept per recommendation", async () => {
    const { leic, notts } = await reviewed("Derby");
    const { token } = await linkFor(w.deps, { email: emailOf("Derby", "performance"), form: "development-plan" });
    const tasks = await w.get(`/f/${token}`);
    expect(tasks.html).toMatch(/href="[^"]+\/recommendations">Answer your peer-scrutiny recommendations</);
    const href = linksOf(tasks.html).find((l) => l.endsWith("/recommendations"));
    expect(href).toBe(`/f/${token}/recommendations`);
    const page = await w.get(href!);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain(words("Nottinghamshire", "Derby").recommendations);
    expect(page.html).toContain(words("Leicester", "Derby").recommendations);
    expect(page.html).toContain("From Leicester");

    // "Partly" without saying why: refused, nothing kept.
    const incomplete = await w.send(formOf(page.html, "/recommendations").set({ [`response-${leic}`]: "partly" }));
    expect(incomplete.res.status).toBe(400);
    expect(incomplete.html).toContain("There is a problem");
    expect(incomplete.html).toContain("Say why the plan does not take it up in full");
    expect(await planAnswers("Derby")).toBeUndefined();
    // Nothing answered at all: refused too.
    expect((await w.send(formOf(page.html, "/recommendations"))).res.status).toBe(400);

    const answered = await w.send(
      formOf(page.html, "/recommendations").set({
        [`response-${leic}`]: "accepted",
        [`detail-${leic}`]: "Priority 1: quarterly step-down audits from January.",
      }),
    );
    expect(answered.res.status).toBe(303);
    expect((await planAnswers("Derby"))?.answers).toEqual({
      [leic]: expect.objectContaining({ response: "accepted", detail: expect.stringContaining("step-down audits") }),
    });
    expect((await planAnswers("Derby"))?.answers[notts]).toBeUndefined();

    // The same answers through the reviewed LA's emailed link.
    const viaLink = await w.get(w.linkIn(emailOf("Derby", "dcs")).replace(/\/reviews$/, "/recommendations"));
    expect(viaLink.res.status).toBe(200);
    expect(viaLink.html).toContain("Answered: Accepted – the plan has an action");
    expect(formOf(viaLink.html, "/recommendations").value(`response-${leic}`)).toBe("accepted");
  });

  it("left unanswered are shown to the lead", async () => {
    const { leic } = await reviewed("Rutland");
    // Rutland answers one of its two through its emailed reviews link.
    const page = await w.get(w.linkIn(emailOf("Rutland", "dcs")).replace(/\/reviews$/, "/recommendations"));
    const form = formOf(page.html, "/recommendations").set({
      [`response-${leic}`]: "not",
      [`detail-${leic}`]: "Step-downs are already audited by the safeguarding partnership.",
    });
    expect((await w.send(form)).res.status).toBe(303);

    const step = await w.lead(`/lead/cycles/${CYCLE}/steps/development-plan`);
    expect(step.res.status).toBe(200);
    expect(step.html).toContain("Peer-scrutiny recommendations the plan has not answered");
    expect(step.html).toMatch(/Rutland<\/a>\s*<\/th>\s*<td[^>]*>\s*1 of 2/);
    expect(step.html).toContain(words("Nottinghamshire", "Rutland").recommendations);
    expect(step.html).not.toContain(words("Leicester", "Rutland").recommendations);
    // Rutland's own page lists each recommendation with the plan's answer.
    const la = await w.lead(`/lead/cycles/${CYCLE}/steps/development-plan/las/${w.code("Rutland")}`);
    expect(la.html).toContain("How the development plan answers each peer-scrutiny recommendation");
    expect(la.html).toMatch(/Not accepted\s*<\/td>\s*<td[^>]*>\s*Step-downs are already audited/);
    expect(la.html).toContain("Not answered yet");
    const challenge = await w.lead(`/lead/cycles/${CYCLE}/steps/peer-challenge`);
    expect(challenge.html).toContain(words("Nottinghamshire", "Rutland").recommendations);
  });

  it("are read by peer-challenge reviewers beside the plan", async () => {
    const { leic } = await reviewed("Nottingham");
    const officer = (await People.findByEmail(w.deps, "east-midlands", emailOf("Nottingham", "improvement")))!;
    await Recommendations.saveAnswers(
      w.deps,
      {
        cycleId: CYCLE,
        reviewee: w.code("Nottingham"),
        answers: { [leic]: { response: "accepted", detail: "Priority 1: quarterly step-down audits from January." } },
      },
      officer,
    );
    await submitPlan("Nottingham");
    const challenger = await w.assign("Derby", "Nottingham", "peer-challenge");
    const work = await w.get(`/r/${challenger.token}/work`);
    expect(work.res.status).toBe(200);
    expect(work.html).toContain("A consistent front door");
    expect(work.html).toContain("Peer-scrutiny recommendations and how the plan answers them");
    expect(work.html).toContain("Accepted – the plan has an action. Priority 1: quarterly step-down audits");
    expect(work.html).toContain(`Nottinghamshire: ${words("Nottinghamshire", "Nottingham").recommendations}`);
    expect(work.html).toContain("Not answered in the plan yet");

    // The challenge, once submitted, reaches Nottingham too: its own email and page, without the plan's questions.
    await w.reviews(challenger);
    const mail = w.sent.filter(
      (m) => m.to[0] === emailOf("Nottingham", "dcs") && m.subject === "Your peer challenge reviews are ready to read",
    );
    expect(mail).toHaveLength(1);
    const page = await w.get(/http:\/\/riia\.test(\/r\/\w+\/reviews)/.exec(mail[0]!.text)![1]!);
    expect(page.html).toContain("Peer challenge of Nottingham");
    expect(page.html).toContain(words("Derby", "Nottingham").challenge);
    expect(page.html).not.toContain(words("Nottinghamshire", "Nottingham").findings);
    expect(page.html).not.toContain("Say how your development plan answers");
  });
});
