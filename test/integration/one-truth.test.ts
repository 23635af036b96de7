/**
 * One truth: the board, the step page and the task page show the same state for an LA's task, read by the lead
 * through the pages, before an officer starts, after they submit by the form (waiting for the DCS) and after the DCS
 * approves from the sign-off page; and the support menu's state on the board is the LAs' menu choices.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Cycle, fixedClock, Support, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formOf, type FormFiller } from "../form-page";
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
  // The scheduled step opens the self-evaluation and creates every LA's task.
  await Workflow.openStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: Audit.systemActor("schedule") });
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

async function get(path: string, withCookie = "") {
  const res = await app.request(path, { headers: withCookie ? { cookie: withCookie } : {} });
  expect(res.status, path).toBe(200);
  return res.text();
}
async function send(form: FormFiller, button?: string) {
  return app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
}
const TAG = /<strong class="govuk-tag[^"]*">([^<]+)<\/strong>/;

/** The state word each of the lead's three pages shows for one LA's task in a step. */
async function statesShown(step: string, code: string) {
  const link = `/lead/cycles/${CYCLE}/steps/${step}/las/${code}`;
  const board = await get(`/lead/cycles/${CYCLE}`, cookie);
  const onBoard = new RegExp(`href="${link}">\\s*${TAG.source}`).exec(board)?.[1];
  const stepPage = await get(`/lead/cycles/${CYCLE}/steps/${step}`, cookie);
  const row = stepPage.split("<tr").find((r) => r.includes(`href="${link}"`));
  const onStep = row ? TAG.exec(row)?.[1] : undefined;
  const taskPage = await get(link, cookie);
  const onTask = new RegExp(`State\\s*</dt>\\s*<dd[^>]*>\\s*${TAG.source}`).exec(taskPage)?.[1];
  return { board: onBoard, step: onStep, task: onTask };
}
const same = (word: string) => ({ board: word, step: word, task: word });

const ANSWERS = selfEvaluationAnswers("2026-27");

describe("one truth for a task's state", () => {
  it("shows the same word on the board, the step page and the task page through submission and sign-off", async () => {
    expect(await statesShown("self-evaluation", DERBY)).toEqual(same("not started"));

    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    for (const [section, fields] of Object.entries(ANSWERS)) {
      const html = await get(`/f/${token}/s/${section}`);
      expect((await send(formOf(html, `/s/${section}`).set(fields), "continue")).status).toBe(303);
    }
    const check = await get(`/f/${token}/check`);
    expect((await send(formOf(check, "/submit").check("declaration", "yes"))).status).toBe(303);
    // Sent to the DCS: started, not yet submitted, on every page alike (the scheduled step has not run).
    expect(await statesShown("self-evaluation", DERBY)).toEqual(same("in progress"));

    const mail = sent.filter((m) => m.to[0] === "dcs@derby.example.org" && /^Approve/.test(m.subject)).at(-1)!;
    const signOff = /http:\/\/riia\.test(\/sign-off\/\S+)/.exec(mail.text)![1]!;
    const page = await get(signOff);
    expect((await send(formOf(page, "/sign-off/").check("decision", "approve"))).status).toBe(303);
    expect(await statesShown("self-evaluation", DERBY)).toEqual(same("submitted"));
    // Another LA is untouched, on every page alike.
    expect(await statesShown("self-evaluation", "E06000016")).toEqual(same("not started"));
  });

  it("reads the support menu's state from the LAs' choices, on the board, the task page and the counts", async () => {
    const cycle = "east-midlands-2027";
    await Cycle.create(deps, { regionId: "east-midlands", year: 2027, actor: Audit.systemActor("test") });
    const before = await Workflow.taskStates(deps, cycle);
    expect(before.filter((t) => t.step === "support-menu")).toEqual([]);
    // Open the menu with one offer on it, and have Derby choose it.
    const { store } = deps;
    const current = await Cycle.get(deps, cycle);
    await store.put({
      ...current,
      phases: current.phases.map((p) => (p.step === "support-menu" ? { ...p, state: "open" } : p)),
    });
    const offer = await Support.addOffer(deps, {
      cycleId: cycle,
      authority: "E06000016",
      theme: "front-door",
      source: "self-evaluation",
      description: "Front door audit support.",
      format: "visit",
      capacity: 2,
      actor: Audit.systemActor("test"),
    });
    await Support.expressInterest(deps, { cycleId: cycle, authority: DERBY, offerIds: [offer.id], by: "test" });
    const menu = (await Workflow.taskStates(deps, cycle)).filter((t) => t.step === "support-menu");
    expect(menu.filter((t) => t.status === "submitted").map((t) => t.authority)).toEqual([DERBY]);
    const dash = await Workflow.dashboard(deps, cycle);
    expect(dash.steps.find((s) => s.step === "support-menu")!.counts.submitted).toBe(1);
    const link = `/lead/cycles/${cycle}/steps/support-menu/las/${DERBY}`;
    const board = await get(`/lead/cycles/${cycle}`, cookie);
    expect(new RegExp(`href="${link}">\\s*${TAG.source}`).exec(board)?.[1]).toBe("submitted");
    const taskPage = await get(link, cookie);
    expect(new RegExp(`State\\s*</dt>\\s*<dd[^>]*>\\s*${TAG.source}`).exec(taskPage)?.[1]).toBe("submitted");
    // A state read from the choices has no task actions of its own, and no form submission to contradict it.
    expect(taskPage).not.toContain("Send a reminder now");
    expect(taskPage).not.toContain("Not started");
  });
});
