/**
 * The regional plan as a working document: the lead records a collective response's dates, participating LAs and
 * progress on the page (the form read from the HTML; bad dates refused and nothing saved), publishes a progress
 * report only after its confirmation page (audited), and the Word document carries contents, data context per
 * priority, actions with owners and dates, uptake and impact, and sign-off.
 */
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Impact, Support, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { formsOf } from "../form-page";
import { signInByPage } from "./sign-in";
import { CYCLE, lead, supportSetup } from "./support-setup";

let deps: Deps;
let sent: OutboundEmail[];
let app: App;
let cookie: string;
const PROGRESS = `/lead/cycles/${CYCLE}/plan/progress`;

const post = (path: string, body: URLSearchParams) =>
  app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const progressPage = async () => {
  const res = await app.request(PROGRESS, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};
const workforceForm = (html: string) => formsOf(html).find((f) => f.fields.theme === "workforce")!;

beforeAll(async () => {
  ({ deps, sent } = await supportSetup());
  await Support.deriveFromSubmissions(deps, CYCLE);
  await Support.broker(deps, { cycleId: CYCLE, actor: lead });
  app = createApp(deps);
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
}, 120_000);

describe("the plan as a working document", () => {
  it("records progress on a collective response, refusing bad dates", async () => {
    const bad = workforceForm(await progressPage()).set({
      "startsOn-day": "1",
      "startsOn-month": "10",
      "startsOn-year": "2026",
      "endsOn-day": "31",
      "endsOn-month": "2",
      "endsOn-year": "2027",
      status: "on-track",
    });
    const refused = await post(bad.action, bad.body());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Enter the end date as a real date");
    expect(await Impact.progressOf(deps, CYCLE)).toEqual([]);

    const f = workforceForm(await progressPage())
      .set({
        "startsOn-day": "1",
        "startsOn-month": "10",
        "startsOn-year": "2026",
        "endsOn-day": "31",
        "endsOn-month": "3",
        "endsOn-year": "2027",
        status: "on-track",
        note: "Two workshops held; retention toolkit drafted.",
      })
      .check("participants", "E06000015", "E06000016");
    expect((await post(f.action, f.body())).status).toBe(303);
    expect(await Impact.progressOf(deps, CYCLE)).toMatchObject([
      {
        theme: "workforce",
        startsOn: "2026-10-01",
        endsOn: "2027-03-31",
        participants: ["E06000015", "E06000016"],
        status: "on-track",
        version: 1,
      },
    ]);
    expect(await progressPage()).toContain("Morgan Lee: On track — Two workshops held; retention toolkit drafted.");
  });

  it("publishes a progress report only after its confirmation, audited", async () => {
    const html = await progressPage();
    const ask = formsOf(html).find((x) => x.fields.action === "report")!;
    const confirmPage = await post(ask.action, ask.body());
    expect(confirmPage.status).toBe(200);
    const confirmHtml = await confirmPage.text();
    expect(confirmHtml).toContain("Publish progress report 1?");
    expect(await Impact.progressReports(deps, CYCLE)).toEqual([]);
    const confirm = formsOf(confirmHtml)
      .find((x) => x.fields.confirm === "yes")!
      .set({ note: "For the December DCS meeting" });
    expect((await post(confirm.action, confirm.body())).status).toBe(303);
    const reports = await Impact.progressReports(deps, CYCLE);
    expect(reports.map((r) => [r.version, r.note])).toEqual([[1, "For the December DCS meeting"]]);
    expect(reports[0]!.plan.working!.actions.find((a) => a.theme === "workforce")).toMatchObject({
      status: "On track",
    });
    const audit = await Audit.listForScope(deps, Audit.cycleScope(CYCLE));
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(["plan.progress", "plan.progress-report.published"]),
    );
    const report = await app.request(`${PROGRESS}/reports/1`, { headers: { cookie } });
    expect(await report.text()).toContain("Progress report 1,");
  });

  it("gives a Word document a DCS meeting can adopt", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/exports/plan.docx`, {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(res.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file("word/document.xml")!.async("string");
    for (const text of [
      "Contents",
      "Data context for each priority",
      "Actions, owners and dates",
      "1 October 2026 to 31 March 2027",
      "Derby, Leicester",
      "On track: Two workshops held; retention toolkit drafted.",
      "Uptake and impact",
      "Uptake and impact by theme of support",
      "Sign-off",
      "directors of children&apos;s services meeting on",
    ])
      expect(xml, text).toContain(text);
  });
});
