/**
 * Steps 5 and 6 run from pages the way a lead does: build the menu, add intelligence as an offer and as a need,
 * broker, change a match with a reason, record uptake, edit the plan and publish it — each request built from the
 * rendered form, then the store, the mail and the Word file checked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { Mail, Support, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { formWithButton, type PageForm } from "../form-page";
import { CYCLE, lead, supportSetup } from "./support-setup";
import { signInByPage } from "./sign-in";

let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie = "";
const BASE = `/lead/cycles/${CYCLE}`;
const post = (path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string) => (await app.request(path, { headers: { cookie } })).text();
const submit = (f: PageForm, changes: Record<string, string> = {}) => post(f.action, { ...f.fields, ...changes });

beforeAll(async () => {
  ({ deps, sent } = await supportSetup());
  app = createApp(deps);
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

describe("steps 5 and 6 from pages", () => {
  it("builds the menu, adds intelligence as an offer and as a need, brokers, overrides with a reason and records uptake", async () => {
    let html = await get(`${BASE}/support`);
    expect((await submit(formWithButton(html, "Build needs and offers from the submitted forms"))).status).toBe(303);
    html = await get(`${BASE}/support`);
    expect(html).toContain("Our recruitment and retention programme");

    const add = formWithButton(html, "Add it");
    const bad = await submit(add, { kind: "offer", authority: "", theme: "workforce", description: "Typed text" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("govuk-error-summary");
    expect(badHtml).toContain("Typed text");
    const offer = { kind: "offer", authority: "E06000061", theme: "care-leavers", source: "ofsted-focused-visit" };
    expect(
      (await submit(add, { ...offer, description: "Care leavers local offer", format: "one-to-one", capacity: "2" }))
        .status,
    ).toBe(303);
    const need = { kind: "need", authority: "E06000018", theme: "front-door", source: "jtai" };
    expect((await submit(add, { ...need, description: "JTAI found delays at the front door" })).status).toBe(303);
    expect((await Support.offers(deps, CYCLE)).some((o) => o.source === "ofsted-focused-visit")).toBe(true);
    expect((await Support.needs(deps, CYCLE)).find((n) => n.id === "E06000018#front-door")?.sources).toEqual(["jtai"]);
    // The same note sent again (a second press of the button) is not repeated in the need.
    expect((await submit(add, { ...need, description: "JTAI found delays at the front door" })).status).toBe(303);
    const frontDoor = (await Support.needs(deps, CYCLE)).find((n) => n.id === "E06000018#front-door")!;
    expect(frontDoor.description.split("\n").filter((l) => l === "JTAI found delays at the front door")).toHaveLength(
      1,
    );

    html = await get(`${BASE}/support`);
    expect((await submit(formWithButton(html, "Run brokering"))).status).toBe(303);
    const matches = await Support.brokerages(deps, CYCLE);
    expect(matches.length).toBeGreaterThan(2);

    html = await get(`${BASE}/support`);
    const change = formWithButton(html, "Change the match");
    const noReason = await submit(change, { needId: "E06000015#workforce", offerId: "", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Give a reason for changing the match");
    expect(
      (
        await submit(change, {
          needId: "E06000015#workforce",
          offerId: "",
          reason: "Derby is working with a consultant",
        })
      ).status,
    ).toBe(303);
    expect((await Support.brokerages(deps, CYCLE)).some((b) => b.needId === "E06000015#workforce")).toBe(false);

    const matched = (await Support.brokerages(deps, CYCLE))[0]!;
    html = await get(`${BASE}/support`);
    expect(
      (await submit(formWithButton(html, "Record uptake"), { needId: matched.needId, status: "taken-up" })).status,
    ).toBe(303);
    expect((await Support.brokerages(deps, CYCLE)).find((b) => b.needId === matched.needId)?.status).toBe("taken-up");
  });

  it("keeps a concern's need when the lead builds the menu from the forms: the need holds every source", async () => {
    // Rutland's self-evaluation rates the front door "requires improvement"; the lead opens a concern on it too.
    const id = "E06000017#front-door";
    const evidence = "Re-referrals within a year rose to a third of contacts, twice the regional rate.";
    const opened = await submit(formWithButton(await get("/lead/concerns/east-midlands"), "Open the concern"), {
      authority: "E06000017",
      theme: "front-door",
      evidence,
    });
    expect(opened.status).toBe(303);
    expect((await Support.needs(deps, CYCLE)).find((n) => n.id === id)?.sources).toContain("concern");

    const build = async () => {
      const html = await get(`${BASE}/support`);
      expect((await submit(formWithButton(html, "Build needs and offers from the submitted forms"))).status).toBe(303);
      return (await Support.needs(deps, CYCLE)).find((n) => n.id === id)!;
    };
    const need = await build();
    expect([...need.sources].sort()).toEqual(["concern", "self-evaluation"]);
    expect(need.priority).toBe(3); // the concern's, not the self-evaluation's 2
    expect(need.description).toContain(`Concern under the MoU: ${evidence}`);
    expect(need.description).toContain("Develop front-door");
    // Building again changes nothing: no source lost, no line doubled.
    expect(await build()).toEqual(need);
  });

  it("edits the plan, previews it and publishes a version with brokered solutions in Word and HTML", async () => {
    await Support.deriveFromSubmissions(deps, CYCLE);
    await Support.broker(deps, { cycleId: CYCLE, actor: lead });
    let html = await get(`${BASE}/plan`);
    const edit = formWithButton(html, "Save the draft");
    expect(edit.fields["type-workforce"]).toBeTruthy();
    const saved = await submit(edit, {
      introduction: "Our shared plan for the year.",
      "owner-workforce": "Nottingham",
      "when-workforce": "May to July 2027",
    });
    expect(saved.status).toBe(303);
    const stale = await submit(edit, { introduction: "An older copy" });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain("Someone else changed the plan");

    const preview = await get(`/api/cycles/${CYCLE}/exports/plan.html`);
    expect(preview).toContain("May to July 2027");
    expect(preview).toContain("Brokered solutions for");
    expect(preview).not.toMatch(/>None\.</);

    html = await get(`${BASE}/plan`);
    const before = sent.length;
    // Publishing shows who is emailed first; before the regional-plan step it needs a reason.
    const confirm = await submit(formWithButton(html, "Publish the plan"));
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain("Ruth Adebayo (adviser@dfe.example.org)");
    expect(await Support.publishedVersions(deps, CYCLE)).toEqual([]);
    const press = formWithButton(confirmHtml, "Publish and email the plan");
    expect((await submit(press, { reason: "" })).status).toBe(400);
    expect(await Support.publishedVersions(deps, CYCLE)).toEqual([]);
    expect((await submit(press, { reason: "The board approved it early" })).status).toBe(303);
    const versions = await Support.publishedVersions(deps, CYCLE);
    expect(versions.at(-1)!.plan.priorities[0]!.response.when).toBe("May to July 2027");
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    expect(sent.slice(before).some((m) => /plan/i.test(m.subject))).toBe(true);
    const published = await get(`/plans/${CYCLE}/${versions.at(-1)!.version}`);
    expect(published).toContain("Nottingham");

    const docx = await app.request(`/api/cycles/${CYCLE}/exports/plan.docx`, { headers: { cookie } });
    const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file("word/document.xml")!.async("string");
    expect(xml).toContain("<w:tbl>");
    expect(xml).toContain("Kind of support");
    expect(xml).toContain("May to July 2027");
  });
});
