/**
 * Reviews reach people (issue 24, item 2): reviewers submit peer-scrutiny reviews through the rendered response
 * form; the signed-in lead reads each in full on the step page, the LA's page and the board's counts; the reviewed
 * LA's officers and DCS get exactly one email when its reviews are in, whose link shows their own LA's reviews only
 * (never the lead-only answers) and takes a short response per review; the step's close tells an LA with reviews
 * missing, once; the CSV and Word exports carry the reviews.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, Cycle, fixedClock, Keys, Links, People, ReviewNotice, ReviewsRead } from "@riia/core";
import { linkFor } from "../../local/form-link";
import { scheduledSteps } from "@riia/functions/steps";
import { formsOf } from "../form-page";
import { assignment, CYCLE } from "./replies-support";
import { clean, emailOf, reviewLoop, words, type ReviewLoop } from "./review-loop-support";

const clock = fixedClock("2026-10-20T10:00:00Z");
let world: ReviewLoop;
let deps: ReviewLoop["deps"];
let app: ReviewLoop["app"];
let cookie: string;
let code: ReviewLoop["code"];
let get: ReviewLoop["get"];
let lead: ReviewLoop["lead"];
let send: ReviewLoop["send"];
let readyMail: ReviewLoop["readyMail"];
let assign: ReviewLoop["assign"];
let reviews: ReviewLoop["reviews"];
let linkIn: ReviewLoop["linkIn"];
let sent: ReviewLoop["sent"];

beforeAll(async () => {
  world = await reviewLoop(clock);
  ({ deps, app, cookie, code, get, lead, send, readyMail, assign, reviews, linkIn, sent } = world);
});
afterAll(() => world?.smtp.stop());

/** Nottinghamshire and Leicester both review `reviewee` through the response form. */
async function reviewedByBoth(reviewee: string) {
  const [notts, leic] = [await assign("Nottinghamshire", reviewee), await assign("Leicester", reviewee)];
  return { notts: await reviews(notts), leic: await reviews(leic) };
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
    const aboutDerby = sent.filter((m) => /reviews are ready/.test(m.subject) && m.text.includes("scrutiny of Derby."));
    expect(aboutDerby.every((m) => m.to[0]!.endsWith("@derby.example.org"))).toBe(true);

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
    // Derby's row in the step's table, and on the assignments page its reviewers show as submitted.
    const rowOf = (html: string) => /<tr[^>]*>\s*<th[^>]*>\s*Derby\s*<\/th>[\s\S]*?<\/tr>/.exec(html)![0];
    expect(rowOf(step.html)).toContain("Reviews received: 2 requested, 2 accepted, 2 submitted");
    const assignments = await lead(`/lead/cycles/${CYCLE}/assignments/peer-scrutiny`);
    expect(rowOf(assignments.html)).toMatch(/Nottinghamshire <strong class="govuk-tag govuk-tag--green">submitted/);
    expect(rowOf(assignments.html)).toMatch(/Leicester <strong class="govuk-tag govuk-tag--green">submitted/);
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
    await reviewedByBoth("Derbyshire");
    const link = linkIn(emailOf("Derbyshire", "improvement"));
    const page = await get(link);
    expect(page.res.status).toBe(200);
    const w = words("Nottinghamshire", "Derbyshire");
    expect(page.html).toContain(w.findings);
    expect(page.html).toContain(words("Leicester", "Derbyshire").recommendations);
    expect(page.html).not.toContain(w.leadOnly);
    expect(page.html).not.toContain("Comments for the regional lead only");

    // A response to Nottinghamshire's review, posted as the page posts it.
    const form = formsOf(page.html).find((f) => f.fields.reviewer === code("Nottinghamshire"))!;
    const saved = await send(form.fill("text", "Thank you. One correction: the panel meets weekly, not monthly."));
    expect(saved.res.status).toBe(303);
    const key = Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derbyshire"), code("Nottinghamshire"));
    expect(await deps.store.get(key)).toMatchObject({
      text: expect.stringContaining("meets weekly"),
      reviewee: code("Derbyshire"),
    });
    const la = await lead(`/lead/cycles/${CYCLE}/steps/peer-scrutiny/las/${code("Derbyshire")}`);
    expect(la.html).toContain("the panel meets weekly, not monthly");

    // An empty response is refused with the GOV.UK error pattern, and nothing is stored.
    const again = formsOf((await get(link)).html).find((f) => f.fields.reviewer === code("Leicester"))!;
    const empty = await send(again.fill("text", "   "));
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain("There is a problem");
    expect(empty.html).toContain("Write your response to the review");
    expect(
      await deps.store.get(Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derbyshire"), code("Leicester"))),
    ).toBeUndefined();

    // A reviewer code changed in the page is no review of Derbyshire's: refused, nothing stored.
    const other = formsOf((await get(link)).html)[0]!;
    other.form.controls.find((c) => c.name === "reviewer")!.value = code("Rutland");
    expect((await send(other.fill("text", "Not ours"))).res.status).toBe(404);
    expect(
      await deps.store.get(Keys.reviewReply(CYCLE, "peer-scrutiny", code("Derbyshire"), code("Rutland"))),
    ).toBeUndefined();
  });

  it("are never shown through another LA's link, a reviewer's link or a forged one", async () => {
    await reviews(await assign("Nottinghamshire", "Lincolnshire"));
    await reviews(await assign("Nottinghamshire", "Leicestershire"));
    const lincs = linkIn(emailOf("Lincolnshire", "dcs"));
    const theirs = await get(lincs);
    expect(theirs.res.status).toBe(200);
    expect(theirs.html).toContain(words("Nottinghamshire", "Lincolnshire").findings);
    expect(theirs.html).not.toContain(words("Nottinghamshire", "Leicestershire").findings);

    // The reviewer's own assignment token opens the work, never the reviewed LA's reviews.
    const person = (await People.findByEmail(deps, "east-midlands", emailOf("Nottinghamshire", "performance")))!;
    const reviewerLink = await assignment(deps, {
      reviewee: code("Leicester"),
      reviewer: code("Nottinghamshire"),
      person,
    });
    const refused = await get(`/r/${reviewerLink.token}/reviews`, { accept: "text/html" });
    expect(refused.res.status).toBe(403);
    expect(refused.html).not.toContain(words("Nottinghamshire", "Lincolnshire").findings);
    const token = /\/r\/(\w+)\/reviews/.exec(lincs)![1]!;
    expect((await get(`/r/${token.slice(0, 16)}aaaaaaaaaaaa/reviews`)).res.status).toBe(403);
  });

  it("are in the lead's CSV (one row per question) and in a Word document per LA, with their files", async () => {
    await reviewedByBoth("Rutland");
    // Nottinghamshire's review came with a file (as the response form's upload or an emailed attachment keeps it).
    const response = Keys.submission(
      CYCLE,
      "peer-challenge-response",
      Assignments.responseAuthority({
        reviewer: code("Nottinghamshire"),
        reviewee: code("Rutland"),
        step: "peer-scrutiny",
      }),
    );
    await deps.blobs.put("attachments/review-rutland/evidence.pdf", "%PDF-1.4 evidence");
    await deps.store.update(response, {
      set: {
        "attachments.f1": {
          id: "f1",
          question: "areas",
          name: "evidence.pdf",
          size: 17,
          type: "application/pdf",
          key: "attachments/review-rutland/evidence.pdf",
          by: "p-reviewer",
          at: clock.now().toISOString(),
        },
      },
    });
    const la = await lead(`/lead/cycles/${CYCLE}/steps/peer-scrutiny/las/${code("Rutland")}`);
    const file = /href="([^"]+evidence\.pdf[^"]*)"/.exec(la.html)![1]!.replace(/&amp;/g, "&");
    expect(file).toMatch(/X-Amz-Expires=300/);
    expect(Buffer.from(await (await fetch(file)).arrayBuffer()).toString()).toBe("%PDF-1.4 evidence");
    const dcs = (await People.findByEmail(deps, "east-midlands", emailOf("Rutland", "dcs")))!;
    const reply = { cycleId: CYCLE, step: "peer-scrutiny" as const, reviewee: code("Rutland") };
    await ReviewsRead.saveReply(
      deps,
      { ...reply, reviewer: code("Nottinghamshire"), text: "The panel meets weekly." },
      dcs,
    );
    const csv = await lead(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny.csv`);
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get("content-type")).toContain("text/csv");
    const lines = csv.html.split("\n");
    expect(lines[0]).toContain("reviewed authority name,reviewing authority");
    const rutlandNotts = lines.filter((l) => l.includes(`${code("Rutland")},Rutland,${code("Nottinghamshire")}`));
    expect(
      rutlandNotts.some((l) => l.includes("Findings") && l.includes(words("Nottinghamshire", "Rutland").findings)),
    ).toBe(true);
    expect(rutlandNotts.some((l) => l.includes("meets weekly"))).toBe(true);
    expect(rutlandNotts.length).toBeGreaterThanOrEqual(9);
    expect((await get(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny.csv`)).res.status).toBe(401);
    // Asked for what is not there: a clear 404, never a 500.
    expect((await lead(`/lead/cycles/${CYCLE}/reviews/self-evaluation.csv`)).res.status).toBe(404);
    expect((await lead(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny/E99999999.docx`)).res.status).toBe(404);
    const london = "E09000003"; // Barnet: another region's LA
    expect((await lead(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny/${london}.docx`)).res.status).toBe(404);

    const docx = await app.request(`/lead/cycles/${CYCLE}/reviews/peer-scrutiny/${code("Rutland")}.docx`, {
      headers: { cookie },
    });
    expect(docx.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file("word/document.xml")!.async("string");
    const text = clean(xml.replace(/<[^>]+>/g, ""));
    expect(text).toContain("Peer scrutiny of Rutland");
    expect(text).toContain("evidence.pdf");
    expect(text).toContain(words("Leicester", "Rutland").challenge);
    expect(text).toContain("meets weekly");
    expect(text).not.toContain(words("Leicester", "Rutland").leadOnly);
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
    clock.set("2026-10-20T10:00:00Z");
  });
});

describe("the lead's pages", () => {
  it("name people and LAs where the audit trail recorded their ids", async () => {
    const { link, person } = await linkFor(deps, {
      email: emailOf("Derbyshire", "improvement"),
      form: "development-plan",
    });
    const actor = { kind: "person" as const, id: "p-lead-test", name: "Morgan Lee" };
    await Links.revoke(deps, { id: link.id, actor });
    const said = `Withdrew the development plan link of person ${person.name}`;
    const audit = await lead(`/lead/cycles/${CYCLE}/audit?authority=${code("Derbyshire")}`);
    expect(audit.res.status).toBe(200);
    expect(audit.html).toContain(said);
    // Not shown anywhere on the page (a filter option may carry the id as its value, out of sight).
    const visible = (html: string) => html.replace(/<[^>]*>/g, " ");
    expect(visible(audit.html)).not.toContain(person.id);
    const task = await lead(`/lead/cycles/${CYCLE}/steps/development-plan/las/${code("Derbyshire")}`);
    expect(task.html).toContain(said);
    expect(task.html).toContain("Morgan Lee");
    expect(visible(task.html)).not.toContain(person.id);
  });
});
