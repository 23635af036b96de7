/**
 * The regional lead's console as a lead meets it: the dashboard (GOV.UK dates, SVG chart with a table), a page per
 * step with its guard, each LA's task page with remind / extend / waive / reopen in context and the GOV.UK error
 * pattern, the audit trail with CSV — every request built from the rendered forms, then the store checked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Cycle, fixedClock, Mail, Submission, Tasks, Workflow, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { signInByPage } from "./sign-in";
import { recordingMailer, testDeps } from "./helpers";
import { formWithButton, linksOf, type PageForm } from "../form-page";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;
const CYCLE = "east-midlands-2026";
const BASE = `/lead/cycles/${CYCLE}`;

const post = (path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string) => {
  const res = await app.request(path, { headers: { cookie } });
  return { res, html: await res.text() };
};
const submit = (f: PageForm, changes: Record<string, string> = {}) => post(f.action, { ...f.fields, ...changes });
/** A button whose action asks first: its post draws the confirmation page (nothing changes); returns that page's form. */
const asked = async (f: PageForm, button: string, changes: Record<string, string> = {}) => {
  const ask = await submit(f, changes);
  expect(ask.status).toBe(200);
  return formWithButton(await ask.text(), button);
};

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

describe("the lead's console", () => {
  it("shows the year at a glance: GOV.UK dates, a chart with its table, overdue and email health", async () => {
    const { res, html } = await get(BASE);
    expect(res.status).toBe(200);
    expect(html).toContain("31 October 2026");
    expect(html).not.toMatch(/deadline 2026-10-31/);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="progress-chart-title/);
    expect(html).toContain('id="progress-table"');
    expect(html).toContain("Nothing is overdue.");
    expect(html).toContain("Replies that decided nothing");
    expect(html).toContain(`href="${BASE}/replies"`);
    expect((await get(`${BASE}/replies`)).res.status).toBe(200);
    expect(html).toContain(`href="${BASE}/steps/self-evaluation"`);
  });

  it("opens a step from its page, then extends, waives and reminds one LA in context", async () => {
    const step = await get(`${BASE}/steps/self-evaluation`);
    expect(step.html).toContain("Nothing: this step can open at any time.");
    const opened = await submit(await asked(formWithButton(step.html, "Open now"), "Open the step"));
    expect(opened.status).toBe(303);
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "self-evaluation").state).toBe("open");

    const after = await get(opened.headers.get("location")!);
    expect(after.html).toContain("Self-evaluation is open.");
    expect(after.html).toContain(`${BASE}/steps/self-evaluation/las/E06000017`);
    const task = await get(`${BASE}/steps/self-evaluation/las/E06000017`);
    expect(task.res.status).toBe(200);

    // A date that is not real: the page comes back with the error summary, the inline error and what was typed.
    const extend = formWithButton(task.html, "Extend the deadline");
    const bad = await submit(extend, { "deadline-day": "31", "deadline-month": "11", "deadline-year": "2026" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("govuk-error-summary");
    expect(badHtml).toContain("The new deadline must be a real date");
    expect(badHtml).toMatch(/name="deadline-day"[^>]*value="31"/);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000017")).deadline).toBe(
      "2026-10-31T23:59:59.000Z",
    );

    const good = await submit(extend, { "deadline-day": "30", "deadline-month": "11", "deadline-year": "2026" });
    expect(good.status).toBe(303);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000017")).deadline).toBe(
      "2026-11-30T23:59:59.000Z",
    );
    expect((await get(good.headers.get("location")!)).html).toContain("30 November 2026");

    const other = await get(`${BASE}/steps/self-evaluation/las/E06000018`);
    const waive = await asked(formWithButton(other.html, "Waive the task"), "Waive the task");
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000018")).status).not.toBe("waived");
    const noReason = await submit(waive, { reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Give a reason for waiving this task");
    expect((await submit(waive, { reason: "Under inspection this term" })).status).toBe(303);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000018")).status).toBe("waived");

    const before = sent.length;
    const remind = await submit(formWithButton(task.html, "Send a reminder now"));
    expect(remind.status).toBe(303);
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const reminders = sent.slice(before).filter((m) => /remind|due/i.test(m.subject + m.text));
    expect(reminders.length).toBeGreaterThan(0);
    const audit = (await Audit.listForScope(deps, Audit.cycleScope(CYCLE), { limit: 200 })).items;
    expect(audit.some((e) => e.action === "step.reminded" && e.authority === "E06000017")).toBe(true);
  });

  it("explains a guard before the click and asks for a reason, keeping the page", async () => {
    const { html } = await get(`${BASE}/steps/peer-scrutiny`);
    expect(html).toContain("Still missing:");
    expect(html).toMatch(/have not submitted/);
    const refused = await submit(await asked(formWithButton(html, "Open now"), "Open the step"), { reason: "" });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain("govuk-error-summary");
    expect(text).toContain('href="#reason"');
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "peer-scrutiny").state).toBe("scheduled");
    const regional = await get(`${BASE}/steps/regional-plan`);
    expect(regional.html).toContain("No needs yet");
  });

  it("reopens a submitted form from the LA's task page with a reason", async () => {
    const cycle = await Cycle.get(deps, CYCLE);
    const sub = await Submission.open(deps, {
      cycleId: cycle.id,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000015",
      templateVersion: 1,
    });
    await Submission.submit(deps, { id: sub.id, expectedVersion: sub.version, actor: { kind: "api", id: "api" } });
    const { html } = await get(`${BASE}/steps/self-evaluation/las/E06000015`);
    expect(html).toContain("View the submission");
    const reopen = await asked(formWithButton(html, "Reopen the form"), "Reopen the form");
    expect((await Submission.get(deps, sub.id)).status).toBe("submitted");
    expect((await submit(reopen, { reason: "" })).status).toBe(400);
    expect((await submit(reopen, { reason: "The DCS asked to add the JTAI findings" })).status).toBe(303);
    expect((await Submission.get(deps, sub.id)).status).toBe("reopened");
  });

  it("shows a submission's answers under its questions' words, not their ids", async () => {
    const sub = await Submission.open(deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000016",
      templateVersion: 1,
      carryForward: { period: "2025-26", context: "A city with rising demand." },
    });
    await Submission.submit(deps, { id: sub.id, expectedVersion: sub.version, actor: { kind: "api", id: "api" } });
    const { html } = await get(`${BASE}/steps/self-evaluation/las/E06000016`);
    const list = html.slice(html.indexOf("View the submission"));
    expect(list).toContain("A city with rising demand.");
    expect(list).not.toMatch(/<dt class="govuk-summary-list__key">\s*(period|context)\s*<\/dt>/);
  });

  it("filters the audit trail by LA, step and person, and exports it as CSV", async () => {
    if (Cycle.phase(await Cycle.get(deps, CYCLE), "self-evaluation").state === "scheduled")
      await Workflow.openStep(deps, {
        cycleId: CYCLE,
        step: "self-evaluation",
        actor: { kind: "api", id: "api", name: "API" },
      });
    const task = await get(`${BASE}/steps/self-evaluation/las/E10000007`);
    const waive = await asked(formWithButton(task.html, "Waive the task"), "Waive the task");
    expect((await submit(waive, { reason: "Joint inspection" })).status).toBe(303);
    const page = await get(`${BASE}/audit`);
    const filter = formWithButton(page.html, "Filter");
    const query = new URLSearchParams({ ...filter.fields, authority: "E10000007", step: "self-evaluation" });
    const { html } = await get(`${filter.action}?${query.toString()}`);
    expect(html).toContain("Waived self-evaluation: Joint inspection");
    expect(html).not.toContain("Opened self-evaluation");
    const csv = await app.request(`${BASE}/audit.csv?authority=E10000007`, { headers: { cookie } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const body = await csv.text();
    expect(body.split("\r\n")[0]).toBe("at,actor,actorName,action,authority,entity,summary");
    expect(body).toContain("task.waived");
    expect(body).not.toContain("step.opened");
  });

  it("has no link on a lead page that leads to a 404", async () => {
    const seen = new Set<string>();
    const queue = [BASE];
    while (queue.length && seen.size < 120) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await app.request(path, { headers: { cookie } });
      expect(res.status, path).not.toBe(404);
      expect(res.status, path).toBeLessThan(500);
      if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
      // Follow the lead's own pages; check every other same-site link once.
      for (const link of linksOf(await res.text())) if (!seen.has(link) && !queue.includes(link)) queue.push(link);
    }
    expect(seen.size).toBeGreaterThan(5);
    // The board links every task's page and each submission's history: many pages on a shared 2-core machine.
  }, 180_000);
});
