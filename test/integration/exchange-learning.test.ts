/**
 * Shared learning across regions and the national flows, as people meet them: after Coventry's support for Derby is
 * confirmed, Coventry publishes a case study from its emailed link (bad input refused, confirm page first); every
 * region's lead finds it in the library; the national view counts the request and the case study; the national
 * coordinator convenes a task-and-finish group with LAs from two regions (their DCSs invited), which a lead cannot.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Exchange, fixedClock, Keys, People, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { seedExchange } from "../../local/seed-exchange";
import { signInByPage } from "./sign-in";
import { recordingMailer, testDeps } from "./helpers";
import { formsOf } from "./page-forms";
import { addWorkforceNeedInBothMidlands } from "./exchange-needs";
import type { FormFiller } from "../form-page";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let requestId = "";
const actor = Audit.systemActor("test");

const post = (path: string, fields: [string, string][], cookie = "") =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
const submit = (f: FormFiller, cookie: string, changes: Record<string, string | string[]> = {}) => {
  const pairs = f.pairs().filter(([k]) => !(k in changes));
  for (const [k, v] of Object.entries(changes)) for (const one of [v].flat()) pairs.push([k, one]);
  return post(f.action, pairs, cookie);
};
const formTo = (html: string, action: RegExp, button?: string) =>
  formsOf(html).find((f) => action.test(f.action) && (!button || f.pairs().some(([k]) => k === button)))!;

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  await seedExchange(base, 2026, "east-midlands");
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  const lead = (await People.findByEmail(deps, "east-midlands", "lead@em-riia.example.org"))!;
  const wmLead = (await People.findByEmail(deps, "west-midlands", "lead@wm-riia.example.org"))!;
  const coventry = (await Exchange.catalogue(deps, { q: "academy" })).offers[0]!;
  const person = (p: People.Person) => ({ kind: "person" as const, id: p.id, name: p.name });
  const asked = await Exchange.request(deps, {
    acting: { actor: person(lead), regionId: "east-midlands", email: lead.email },
    personName: lead.name,
    forAuthority: "E06000015",
    cycleId: coventry.cycleId,
    offerId: coventry.offerId,
    note: "",
  });
  requestId = asked.request.id;
  await Exchange.decide(deps, {
    id: requestId,
    decision: "agree",
    acting: { actor: person(wmLead), regionId: "west-midlands", email: wmLead.email },
    name: wmLead.name,
  });
  // Workforce is a need in both regions (the group's page offers LAs with that need).
  await addWorkforceNeedInBothMidlands(deps, actor);
}, 120_000);

describe("case studies", () => {
  it("Coventry publishes one from its link once the support is confirmed; the library finds it", async () => {
    const mail = sent.find((m) => m.to[0] === "performance@coventry.example.org")!;
    const link = /http:\/\/riia\.test(\/x\/[a-z2-7]+)/.exec(mail.text)![1]!;
    expect((await get(link)).html).not.toContain('value="case-study"');
    const capacity = formTo((await get(link)).html, /^\/x\//);
    const confirm = await (await submit(capacity, "", { answer: "yes" })).text();
    expect((await submit(formTo(confirm, /^\/x\//), "")).status).toBe(303);
    const page = (await get(link)).html;
    const form = formTo(page, /^\/x\//, "what");
    const bad = await submit(form, "", { what: "short", changed: "", contact: "not an email" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Give a contact email address");
    expect(await deps.store.get(Keys.caseStudy(requestId))).toBeUndefined();
    const fields = {
      what: "Six months of mentoring for Derby's newly qualified social workers",
      changed: "Turnover among first-year social workers fell from 30% to 12%",
      contact: "academy@coventry.example.org",
    };
    const first = await submit(form, "", fields);
    expect(first.status).toBe(200);
    expect(await deps.store.get(Keys.caseStudy(requestId))).toBeUndefined();
    const done = await submit(formTo(await first.text(), /^\/x\//), "");
    expect(done.status).toBe(303);
    expect(await deps.store.get(Keys.caseStudy(requestId))).toMatchObject({ ...fields, forWhom: "Derby" });
    const nw = await signInByPage(app, sent, { scope: "north-west", email: "lead@nw-riia.example.org" });
    expect((await get("/lead/exchange/case-studies?q=mentoring", nw)).html).toContain("Coventry (West Midlands)");
    expect((await get("/lead/exchange/case-studies?q=fostering", nw)).html).toContain("0 case studies found");
    const audits = await Audit.listForScope(deps, Audit.cycleScope("east-midlands-2026"), { limit: 100 });
    expect(audits.items.map((e) => e.action)).toContain("exchange.case-study");
  });
});

describe("the national view and cross-region groups", () => {
  it("counts the flows and case studies; the coordinator convenes a group from two regions; a lead cannot", async () => {
    const coordinator = await signInByPage(app, sent, { scope: "national", email: "coordinator@national.example.org" });
    const national = await get("/lead/national", coordinator);
    expect(national.res.status).toBe(200);
    expect(national.html).toMatch(/id="exchange-flows"[\s\S]*East Midlands[\s\S]*West Midlands/);
    const start = (await get("/lead/national/groups", coordinator)).html;
    const chosen = await (
      await submit(formTo(start, /groups/), coordinator, { theme: "workforce", intent: "choose" })
    ).text();
    expect(chosen).toContain("Leicester (East Midlands)");
    const form = formTo(chosen, /groups/);
    const one = await submit(form, coordinator, { title: "Keeping social workers", authorities: ["E06000016"] });
    expect(one.status).toBe(400);
    expect(await one.text()).toContain("at least two regions");
    const confirm = await submit(form, coordinator, {
      title: "Keeping social workers",
      authorities: ["E06000016", "E08000027"],
    });
    expect(confirm.status).toBe(200);
    expect(await Exchange.groups(deps)).toHaveLength(0);
    const done = await submit(formTo(await confirm.text(), /groups/), coordinator);
    expect(done.status).toBe(303);
    expect(await Exchange.groups(deps)).toMatchObject([
      { title: "Keeping social workers", themeLabel: expect.any(String) },
    ]);
    expect(
      sent
        .filter((m) => m.subject === "You are invited: Keeping social workers")
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(["dcs@dudley.example.org", "dcs@leicester.example.org"]);
    const after = (await get("/lead/national", coordinator)).html;
    expect(after).toContain("1 case study published");
    expect(after).toContain("Keeping social workers");
    const lead = await signInByPage(app, sent, { scope: "west-midlands", email: "lead@wm-riia.example.org" });
    expect((await get("/lead/national/groups", lead)).res.status).toBe(403);
  });
});
