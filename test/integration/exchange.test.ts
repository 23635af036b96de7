/**
 * The inter-regional exchange across two regions, as people meet it: the East Midlands lead finds a West Midlands
 * offer in the national catalogue and asks for it (confirm page first); the West Midlands lead agrees from the
 * emailed link; Coventry confirms its capacity from its own link; the outcome emails the asking lead; both brokering
 * pages, the plan and both regions' audits show it. A lead cannot answer for another region; bad input changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Exchange, fixedClock, Support, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { seedExchange } from "../../local/seed-exchange";
import { signInByPage } from "./sign-in";
import { recordingMailer, testDeps } from "./helpers";
import { formsOf, linksOf, type PageForm } from "./page-forms";

const clock = fixedClock("2026-09-15T10:00:00Z");
const EM = "east-midlands-2026";
const WM = "west-midlands-2026";
const DERBY = "E06000015";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let em = "";
let wm = "";
let nw = "";

const post = (path: string, fields: Record<string, string> | [string, string][], cookie = "") =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
const submit = (f: PageForm, cookie: string, changes: Record<string, string> = {}) =>
  post(f.action, { ...f.fields, ...changes }, cookie);
const formTo = (html: string, action: RegExp) => formsOf(html).find((f) => action.test(f.action))!;
const mailTo = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));
const linkIn = (m: OutboundEmail) => /http:\/\/riia\.test(\/x\/[a-z2-7]+)/.exec(m.text)![1]!;
const auditOf = async (cycleId: string) =>
  (await Audit.listForScope(deps, Audit.cycleScope(cycleId), { limit: 200 })).items.filter((e) =>
    e.action.startsWith("exchange."),
  );

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  await seedExchange(base, 2026, "east-midlands");
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  em = await signInByPage(app, sent, { scope: "east-midlands", email: "lead@em-riia.example.org" });
  wm = await signInByPage(app, sent, { scope: "west-midlands", email: "lead@wm-riia.example.org" });
  nw = await signInByPage(app, sent, { scope: "north-west", email: "lead@nw-riia.example.org" });
}, 120_000);

describe("the national catalogue", () => {
  it("shows every region's offers, the lead's own first, searchable and filterable by theme", async () => {
    const { res, html } = await get("/lead/exchange", em);
    expect(res.status).toBe(200);
    expect(html.indexOf("Derby")).toBeLessThan(html.indexOf("Coventry"));
    expect(html).toContain("Blackpool");
    const workforce = await get("/lead/exchange?theme=workforce", em);
    expect(workforce.html).toContain("Coventry");
    expect(workforce.html).not.toContain("Blackpool");
    const searched = await get("/lead/exchange?q=staying-close", em);
    expect(searched.html).toContain("Blackpool");
    expect(searched.html).not.toContain("Coventry");
    expect(searched.html).toContain("1 offer found");
  });
});

describe("a request across regions", () => {
  let id = "";

  it("asks for another region's offer after a confirm page that changes nothing", async () => {
    const { html } = await get("/lead/exchange?theme=workforce", em);
    const href = linksOf(html).find((l) => l.startsWith("/lead/exchange/offers/west-midlands-2026/"))!;
    const page = await get(href, em);
    expect(page.html).toContain("social work academy");
    const blank = await submit(formTo(page.html, /\/lead\/exchange\/offers\//), em);
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain("Choose a local authority in your region");
    const first = await submit(formTo(page.html, /\/lead\/exchange\/offers\//), em, {
      authority: DERBY,
      note: "Turnover has risen for three quarters.",
    });
    expect(first.status).toBe(200);
    const confirm = await first.text();
    expect(confirm).toContain("Sam Ward (lead@wm-riia.example.org)");
    expect((await Exchange.requestsOf(deps, "east-midlands")).outgoing).toHaveLength(0);
    const done = await submit(formTo(confirm, /\/lead\/exchange\/offers\//), em);
    expect(done.status).toBe(303);
    const [r] = (await Exchange.requestsOf(deps, "east-midlands")).outgoing;
    expect(r).toMatchObject({ status: "requested", from: { authority: DERBY }, to: { regionId: "west-midlands" } });
    id = r!.id;
    const [mail] = mailTo("lead@wm-riia.example.org", /East Midlands asks for Coventry's offer/);
    expect(mail!.replyTo).toEqual(["lead@em-riia.example.org"]);
    expect((await auditOf(EM)).map((e) => e.action)).toContain("exchange.requested");
    expect((await auditOf(WM)).map((e) => e.action)).toContain("exchange.requested");
    // Asking twice is refused, and nothing new is sent.
    const again = await submit(formTo(confirm, /\/lead\/exchange\/offers\//), em);
    expect(again.status).toBe(400);
    expect(mailTo("lead@wm-riia.example.org", /asks for Coventry/)).toHaveLength(1);
  });

  it("refuses a lead of another region: East Midlands cannot agree a request made to West Midlands", async () => {
    const res = await post(`/lead/exchange/requests/${id}`, { decision: "agree", confirm: "yes", csrf: "x" }, em);
    expect([400, 403]).toContain(res.status);
    const { html } = await get(`/lead/cycles/${EM}/support`, em);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const withCsrf = await post(`/lead/exchange/requests/${id}`, { decision: "agree", confirm: "yes", csrf }, em);
    expect(withCsrf.status).toBe(403);
    const nwPage = await get("/lead/cycles/north-west-2026/support", nw);
    const nwCsrf = /name="csrf" value="([^"]+)"/.exec(nwPage.html)![1]!;
    expect(
      (await post(`/lead/exchange/requests/${id}`, { decision: "agree", confirm: "yes", csrf: nwCsrf }, nw)).status,
    ).toBe(403);
    expect((await Exchange.getRequest(deps, id)).status).toBe("requested");
  });

  it("the offering lead agrees from the emailed link; a place is held in both regions' brokering", async () => {
    const [mail] = mailTo("lead@wm-riia.example.org", /East Midlands asks for Coventry's offer/);
    const page = await get(linkIn(mail!));
    expect(page.res.status).toBe(200);
    const first = await submit(formTo(page.html, /^\/x\//), "", { decision: "agree" });
    expect(first.status).toBe(200);
    expect((await Exchange.getRequest(deps, id)).status).toBe("requested");
    const done = await submit(formTo(await first.text(), /^\/x\//), "", { reason: "Glad to help" });
    expect(done.status).toBe(303);
    expect((await Exchange.getRequest(deps, id)).status).toBe("agreed");
    const held = (await Support.brokerages(deps, WM)).filter((b) => b.exchange?.requestId === id);
    expect(held).toMatchObject([{ status: "agreed", provider: "E08000026", authority: DERBY }]);
    const coventry = (await Exchange.catalogue(deps, { q: "academy" })).offers[0]!;
    expect(coventry).toMatchObject({ capacity: 2, left: 1 });
    expect(mailTo("performance@coventry.example.org", /can Coventry support Derby/)).toHaveLength(1);
    expect(mailTo("lead@em-riia.example.org", /Agreed|Not agreed/)).toHaveLength(0);
  });

  it("Coventry confirms its capacity; the asking lead is emailed and both boards, the plan and both audits show it", async () => {
    const [mail] = mailTo("performance@coventry.example.org", /can Coventry support Derby/);
    expect(mail!.replyTo).toEqual(["lead@wm-riia.example.org"]);
    const page = await get(linkIn(mail!));
    const first = await submit(formTo(page.html, /^\/x\//), "", { answer: "yes" });
    const done = await submit(formTo(await first.text(), /^\/x\//), "");
    expect(done.status).toBe(303);
    expect((await Exchange.getRequest(deps, id)).status).toBe("confirmed");
    const [outcome] = mailTo("lead@em-riia.example.org", /Agreed: Coventry will support Derby/);
    expect(outcome!.replyTo).toEqual(["performance@coventry.example.org"]);
    expect((await get(`/lead/cycles/${EM}/support`, em)).html).toMatch(
      /Receiving[\s\S]*Derby[\s\S]*Coventry \(West Midlands\)[\s\S]*Confirmed/,
    );
    expect((await get(`/lead/cycles/${WM}/support`, wm)).html).toMatch(/Derby \(East Midlands\)[\s\S]*Confirmed/);
    const plan = await Support.buildPlan(deps, EM);
    expect(plan.authorities.find((a) => a.code === DERBY)!.receiving).toContainEqual(
      expect.objectContaining({ provider: "Coventry (West Midlands)", status: "agreed" }),
    );
    for (const cycle of [EM, WM])
      expect((await auditOf(cycle)).map((e) => e.action)).toEqual(
        expect.arrayContaining(["exchange.requested", "exchange.agreed", "exchange.confirmed"]),
      );
    // The link shows the outcome; it no longer asks for the capacity (only offers the case study).
    const after = (await get(linkIn(mail!))).html;
    expect(after).toContain("Confirmed");
    expect(page.html).toContain('name="answer"');
    expect(after).not.toContain('name="answer"');
  });

  it("the offering lead declines from the console only with a reason, and the asking lead is told why", async () => {
    const { html } = await get("/lead/exchange?q=staying-close", em);
    const href = linksOf(html).find((l) => l.startsWith("/lead/exchange/offers/north-west-2026/"))!;
    const form = formTo((await get(href, em)).html, /\/lead\/exchange\/offers\//);
    const confirm = await (await submit(form, em, { authority: "E06000016" })).text();
    expect((await submit(formTo(confirm, /\/lead\/exchange\/offers\//), em)).status).toBe(303);
    const board = await get("/lead/exchange/requests", nw);
    const decide = formTo(board.html, /\/lead\/exchange\/requests\//);
    const page = await (await submit(decide, nw, { decision: "decline" })).text();
    const noReason = await submit(formTo(page, /\/lead\/exchange\/requests\//), nw, { reason: "" });
    expect(noReason.status).toBe(400);
    const r = (await Exchange.requestsOf(deps, "north-west")).incoming[0]!;
    expect(r.status).toBe("requested");
    const done = await submit(formTo(page, /\/lead\/exchange\/requests\//), nw, {
      reason: "Our places are taken this year",
    });
    expect(done.status).toBe(303);
    expect((await Exchange.getRequest(deps, r.id)).status).toBe("declined");
    const [told] = mailTo("lead@em-riia.example.org", /Not agreed: Blackpool's offer for Leicester/);
    expect(told!.text).toContain("Our places are taken this year");
    expect(told!.replyTo).toEqual(["lead@nw-riia.example.org"]);
  });
});
