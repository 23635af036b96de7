/**
 * Steps 5 and 6 from seeded submissions: needs and offers, the menu from an emailed link,
 * brokering, the regional development plan (common priorities, per-LA sections), publishing by
 * email, and exports (the Word file read back, CSV).
 */
import { beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { Cycle, Mail, Support, Workflow, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { CYCLE, lead, supportSetup } from "./support-setup";

let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const auth = () => ({ Authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" });

beforeAll(async () => {
  ({ deps, sent } = await supportSetup());
  app = createApp(deps);
});

describe("support menu, brokering and the regional development plan", () => {
  it("draws needs from self-evaluations and development plans, and offers from what LAs said they could give", async () => {
    expect(await Support.deriveFromSubmissions(deps, CYCLE)).toEqual({ needs: 5, offers: 2 });
    const needs = await Support.needs(deps, CYCLE);
    expect(needs.map((n) => n.id).sort()).toEqual([
      "E06000015#workforce",
      "E06000016#workforce",
      "E06000017#front-door",
      "E06000017#workforce",
      "E10000007#care-leavers",
    ]);
    expect(needs.find((n) => n.id === "E06000016#workforce")!.priority).toBe(3);
    // Again: nothing doubles.
    await Support.deriveFromSubmissions(deps, CYCLE);
    expect(await Support.needs(deps, CYCLE)).toHaveLength(5);
  });

  it("adds the lead's intelligence as an offer, and refuses one that is not valid", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/support/offers`, {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({
        authority: "E06000061",
        theme: "care-leavers",
        description: "Ofsted focused visit found strong care leaver support",
        format: "practice-sharing",
        capacity: 1,
        source: "ofsted-focused-visit",
      }),
    });
    expect(res.status).toBe(200);
    const bad = await app.request(`/api/cycles/${CYCLE}/support/offers`, {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({
        authority: "E99999999",
        theme: "nope",
        description: "",
        format: "x",
        capacity: 99,
        source: "gossip",
      }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: unknown[] }).errors).toHaveLength(6);
    expect(await Support.offers(deps, CYCLE)).toHaveLength(3);
  });

  it("lets an LA express interest from its emailed menu link", async () => {
    await Workflow.openStep(deps, { cycleId: CYCLE, step: "support-menu", actor: lead });
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const menuMail = sent.find(
      (m) => m.to[0] === "improvement@rutland.example.org" && m.subject.startsWith("Menu of support offers"),
    )!;
    const path = /http:\/\/riia\.test(\/m\/[\w-]+\.[\w-]+)/.exec(menuMail.text)![1]!;
    const page = await (await app.request(path)).text();
    expect(page).toContain("Our recruitment and retention programme");
    expect(page).toContain("capacity left: 2 of 2");
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const body = new URLSearchParams({ csrf });
    body.append("offer", "se-E06000018-0");
    const res = await app.request(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(res.status).toBe(303);
    expect((await Support.interests(deps, CYCLE)).map((i) => `${i.authority}>${i.offerId}`)).toEqual([
      "E06000017>se-E06000018-0",
    ]);
  });

  it("brokers needs to offers within capacity, never an LA to itself, preferring what LAs asked for", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/support/broker`, { method: "POST", headers: auth() });
    expect(res.status).toBe(200);
    const b = await Support.brokerages(deps, CYCLE);
    const offers = await Support.offers(deps, CYCLE);
    for (const o of offers) expect(b.filter((x) => x.offerId === o.id).length).toBeLessThanOrEqual(o.capacity);
    for (const x of b) expect(x.provider).not.toBe(x.authority);
    // Rutland asked for Nottingham's workforce offer: it gets it (capacity 2 of 3 workforce needs).
    expect(b.find((x) => x.needId === "E06000017#workforce")).toMatchObject({
      provider: "E06000018",
      type: "one-to-one",
    });
    expect(b.filter((x) => x.theme === "workforce")).toHaveLength(2);
    expect(b.find((x) => x.needId === "E06000017#front-door")).toMatchObject({
      provider: "E10000019",
      type: "deep-dive-visit",
    });
    expect(b.find((x) => x.needId === "E10000007#care-leavers")).toMatchObject({
      provider: "E06000061",
      type: "practice-sharing-visit",
    });
  });

  it("lets the lead override a match (capacity and self-support refused) and record uptake", async () => {
    const over = (body: unknown) =>
      app.request(`/api/cycles/${CYCLE}/support/brokerage`, {
        method: "PUT",
        headers: auth(),
        body: JSON.stringify(body),
      });
    expect((await over({ needId: "E06000015#workforce", offerId: "se-E06000018-0" })).status).toBe(400); // full
    expect((await over({ needId: "E10000007#care-leavers", status: "taken-up" })).status).toBe(200);
    const b = await Support.brokerages(deps, CYCLE);
    expect(b.find((x) => x.needId === "E10000007#care-leavers")!.status).toBe("taken-up");
  });

  it("makes a theme shared by 3 LAs a common priority and lists each LA's solutions and uptake", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/plan`, { headers: auth() });
    const plan = (await res.json()) as Support.Plan & { version: number };
    expect(plan.priorities.map((p) => p.label)).toEqual(["Workforce: recruitment, retention and practice"]);
    expect(plan.priorities[0]).toMatchObject({
      authorities: ["Derby", "Leicester", "Rutland"],
      response: { owner: "Nottingham" },
    });
    const nottingham = plan.authorities.find((a) => a.code === "E06000018")!;
    expect(nottingham.providing).toHaveLength(2);
    const edit = await app.request(`/api/cycles/${CYCLE}/plan`, {
      method: "PUT",
      headers: auth(),
      body: JSON.stringify({
        version: plan.version,
        edits: {
          introduction: "Our shared plan for the year.",
          responses: {
            workforce: {
              type: "collaborative-project",
              owner: "Nottingham and Leicester",
              detail: "A joint recruitment campaign.",
            },
          },
        },
      }),
    });
    expect(edit.status).toBe(200);
    const stale = await app.request(`/api/cycles/${CYCLE}/plan`, {
      method: "PUT",
      headers: auth(),
      body: JSON.stringify({ version: plan.version, edits: {} }),
    });
    expect(stale.status).toBe(409);
  });

  it("publishes the plan as a version and emails every DCS and adviser in the region", async () => {
    const before = sent.length;
    // Before the regional-plan step opens, publishing needs a reason.
    const early = await app.request(`/api/cycles/${CYCLE}/plan/publish`, { method: "POST", headers: auth() });
    expect(early.status).toBe(400);
    expect(await Support.publishedVersions(deps, CYCLE)).toEqual([]);
    const res = await app.request(
      `/api/cycles/${CYCLE}/plan/publish?reason=${encodeURIComponent("Board approved it")}`,
      {
        method: "POST",
        headers: auth(),
      },
    );
    expect(await res.json()).toEqual({ version: 1 });
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const mails = sent
      .slice(before)
      .filter((m) => m.subject === "East Midlands regional development plan 2026 to 2027 published");
    expect(mails.map((m) => m.to[0]).sort()).toEqual(
      expect.arrayContaining([
        "adviser@dfe.example.org",
        "adviser@lga.example.org",
        "dcs@derby.example.org",
        "lead@em-riia.example.org",
      ]),
    );
    expect(mails).toHaveLength(13); // 10 DCSs, the lead and two advisers
    expect(mails[0]!.text).toContain("Workforce: recruitment, retention and practice");
    expect((await Support.publishedVersions(deps, CYCLE)).map((p) => p.version)).toEqual([1]);
  });

  it("exports the plan as a Word document that opens and contains its sections", async () => {
    const res = await app.request(`/api/cycles/${CYCLE}/exports/plan.docx`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("wordprocessingml");
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const text of [
      "East Midlands regional development plan",
      "2026 to 2027",
      "Contents",
      "Summary",
      "Our shared plan for the year.",
      "Common priorities",
      "Workforce: recruitment, retention and practice",
      "Collaborative project",
      "Nottingham and Leicester",
      "Local authorities",
      "Rutland",
      "Kind of support",
      "The region&apos;s offers",
    ]) {
      expect(xml).toContain(text);
    }
  });

  it("exports the menu, needs, brokerage and submissions as CSV and JSON; bad names are 400", async () => {
    const csv = await (await app.request(`/api/cycles/${CYCLE}/exports/brokerage.csv`, { headers: auth() })).text();
    expect(csv.split("\r\n")[0]).toBe("needId,authority,theme,offerId,provider,type,status,override");
    expect(csv).toContain("E06000017#workforce");
    const json = (await (
      await app.request(`/api/cycles/${CYCLE}/exports/submissions.json`, { headers: auth() })
    ).json()) as { submissions: unknown[] };
    expect(json.submissions).toHaveLength(6);
    expect((await app.request(`/api/cycles/${CYCLE}/exports/secrets.csv`, { headers: auth() })).status).toBe(400);
    expect((await app.request(`/api/cycles/${CYCLE}/exports/plan.docx`)).status).toBe(401);
    expect(Cycle.phase(await Cycle.get(deps, CYCLE), "support-menu").state).toBe("open");
  });
});
