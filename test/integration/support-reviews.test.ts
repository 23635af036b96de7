/**
 * Reviews feed the support menu and the regional plan (issue 24, item 2): the recommendations of submitted
 * peer-scrutiny reviews become needs of the reviewed LA, said to come from peer scrutiny, when the lead builds the
 * menu from the forms; the regional plan lists per LA each recommendation and how its development plan answered it,
 * on the page and in the Word document. A review still a draft feeds nothing.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Support } from "@riia/core";
import { formOf, formWithButton } from "../form-page";
import { CYCLE } from "./replies-support";
import { clean, emailOf, reviewLoop, words, type ReviewLoop } from "./review-loop-support";

const clock = fixedClock("2026-10-20T10:00:00Z");
const BASE = `/lead/cycles/${CYCLE}`;
let w: ReviewLoop;

beforeAll(async () => {
  w = await reviewLoop(clock);
  // Nottinghamshire and Leicester review Derby through the response form; Leicester's review of Rutland stays a draft.
  await w.reviews(await w.assign("Nottinghamshire", "Derby"));
  await w.reviews(await w.assign("Leicester", "Derby"));
  await w.assign("Leicester", "Rutland");
  // Derby answers Leicester's recommendation from its emailed reviews link; Nottinghamshire's stays unanswered.
  const page = await w.get(w.linkIn(emailOf("Derby", "dcs")).replace(/\/reviews$/, "/recommendations"));
  const leic = `${w.code("Leicester")}-1`;
  const answered = formOf(page.html, "/recommendations").set({
    [`response-${leic}`]: "partly",
    [`detail-${leic}`]: "Audits twice a year, not quarterly: the teams are small.",
  });
  expect((await w.send(answered)).res.status).toBe(303);
});
afterAll(() => w?.smtp.stop());

async function lead(path: string, form: { action: string; body: (b?: string) => URLSearchParams }) {
  const res = await w.app.request(form.action, {
    method: "POST",
    body: form.body(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: w.cookie },
  });
  expect(res.status, path).toBe(303);
}

describe("peer-scrutiny recommendations", () => {
  it("become needs of the reviewed LA, from peer scrutiny, when the lead builds the menu", async () => {
    const page = await w.lead(`${BASE}/support`);
    await lead("build", formWithButton(page.html, "Build needs and offers from the submitted forms"));
    const needs = await Support.needs(w.deps, CYCLE);
    const derby = needs.find((n) => n.id === `${w.code("Derby")}#front-door`)!;
    expect(derby.sources).toEqual(["peer-scrutiny"]);
    expect(derby.priority).toBe(2);
    expect(derby.description.split("\n")).toEqual([
      `Peer scrutiny (Leicester): ${words("Leicester", "Derby").recommendations}`,
      `Peer scrutiny (Nottinghamshire): ${words("Nottinghamshire", "Derby").recommendations}`,
    ]);
    // The draft review of Rutland feeds nothing.
    expect(needs.filter((n) => n.authority === w.code("Rutland"))).toEqual([]);
    const menu = await w.lead(`${BASE}/support`);
    expect(menu.html).toContain(`Peer scrutiny (Leicester): ${words("Leicester", "Derby").recommendations}`);

    // Building again changes nothing: one need, the same two lines.
    await lead("build again", formWithButton(menu.html, "Build needs and offers from the submitted forms"));
    const again = (await Support.needs(w.deps, CYCLE)).filter((n) => n.authority === w.code("Derby"));
    expect(again).toHaveLength(1);
    expect(again[0]!.description).toBe(derby.description);
  });

  it("are listed per LA in the regional plan with how the development plan answered each, in HTML and Word", async () => {
    const plan = await Support.buildPlan(w.deps, CYCLE);
    const derby = plan.authorities.find((a) => a.code === w.code("Derby"))!;
    expect(derby.recommendations).toEqual([
      {
        from: "Leicester",
        area: expect.stringMatching(/front door/i),
        text: words("Leicester", "Derby").recommendations,
        answer: "Partly accepted: Audits twice a year, not quarterly: the teams are small.",
      },
      {
        from: "Nottinghamshire",
        area: expect.stringMatching(/front door/i),
        text: words("Nottinghamshire", "Derby").recommendations,
        answer: "Not answered in the development plan yet",
      },
    ]);
    expect(plan.authorities.find((a) => a.code === w.code("Rutland"))!.recommendations).toEqual([]);

    const preview = await w.lead(`/api/cycles/${CYCLE}/exports/plan.html`);
    expect(preview.res.status).toBe(200);
    expect(preview.html).toContain("Peer-scrutiny recommendations to Derby and how its development plan answers them");
    expect(preview.html).toContain(words("Nottinghamshire", "Derby").recommendations);
    expect(preview.html).toContain("Partly accepted: Audits twice a year");
    expect(preview.html).not.toContain("Peer-scrutiny recommendations to Rutland");

    const docx = await w.app.request(`/api/cycles/${CYCLE}/exports/plan.docx`, { headers: { cookie: w.cookie } });
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file("word/document.xml")!.async("string");
    const text = clean(xml.replace(/<[^>]+>/g, "")).replace(/&apos;/g, "'");
    expect(text).toContain("Peer-scrutiny recommendations to Derby and how its development plan answers them");
    expect(text).toContain(words("Leicester", "Derby").recommendations);
    expect(text).toContain("Not answered in the development plan yet");
  });
});
