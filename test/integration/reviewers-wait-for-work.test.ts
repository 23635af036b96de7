/**
 * Reviewers are asked once there is something to review: the lead's "Send assignments" asks the reviewers of LAs
 * whose self-evaluation is in, the page names the LAs still waiting, and when a waiting LA's work arrives (the
 * officer submits by the form, the DCS approves from the sign-off page) its reviewers are asked then — by email, with
 * a working reply address — and nobody else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Assignments, Audit, fixedClock, Mail, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formOf, type FormFiller } from "../form-page";
import { formWithButton } from "./page-forms";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";
import { selfEvaluationAnswers } from "./self-evaluation-answers";

const clock = fixedClock("2026-10-20T10:00:00Z");
const CYCLE = "east-midlands-2026";
const DERBY = "E06000015";
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  await Workflow.openStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: Audit.systemActor("schedule") });
  await Workflow.openStep(deps, {
    cycleId: CYCLE,
    step: "peer-scrutiny",
    actor: Audit.systemActor("schedule"),
  });
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

async function get(path: string, withCookie = "") {
  const res = await app.request(path, { headers: withCookie ? { cookie: withCookie } : {} });
  expect(res.status, path).toBe(200);
  return res.text();
}
async function send(form: FormFiller, button?: string, withCookie = "") {
  return app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost",
      ...(withCookie ? { cookie: withCookie } : {}),
    },
  });
}
const flush = () => Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
const requests = () => sent.filter((m) => m.subject.startsWith("Peer scrutiny: please review"));

const ANSWERS = selfEvaluationAnswers("2026-27");

/** Derby's officer submits from the emailed link and its DCS approves from the sign-off page. */
async function derbySubmits() {
  const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
  for (const [section, fields] of Object.entries(ANSWERS)) {
    const html = await get(`/f/${token}/s/${section}`);
    expect((await send(formOf(html, `/s/${section}`).set(fields), "continue")).status).toBe(303);
  }
  const check = await get(`/f/${token}/check`);
  expect((await send(formOf(check, "/submit").check("declaration", "yes"))).status).toBe(303);
  const mail = sent.filter((m) => m.to[0] === "dcs@derby.example.org" && /^Approve/.test(m.subject)).at(-1)!;
  const signOff = /http:\/\/riia\.test(\/sign-off\/\S+)/.exec(mail.text)![1]!;
  expect((await send(formOf(await get(signOff), "/sign-off/").check("decision", "approve"))).status).toBe(303);
}

describe("reviewers wait for the work they review", () => {
  it("asks nobody for LAs whose work is not in, names them, and asks Derby's reviewers when Derby submits", async () => {
    const path = `/lead/cycles/${CYCLE}/assignments/peer-scrutiny`;
    const page = await get(path, cookie);
    // Every LA is waiting: the page names them and offers the lead the choice to send every assignment now.
    expect(page).toMatch(/Waiting for their work \(10\): [^<]*\bDerby\b/);
    expect(page).toContain("Send every assignment now");
    const sendForm = formWithButton(page, "Send assignments");
    const res = await app.request(sendForm.action, {
      method: "POST",
      body: new URLSearchParams(sendForm.fields),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
    });
    expect(res.status).toBe(303);
    expect(await get(res.headers.get("location")!, cookie)).toContain("No local authority&#39;s work is in yet");
    await flush();
    expect(requests()).toEqual([]);

    await derbySubmits();
    await flush();
    const asked = requests();
    const derbyReviewers = (await Assignments.listForStep(deps, CYCLE, "peer-scrutiny")).filter(
      (a) => a.reviewee === DERBY && a.rank === 0,
    );
    expect(derbyReviewers.length).toBeGreaterThan(0);
    expect(derbyReviewers.every((a) => a.status === "sent")).toBe(true);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((m) => m.subject === "Peer scrutiny: please review Derby")).toBe(true);
    for (const m of asked) expect(m.replyTo?.[0]).toMatch(/^reply\+[a-z2-7]{28}@/);
    // The others still wait, and the page still names them (not Derby).
    const others = (await Assignments.listForStep(deps, CYCLE, "peer-scrutiny")).filter(
      (a) => a.reviewee !== DERBY && a.rank === 0,
    );
    expect(others.every((a) => a.status === "proposed")).toBe(true);
    const after = await get(path, cookie);
    const waitingLine = /Waiting for their work \(9\): ([^<]*)\./.exec(after)![1]!;
    expect(waitingLine.split(", ")).not.toContain("Derby");
    expect(waitingLine.split(", ")).toContain("Leicester");
  });
});
