/**
 * One capacity count for an offer, shared by its region's own brokering and requests from other regions: a place
 * held for another region is not brokered again at home, and an offer its own region has filled cannot be asked for
 * (the catalogue says it is full and the request page refuses it, changing nothing).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, Exchange, fixedClock, People, Support, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { seedExchange } from "../../local/seed-exchange";
import { signInByPage } from "./sign-in";
import { recordingMailer, testDeps } from "./helpers";
import { formsOf } from "./page-forms";

const clock = fixedClock("2026-09-15T10:00:00Z");
const WM = "west-midlands-2026";
const actor = Audit.systemActor("test");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];

const asLead = async (regionId: string, email: string) => {
  const p = (await People.findByEmail(deps, regionId, email))!;
  return { actor: { kind: "person" as const, id: p.id, name: p.name }, regionId, email, name: p.name };
};
const offerOn = async (q: string) => (await Exchange.catalogue(deps, { q })).offers[0]!;
const need = (authority: string, theme: string) =>
  Support.addNeed(deps, { cycleId: WM, authority, theme, description: "A need", source: "annual-conversation", actor });

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  await seedExchange(base, 2026, "east-midlands");
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
}, 120_000);

describe("an offer's capacity", () => {
  it("a place held for another region is not brokered again by the offering region", async () => {
    const coventry = await offerOn("academy");
    const em = await asLead("east-midlands", "lead@em-riia.example.org");
    const wm = await asLead("west-midlands", "lead@wm-riia.example.org");
    for (const forAuthority of ["E06000015", "E06000016"]) {
      const { request } = await Exchange.request(deps, {
        acting: em,
        personName: em.name,
        forAuthority,
        cycleId: coventry.cycleId,
        offerId: coventry.offerId,
        note: "",
      });
      await Exchange.decide(deps, { id: request.id, decision: "agree", acting: wm, name: wm.name });
    }
    expect((await offerOn("academy")).left).toBe(0);
    await need("E08000027", "workforce");
    await need("E06000019", "workforce");
    await Support.broker(deps, { cycleId: WM, actor });
    const home = (await Support.brokerages(deps, WM)).filter((b) => b.offerId === coventry.offerId && !b.exchange);
    expect(home).toEqual([]);
  });

  it("an offer its own region has filled shows as full and cannot be asked for", async () => {
    const dudley = await offerOn("decision-maker");
    expect(dudley.capacity).toBe(1);
    await need("E06000019", "front-door");
    await Support.override(deps, {
      cycleId: WM,
      needId: "E06000019#front-door",
      offerId: dudley.offerId,
      reason: "Herefordshire first",
      actor,
    });
    expect((await offerOn("decision-maker")).left).toBe(0);
    const cookie = await signInByPage(app, sent, { scope: "east-midlands", email: "lead@em-riia.example.org" });
    const list = await (await app.request("/lead/exchange?q=decision-maker", { headers: { cookie } })).text();
    expect(list).toContain("Full");
    expect(list).not.toContain(`/lead/exchange/offers/${WM}/${dudley.offerId}"`);
    const page = await (
      await app.request(`/lead/exchange/offers/${WM}/${dudley.offerId}`, { headers: { cookie } })
    ).text();
    const form = formsOf(page).find((f) => f.action.includes("/lead/exchange/offers/"))!;
    const post = (extra: Record<string, string>) =>
      app.request(form.action, {
        method: "POST",
        body: new URLSearchParams({ ...form.fields, authority: "E06000015", ...extra }),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
      });
    const refused = await post({ confirm: "yes" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("This offer has no places left");
    expect((await Exchange.requestsOf(deps, "west-midlands")).incoming.map((r) => r.to.offerId)).not.toContain(
      dudley.offerId,
    );
  });
});
