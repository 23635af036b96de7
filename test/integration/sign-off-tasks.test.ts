/**
 * DCS sign-off and the LA's task, run by the schedule at several dates: an officer's submission
 * waiting for the DCS does not complete the task; a return does not restart the clock (overdue
 * notices and escalation count from the deadline); only the DCS's approval completes it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Mail, Submission, Workflow, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { formOf } from "../form-page";
import { recordingMailer, testDeps } from "./helpers";

const clock = fixedClock("2026-09-01T09:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];
const CYCLE = "east-midlands-2026";
const ID = Submission.submissionId(CYCLE, "self-evaluation", "E06000015");
const dcs = { kind: "person" as const, id: "p-dcs-derby", name: "Derby's DCS" };

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
});

const status = async () => (await Workflow.board(deps, CYCLE, "E06000015")).rows[0]!.steps["self-evaluation"]!.status;
async function tickAt(at: string) {
  clock.set(at);
  await Workflow.runTaskEvents(deps);
  await Mail.dispatchDue(deps);
}
async function send(html: string, action: string, fields: Record<string, string | string[]>, button?: string) {
  const form = formOf(html, action).set(fields);
  return app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
}

describe("the LA's task while the DCS signs off", () => {
  it("stays open until approval, and its overdue notices count from the deadline", async () => {
    await Workflow.openStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: { kind: "system", id: "test" } });
    clock.set("2026-10-30T10:00:00Z");
    const { token } = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const answers: Record<string, Record<string, string>> = {
      context: { "q.period": "2025-26", "q.context": "A city.", "q.last-inspection": "good" },
      themes: {
        "q.themes.0.theme": "front-door",
        "q.themes.0.strengths": "Timely.",
        "q.themes.0.areas": "Thresholds.",
        "q.themes.0.rating": "good",
      },
      summary: { "q.quality": "Good.", "q.how-know": "Audits.", "q.plans": "Embed." },
      offers: { "q.can-offer": "no" },
    };
    for (const [s, fields] of Object.entries(answers))
      expect(
        (await send(await (await app.request(`/f/${token}/s/${s}`)).text(), `/s/${s}`, fields, "continue")).status,
      ).toBe(303);
    const check = await (await app.request(`/f/${token}/check`)).text();
    expect((await send(check, "/submit", { declaration: ["yes"] })).status).toBe(303);
    expect((await Submission.get(deps, ID)).status).toBe("awaiting-sign-off");

    // The DCS returns it after the deadline; the schedule still counts from the deadline (31 October).
    clock.set("2026-11-02T09:00:00Z");
    await Submission.returnToOfficers(deps, { id: ID, actor: dcs, comment: "Add the audit figures." });
    await tickAt("2026-11-04T09:00:00Z");
    // Late from the deadline (the region escalates to the DCS 3 days after it), not from the return.
    expect(await status()).toBe("escalated");
    const overdue = sent.filter((m) => m.to[0] === "performance@derby.example.org" && m.subject.startsWith("Overdue"));
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.at(-1)!.text).toContain("was due on 31 October 2026 and is now 4 days overdue");

    // Submitted again, waiting for the DCS: still not complete.
    const again = await (await app.request(`/f/${token}/check`)).text();
    expect((await send(again, "/submit", { declaration: ["yes"] })).status).toBe(303);
    await tickAt("2026-11-07T09:00:00Z");
    expect(await status()).not.toBe("submitted");

    // Approved: complete at the next run, and nothing more is sent about it.
    await Submission.approve(deps, { id: ID, actor: dcs });
    await tickAt("2026-11-10T09:00:00Z");
    expect(await status()).toBe("submitted");
    const before = sent.length;
    await tickAt("2026-11-25T09:00:00Z");
    expect(
      sent
        .slice(before)
        .filter((m) => m.subject.includes("Derby's"))
        .map((m) => `${m.to[0]} ${m.subject}`),
    ).toEqual([]);
  }, 120_000);
});
