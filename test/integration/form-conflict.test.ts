/**
 * Nobody's words lost: two officers of one LA edit the same answer through the pages, and one posts a section after
 * a colleague has submitted the form. What the slower person typed is always on the page they get back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Submission } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formOf, type FormFiller } from "../form-page";
import { seededApp } from "./page-world";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: AwsDeps;
let app: App;

beforeAll(async () => {
  ({ deps, app } = await seededApp(clock));
});

async function get(path: string) {
  const res = await app.request(path);
  return { res, html: await res.text() };
}
async function send(form: FormFiller, button?: string) {
  const res = await app.request(form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
  return { res, html: await res.text() };
}
const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
const sectionForm = (html: string) => formOf(html, "/s/summary");
const submissionOf = (authority: string) => Submission.get(deps, `east-midlands-2026.self-evaluation.${authority}`);

describe("two officers editing the same answer", () => {
  it("keeps the slower one's text in the box beside the saved answer, and saves their merge", async () => {
    const a = await linkFor(deps, { email: "performance@nottingham.example.org", form: "self-evaluation" });
    const b = await linkFor(deps, { email: "improvement@nottingham.example.org", form: "self-evaluation" });
    const pageA = await get(`/f/${a.token}/s/summary`);
    const pageB = await get(`/f/${b.token}/s/summary`);
    expect([pageA.res.status, pageB.res.status]).toEqual([200, 200]);

    // A saves first: a new quality answer and new plans.
    const savedA = await send(
      sectionForm(pageA.html).set({ "q.quality": "A: good and improving.", "q.plans": "A: embed the practice model." }),
      "draft",
    );
    expect(savedA.res.status).toBe(303);

    // B, from the page drawn before A saved, writes plans of their own.
    const bText = "B: recruit two more social work teams & <review> caseloads.";
    const clash = await send(sectionForm(pageB.html).set({ "q.plans": bText }), "draft");
    expect(clash.res.status).toBe(409);
    const main = mainOf(clash.html);
    expect(main).toContain("Someone else changed “What are your plans for the next 12 months");
    expect(main).toContain("Their saved answer");
    expect(main).toContain("A: embed the practice model.");
    const redrawn = sectionForm(clash.html);
    // B's own text stays in the box; A's change to a question B did not touch shows as saved.
    expect(redrawn.value("q.plans")).toBe(bText);
    expect(redrawn.value("q.quality")).toBe("A: good and improving.");
    let sub = await submissionOf("E06000018");
    expect(sub.answers).toMatchObject({ quality: "A: good and improving.", plans: "A: embed the practice model." });

    // B merges the two in the box and saves the page they were given: it goes in, and A's quality answer stays.
    const merged = "A: embed the practice model. B: recruit two more social work teams.";
    const saved = await send(redrawn.fill("q.plans", merged), "draft");
    expect(saved.res.status).toBe(303);
    sub = await submissionOf("E06000018");
    expect(sub.answers).toMatchObject({ quality: "A: good and improving.", plans: merged });
  });

  it("shows the text of a section posted after a colleague submitted, to copy, and changes nothing", async () => {
    const b = await linkFor(deps, { email: "improvement@lincolnshire.example.org", form: "self-evaluation" });
    const pageB = await get(`/f/${b.token}/s/summary`);
    expect(pageB.res.status).toBe(200);
    const before = await submissionOf(b.link.authority);
    // A colleague submits the form meanwhile.
    const submitted = await Submission.submit(deps, {
      id: before.id,
      expectedVersion: before.version,
      actor: { kind: "person", id: "colleague", name: "A colleague" },
    });
    const bText = "Our plans: a new early help hub in Boston & Skegness.";
    const late = await send(sectionForm(pageB.html).set({ "q.plans": bText, "q.quality": "Requires improvement." }));
    expect(late.res.status).toBe(409);
    const main = mainOf(late.html);
    expect(main).toContain("Your changes were not saved");
    expect(main).toContain("Our plans: a new early help hub in Boston &amp; Skegness.");
    expect(main).toContain("Requires improvement.");
    expect(main).toContain(`href="/f/${b.token}"`);
    const after = await submissionOf(b.link.authority);
    expect(after.version).toBe(submitted.version);
    expect(after.answers.plans).toBe(before.answers.plans);
  });
});
