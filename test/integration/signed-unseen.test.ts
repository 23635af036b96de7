/**
 * Nothing signed unseen, through the form pages: sections carried forward from last year read "To check" and the
 * form cannot be submitted until each is opened and saved; answers still naming last year are pointed out on the
 * check page with links; the officer's declaration does not claim the director's approval; the director opens every
 * attached file from the sign-off page; the officers are emailed when the director approves; a plan's "complete by"
 * date in the past is refused with the GOV.UK error and saves nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Submission, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { seedPastCycle } from "../../local/seed-calendar";
import { formOf, type FormFiller } from "../form-page";
import { seededApp } from "./page-world";

const clock = fixedClock("2026-10-20T10:00:00Z");
const CYCLE = "east-midlands-2026";
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  // Last year complete: every LA's 2025 forms submitted, so this year's start from their answers.
  ({ deps, sent, app } = await seededApp(clock, (base) => seedPastCycle(base, "east-midlands", 2025)));
}, 120_000);

async function get(path: string) {
  const res = await app.request(path);
  return { res, html: await res.text() };
}
async function send(form: FormFiller, button?: string) {
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
  return { res, html: await res.text() };
}
const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/g, "/")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');
/** Each task-list section's title and status, as the page shows them. */
function sectionStates(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of html.split('class="govuk-task-list__item').slice(1)) {
    const title = /class="govuk-task-list__name-and-hint">\s*(?:<a[^>]*>)?\s*([^<]+?)\s*</.exec(item)?.[1];
    const status = /class="govuk-task-list__status"[^>]*>\s*(?:<strong[^>]*>)?\s*([^<]+?)\s*</.exec(item)?.[1];
    if (title) out[decode(title)] = status ?? "";
  }
  return out;
}
const errorSummary = (html: string) =>
  [...html.matchAll(/<li>\s*<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => decode(m[2]!.trim()));

/** Open a section and press Save and continue, changing only what is given. */
async function checkSection(token: string, section: string, fields: Record<string, string> = {}) {
  const { html } = await get(`/f/${token}/s/${section}`);
  const saved = await send(formOf(html, `/s/${section}`).set(fields), "continue");
  expect(saved.res.status, `${section}: ${errorSummary(saved.html).join("; ")}`).toBe(303);
}

describe("nothing signed unseen", () => {
  it("carried-forward sections read To check, last year's period is pointed out, and submission waits for both", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000015");
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const list = await get(`/f/${token}`);
    expect(sectionStates(list.html)).toEqual({
      "Your local context": "To check",
      "Strengths and areas for development": "To check",
      "Overall summary": "To check",
      "Support you could offer other local authorities": "To check",
    });
    expect(list.html).toContain("You have completed 0 of 4 sections");

    // The check page names last year's period, with a link to the question, and offers no declaration yet.
    const check = await get(`/f/${token}/check`);
    expect(check.html).toContain("Some answers still name last year");
    expect(check.html).toContain(`href="/f/${token}/s/context#q-period"`);
    expect(decode(check.html)).toContain("still says “April 2024 to March 2025”: check it is right for 2026 to 2027");
    expect(decode(check.html)).toContain("You cannot submit yet: check “Your local context”");
    expect(check.html).not.toContain('name="declaration"');

    // Posting the submission anyway (as a stale page would) is refused, with links to the sections; nothing changes.
    const section = await get(`/f/${token}/s/summary`);
    const csrf = formOf(section.html, "/s/summary").value("csrf")!;
    const before = await Submission.get(deps, id);
    const forced = await app.request(`/f/${token}/submit`, {
      method: "POST",
      body: new URLSearchParams({ csrf, version: String(before.version), declaration: "yes" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(forced.status).toBe(400);
    const refused = await forced.text();
    expect(errorSummary(refused)).toContain(
      "Check “Your local context”, carried forward from last year, and save it with Save and continue",
    );
    expect(refused).toContain(`href="/f/${token}/s/context"`);
    expect(await Submission.get(deps, id)).toMatchObject({ status: "draft", version: before.version });

    // Checking a section is opening it and saving it; the period is corrected for this year.
    await checkSection(token, "context", { "q.period": "April 2025 to March 2026" });
    expect(sectionStates((await get(`/f/${token}`)).html)["Your local context"]).toBe("Completed");
    // Save as draft does not count as checked.
    const themes = await get(`/f/${token}/s/themes`);
    expect((await send(formOf(themes.html, "/s/themes"), "draft")).res.status).toBe(303);
    expect(sectionStates((await get(`/f/${token}`)).html)["Strengths and areas for development"]).toBe("To check");
    for (const s of ["themes", "summary", "offers"]) await checkSection(token, s);
    expect(Object.values(sectionStates((await get(`/f/${token}`)).html))).toEqual(Array(4).fill("Completed"));

    // Now it can be submitted; the officer's declaration does not say the director has approved it.
    const ready = await get(`/f/${token}/check`);
    expect(ready.html).not.toContain("Some answers still name last year");
    const text = decode(ready.html);
    expect(text).toContain("ready for our director of children's services to approve");
    expect(text).not.toContain("has been approved by the director");
    const done = await send(formOf(ready.html, "/submit").check("declaration", "yes"));
    expect(done.res.status).toBe(303);
    expect((await Submission.get(deps, id)).status).toBe("awaiting-sign-off");
  });

  it("the director opens an attached file from the sign-off page; the officers are emailed the approval", async () => {
    const id = Submission.submissionId(CYCLE, "self-evaluation", "E06000016");
    const officer = "performance@leicester.example.org";
    const { token } = await linkFor(deps, { email: officer, form: "self-evaluation" });
    const PDF = `%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`;
    // The upload page's form posts straight to the bucket, as a browser does.
    const upload = await get(`/f/${token}/upload/evidence-files`);
    const action = decode(/<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(upload.html)![1]!);
    const form = new FormData();
    for (const m of upload.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.append(m[1]!, decode(m[2]!));
    form.append("file", new Blob([PDF], { type: "application/pdf" }), "Ofsted letter.pdf");
    const s3 = await fetch(action, { method: "POST", body: form, redirect: "manual" });
    const back = new URL(s3.headers.get("location")!);
    expect((await app.request(`${back.pathname}${back.search}`)).status).toBe(303);

    for (const s of ["context", "themes", "summary", "offers"])
      await checkSection(token, s, s === "context" ? { "q.period": "April 2025 to March 2026" } : {});
    const check = await get(`/f/${token}/check`);
    // The officer declaring it can open the file from the check page too.
    expect(check.html).toMatch(new RegExp(`href="/f/${token}/files/[^"]+">Ofsted letter\\.pdf</a>`));
    const sentOff = await send(formOf(check.html, "/submit").check("declaration", "yes"));
    expect(sentOff.res.status).toBe(303);
    expect((await get(sentOff.res.headers.get("location")!)).html).toContain(
      "we will email you when they approve it or return it",
    );

    const dcs = "dcs@leicester.example.org";
    const mail = sent.filter((m) => m.to[0] === dcs && /^Approve/.test(m.subject)).at(-1)!;
    const signOff = /http:\/\/riia\.test(\/sign-off\/\S+)/.exec(mail.text)![1]!;
    const page = await get(signOff);
    const [, href, name] = /<a class="govuk-link" href="(\/sign-off\/[^"]+\/files\/[^"]+)">([^<]+)<\/a>/.exec(
      page.html,
    )!;
    expect(name).toBe("Ofsted letter.pdf");
    const opened = await app.request(decode(href!));
    expect(opened.status).toBe(302);
    const file = await fetch(opened.headers.get("location")!);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe(PDF);
    // Another person's link cannot open it from the sign-off path.
    const officerPath = decode(href!).replace(/\/sign-off\/[^/]+\//, `/sign-off/${token}/`);
    expect((await app.request(officerPath)).status).toBe(403);

    const before = sent.length;
    expect((await send(formOf(page.html, "/sign-off/").check("decision", "approve"))).res.status).toBe(303);
    expect((await Submission.get(deps, id)).status).toBe("submitted");
    const told = sent.slice(before).filter((m) => /has been approved$/.test(m.subject));
    expect(told.map((m) => m.to[0]).sort()).toEqual([officer, "improvement@leicester.example.org"].sort());
    expect(told[0]!.subject).toBe("Leicester's annual self-evaluation has been approved");
    expect(told[0]!.text).toMatch(/http:\/\/riia\.test\/f\/\S+/);
    expect(told[0]!.text).toContain((await Submission.get(deps, id)).reference!);
  });

  it("refuses a plan's complete-by date in the past with the GOV.UK error, and saves nothing", async () => {
    const id = Submission.submissionId(CYCLE, "development-plan", "E06000018");
    const { token } = await linkFor(deps, { email: "performance@nottingham.example.org", form: "development-plan" });
    // Last year's "complete by" date came forward: the check page points it out.
    const check = await get(`/f/${token}/check`);
    expect(decode(check.html)).toContain("Priority 1: Complete by” is still last year's date (2026-03-31)");
    const before = await Submission.get(deps, id);
    const { html } = await get(`/f/${token}/s/priorities`);
    const past = await send(
      formOf(html, "/s/priorities").set({
        "q.priorities.0.timescale-day": "19",
        "q.priorities.0.timescale-month": "10",
        "q.priorities.0.timescale-year": "2026",
      }),
      "continue",
    );
    expect(past.res.status).toBe(400);
    expect(errorSummary(past.html)).toEqual([
      "Priority 1: The date this priority will be complete by must be today or in the future",
    ]);
    expect(past.html).toContain('href="#q-priorities-0-timescale-day"');
    expect(await Submission.get(deps, id)).toEqual(before);
    // Today is accepted.
    const today = await send(
      formOf(html, "/s/priorities").set({
        "q.priorities.0.timescale-day": "20",
        "q.priorities.0.timescale-month": "10",
        "q.priorities.0.timescale-year": "2026",
      }),
      "continue",
    );
    expect(today.res.status).toBe(303);
    const after = await Submission.get(deps, id);
    expect((after.answers.priorities as { timescale: string }[])[0]!.timescale).toBe("2026-10-20");
  });
});
