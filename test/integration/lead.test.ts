/**
 * The regional lead's controls through HTTP: sign-in by emailed link, the board, steps, tasks,
 * peer assignments (propose, swap, send, accept/decline) — and every role refused what it may not do.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Assignments,
  Audit,
  Cycle,
  fixedClock,
  Submission,
  Tasks,
  Workflow,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { recordingMailer, testDeps } from "./helpers";
import { visitor, visitorPost } from "./visitor";
import { formWithButton, type PageForm } from "./page-forms";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const CYCLE = "east-midlands-2026";

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
});

const formPost = (path: string, fields: Record<string, string>, cookie = "") =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });

/** Sign in as someone through the emailed link; returns the session cookie. */
async function signIn(email: string) {
  const before = sent.length;
  const v = await visitor(app);
  const res = await visitorPost(app, v, "/sign-in", { region: "east-midlands", email });
  expect(res.status).toBe(200);
  const mail = sent.slice(before).find((m) => m.to[0] === email && m.subject === "Your sign-in link");
  const path = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail!.text)![1]!;
  expect((await app.request(path)).status).toBe(200); // a page with a button; visiting does not sign in
  const done = await visitorPost(app, v, path, {});
  expect(done.status).toBe(303);
  const cookie = done.headers.get("set-cookie")!;
  expect(cookie).toMatch(/riia_session=.+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax/);
  return { cookie: cookie.split(";")[0]!, path };
}
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const pageOf = async (path: string, cookie: string) => (await app.request(path, { headers: { cookie } })).text();
const submit = (f: PageForm, cookie: string, changes: Record<string, string> = {}) =>
  formPost(f.action, { ...f.fields, ...changes }, cookie);
/** A button whose action asks first: its post draws the confirmation page (nothing changes); returns that page's form. */
async function asked(f: PageForm, cookie: string, button: string) {
  const ask = await submit(f, cookie);
  expect(ask.status).toBe(200);
  return formWithButton(await ask.text(), button);
}

describe("sign in", () => {
  it("signs a regional lead in with a one-time emailed link", async () => {
    const { cookie, path } = await signIn("lead@em-riia.example.org");
    const lead = await app.request("/lead", { headers: { cookie } });
    expect(lead.headers.get("location")).toBe(`/lead/cycles/${CYCLE}`);
    const board = await app.request(`/lead/cycles/${CYCLE}`, { headers: { cookie } });
    expect(board.status).toBe(200);
    const html = await board.text();
    expect(html).toContain("Nottinghamshire");
    // Actions live in context: the board links each step's page, and has no generic action forms.
    expect(html).toContain(`href="/lead/cycles/${CYCLE}/steps/self-evaluation"`);
    expect(html).not.toContain(">Apply<");
    expect((await visitorPost(app, await visitor(app), path, {})).status).toBe(410); // a used link cannot sign in again
  });

  it("says the same thing for an address it does not know, and sends nothing", async () => {
    const before = sent.length;
    const v = await visitor(app);
    const res = await visitorPost(app, v, "/sign-in", { region: "east-midlands", email: "nobody@example.org" });
    expect(await res.text()).toContain("If nobody@example.org is registered");
    expect(sent.length).toBe(before);
    const bad = await visitorPost(app, v, "/sign-in", { region: "", email: "not an email" });
    expect(bad.status).toBe(400);
  });

  it("sends visitors without a session to sign in", async () => {
    expect((await app.request(`/lead/cycles/${CYCLE}`)).headers.get("location")).toBe("/sign-in");
    expect((await app.request(`/api/cycles/${CYCLE}/board`)).status).toBe(401);
  });
});

describe("roles", () => {
  it("lets a DfE adviser read the board but not change anything", async () => {
    const { cookie } = await signIn("adviser@dfe.example.org");
    const board = await app.request(`/lead/cycles/${CYCLE}`, { headers: { cookie } });
    const html = await board.text();
    expect(board.status).toBe(200);
    const step = await pageOf(`/lead/cycles/${CYCLE}/steps/self-evaluation`, cookie);
    expect(step).not.toContain("Open now");
    const res = await formPost(
      `/lead/cycles/${CYCLE}/steps/self-evaluation`,
      { csrf: csrfOf(html), action: "open" },
      cookie,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Only the region&#39;s regional lead can do this");
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "self-evaluation").state).toBe("scheduled");
  });

  it("shows an LA officer only their own LA, and refuses changes", async () => {
    const { cookie } = await signIn("performance@derby.example.org");
    const api = await app.request(`/api/cycles/${CYCLE}/board`, { headers: { cookie } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { rows: { name: string }[] }).rows.map((r) => r.name)).toEqual(["Derby"]);
    const other = await app.request("/api/authorities/E06000016/people", { headers: { cookie } });
    expect(other.status).toBe(403);
    const step = await app.request(`/api/cycles/${CYCLE}/steps/self-evaluation/open`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "http://localhost" },
      body: "{}",
    });
    expect(step.status).toBe(403);
  });
});

describe("running the cycle", () => {
  it("the lead opens a step, extends one LA's deadline and waives another's task, all audited", async () => {
    const { cookie } = await signIn("lead@em-riia.example.org");
    const before = sent.length;
    const step = await pageOf(`/lead/cycles/${CYCLE}/steps/self-evaluation`, cookie);
    const opened = await submit(await asked(formWithButton(step, "Open now"), cookie, "Open the step"), cookie);
    expect(opened.status).toBe(303);
    expect(decodeURIComponent(opened.headers.get("location")!)).toContain(
      "Self-evaluation is open. 30 invitations are on their way.",
    );
    await Workflow.runTaskEvents(deps);
    const { Mail } = await import("@riia/core");
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    expect(
      sent.slice(before).filter((m) => m.subject.startsWith("Annual self-evaluation: please complete")),
    ).toHaveLength(30);
    const task = (code: string) => pageOf(`/lead/cycles/${CYCLE}/steps/self-evaluation/las/${code}`, cookie);
    const extend = formWithButton(await task("E06000017"), "Extend the deadline");
    expect(
      (await submit(extend, cookie, { "deadline-day": "30", "deadline-month": "11", "deadline-year": "2026" })).status,
    ).toBe(303);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000017")).deadline).toBe(
      "2026-11-30T23:59:59.000Z",
    );
    const waive = await asked(formWithButton(await task("E06000018"), "Waive the task"), cookie, "Waive the task");
    expect((await submit(waive, cookie, { reason: "" })).status).toBe(400);
    expect((await submit(waive, cookie, { reason: "Under inspection" })).status).toBe(303);
    const other = formWithButton(await task("E06000015"), "Waive the task");
    expect((await submit(other, cookie, { csrf: "wrong", reason: "x y z" })).status).toBe(403);
    expect((await Tasks.getTask(deps, CYCLE, "self-evaluation", "E06000015")).status).not.toBe("waived");
    const actions = (await Audit.listForScope(deps, Audit.cycleScope(CYCLE))).items.map(
      (a) => `${a.action} by ${a.actor.id}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^task\.waived by p-/),
        expect.stringMatching(/^task\.extended by p-/),
        expect.stringMatching(/^step\.opened by p-/),
      ]),
    );
  });

  it("reopens a submitted form from its task page, with a reason", async () => {
    const sub = await Submission.open(deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E10000019",
      templateVersion: 1,
    });
    await Submission.submit(deps, { id: sub.id, expectedVersion: sub.version, actor: { kind: "api", id: "api" } });
    const { cookie } = await signIn("lead@em-riia.example.org");
    const board = await pageOf(`/lead/cycles/${CYCLE}`, cookie);
    const taskPath = `/lead/cycles/${CYCLE}/steps/self-evaluation/las/E10000019`;
    expect(board).toContain(`href="${taskPath}"`);
    expect(board).toContain(`href="/lead/submissions/${sub.id}/history"`);
    const reopen = await asked(
      formWithButton(await pageOf(taskPath, cookie), "Reopen the form"),
      cookie,
      "Reopen the form",
    );
    expect((await submit(reopen, cookie, { reason: "" })).status).toBe(400);
    expect((await Submission.get(deps, sub.id)).status).toBe("submitted");
    expect((await submit(reopen, cookie, { reason: "Figures need correcting" })).status).toBe(303);
    expect((await Submission.get(deps, sub.id)).status).toBe("reopened");
  });

  it("advances from one step to the next through the JSON API, with the next step's guard", async () => {
    const other = await Cycle.create(deps, {
      regionId: "east-midlands",
      year: 2028,
      actor: { kind: "api", id: "api" },
    });
    const api = (path: string, body: unknown) =>
      app.request(path, {
        method: "POST",
        headers: { Authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await api(`/api/cycles/${other.id}/steps/self-evaluation/open`, {})).status).toBe(200);
    const advanced = await api(`/api/cycles/${other.id}/steps/self-evaluation/advance`, {
      reason: "Moving on for the test",
    });
    expect(advanced.status).toBe(200);
    const c = await Cycle.get(deps, other.id);
    expect([Cycle.phase(c, "self-evaluation").state, Cycle.phase(c, "peer-scrutiny").state]).toEqual([
      "closed",
      "open",
    ]);
    expect((await api(`/api/cycles/${other.id}/steps/regional-plan/advance`, {})).status).toBe(400);
  });

  it("guards peer scrutiny: refused without a reason while self-evaluations are missing", async () => {
    const { cookie } = await signIn("lead@em-riia.example.org");
    const open = await asked(
      formWithButton(await pageOf(`/lead/cycles/${CYCLE}/steps/peer-scrutiny`, cookie), "Open now"),
      cookie,
      "Open the step",
    );
    const refused = await submit(open, cookie, { reason: "" });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("govuk-error-summary");
    expect(refusedHtml).toContain("have not submitted");
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "peer-scrutiny").state).toBe("scheduled");
    const opened = await submit(open, cookie, { reason: "Testing the region's peer scrutiny early" });
    expect(opened.status).toBe(303);
    const proposed = await Assignments.listForStep(deps, CYCLE, "peer-scrutiny");
    expect(proposed.filter((a) => a.rank === 0)).toHaveLength(20); // 10 LAs × 2 reviewers
  });

  it("shows proposals, refuses a swap that breaks the rules, makes a valid swap, sends, and replaces a reviewer who declines", async () => {
    const { cookie } = await signIn("lead@em-riia.example.org");
    const page = await (
      await app.request(`/lead/cycles/${CYCLE}/assignments/peer-scrutiny`, { headers: { cookie } })
    ).text();
    expect(page).toContain("Derby");
    const csrf = csrfOf(page);
    const all = await Assignments.listForStep(deps, CYCLE, "peer-scrutiny");
    const derbyReviewers = all.filter((a) => a.reviewee === "E06000015" && a.rank === 0).map((a) => a.reviewer);
    const self = await formPost(
      `/lead/cycles/${CYCLE}/assignments/peer-scrutiny/swap`,
      { csrf, reviewee: "E06000015", from: derbyReviewers[0]!, to: "E06000015" },
      cookie,
    );
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("cannot review itself");
    const derbyReviews = new Set(all.filter((a) => a.reviewer === "E06000015" && a.rank === 0).map((a) => a.reviewee));
    const candidate = [
      "E06000016",
      "E06000017",
      "E06000018",
      "E10000007",
      "E10000018",
      "E10000019",
      "E06000061",
      "E06000062",
      "E10000024",
    ].find((x) => !derbyReviewers.includes(x) && !derbyReviews.has(x))!;
    const swap = await formPost(
      `/lead/cycles/${CYCLE}/assignments/peer-scrutiny/swap`,
      { csrf, reviewee: "E06000015", from: derbyReviewers[0]!, to: candidate },
      cookie,
    );
    expect(swap.status).toBe(303);
    const before = sent.length;
    const send = await formPost(`/lead/cycles/${CYCLE}/assignments/peer-scrutiny/send`, { csrf, all: "yes" }, cookie);
    expect(send.status).toBe(303);
    const { Mail } = await import("@riia/core");
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const emails = sent.slice(before).filter((m) => m.subject.startsWith("Peer scrutiny: please review"));
    expect(emails).toHaveLength(20); // one reviewer contact per reviewing LA in the demo region
    const toDerby = emails.find(
      (m) =>
        m.subject === "Peer scrutiny: please review Derby" &&
        m.to[0]!.includes(candidate === "E06000016" ? "leicester" : ""),
    )!;
    expect(toDerby.replyTo?.[0]).toMatch(/^reply\+[a-z2-7]{28}@reply\.riia\.example\.org$/);
    // The email's form link opens the peer scrutiny response form about Derby for the reviewing LA.
    const formPath = /http:\/\/riia\.test(\/f\/[\w-]+\.[\w-]+)/.exec(toDerby.text)![1]!;
    const formPage = await (await app.request(formPath)).text();
    expect(formPage).toContain("Peer scrutiny response");
    expect(formPage).toMatch(/govuk-caption-l">Derby</);
    const decline = /http:\/\/riia\.test(\/r\/[a-z2-7]+\/decline)/.exec(toDerby.text)![1]!;
    const confirm = await app.request(decline);
    expect(confirm.status).toBe(200); // confirmation page only
    const declineCsrf = /name="csrf" value="([^"]+)"/.exec(await confirm.text())![1]!;
    const declined = await formPost(decline, { csrf: declineCsrf });
    expect(await declined.text()).toContain("We will ask another local authority");
    const after = await Assignments.listForStep(deps, CYCLE, "peer-scrutiny");
    const old = after.find((a) => a.reviewee === "E06000015" && a.status === "declined")!;
    expect(old.replacedBy).toBeDefined();
    const promoted = after.find((a) => a.id === old.replacedBy)!;
    expect(promoted).toMatchObject({ status: "sent", rank: 0, reviewee: "E06000015" });
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    expect(sent.filter((m) => m.subject === "Peer scrutiny: please review Derby").length).toBeGreaterThan(
      emails.filter((m) => m.subject === "Peer scrutiny: please review Derby").length,
    );

    // 14 days before the deadline, each reviewing LA is reminded of each review it owes, with the reply address.
    clock.set("2026-11-16T09:00:00Z");
    await Workflow.runTaskEvents(deps);
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const reminders = sent.filter((m) => m.subject.startsWith("Reminder: peer scrutiny of"));
    expect(reminders.length).toBeGreaterThanOrEqual(19);
    expect(reminders[0]!.replyTo?.[0]).toMatch(/^reply\+[a-z2-7]{28}@reply\.riia\.example\.org$/);
    expect(reminders[0]!.text).toMatch(/\/f\/[\w-]+\.[\w-]+/);
    // Each reminder also links the reviewee's submitted work, read only, through the reviewer's own link.
    const work = /http:\/\/riia\.test(\/r\/[a-z2-7]+\/work)/.exec(reminders[0]!.text)?.[1];
    expect(work).toBeDefined();
    expect((await app.request(work!)).status).toBe(200);
    expect(reminders.some((m) => m.subject === "Reminder: peer scrutiny of Derby due 30 November 2026")).toBe(true);
  });
});
