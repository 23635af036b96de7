/**
 * The national view as advisers and the national coordinator meet it: sign in nationally from the page, the nine
 * regions side by side with links down to each region's dashboard, priorities that recur across regions and offers
 * one region could share with another; every lead POST refused to them with a 403 page; the dashboard's open
 * concerns; and the national read's cost for 9 regions and 153 LAs (queries by key only).
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Audit,
  Concerns,
  Cycle,
  fixedClock,
  National,
  Region,
  Support,
  Workflow,
  type Deps,
  type OutboundEmail,
  type Store,
} from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { signInByPage } from "./sign-in";
import { recordingMailer, testDeps } from "./helpers";
import { formsOf, linksOf, type PageForm } from "./page-forms";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
const EM = "east-midlands-2026";
const actor = Audit.systemActor("test");

const post = (path: string, fields: Record<string, string>, cookie = "") =>
  app.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
  });
const get = async (path: string, cookie: string) => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
const submit = (f: PageForm, cookie: string, changes: Record<string, string> = {}) =>
  post(f.action, { ...f.fields, ...changes }, cookie);

const signIn = (scope: string, email: string) => signInByPage(app, sent, { scope, email });

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  // Every region has this year's cycle with the self-evaluation open (153 LA tasks in all).
  for (const r of await Region.list(deps)) {
    const id = Cycle.cycleId(r.id, 2026);
    await Cycle.create(deps, { regionId: r.id, year: 2026, actor }).catch(() => undefined);
    await Workflow.openStep(deps, { cycleId: id, step: "self-evaluation", actor });
  }
  // Workforce is a common priority in two regions; the North East offers it and needs nothing else.
  const need = async (regionId: string, n: number) => {
    const las = (await Region.authorities(deps, regionId)).slice(0, n);
    for (const la of las)
      await Support.addNeed(deps, {
        cycleId: Cycle.cycleId(regionId, 2026),
        authority: la.code,
        theme: "workforce",
        description: "Retaining experienced social workers",
        source: "annual-conversation",
        actor,
      });
  };
  await need("east-midlands", 4);
  await need("london", 5);
  const ne = (await Region.authorities(deps, "north-east"))[0]!;
  await Support.addOffer(deps, {
    cycleId: "north-east-2026",
    authority: ne.code,
    theme: "workforce",
    description: "Our recruitment and retention academy",
    format: "group",
    capacity: 4,
    source: "other",
    actor,
  });
}, 240_000);

describe("the national view", () => {
  it("a national coordinator signs in nationally and reads the nine regions side by side, with links down", async () => {
    const cookie = await signIn("national", "coordinator@national.example.org");
    const home = await app.request("/lead", { headers: { cookie } });
    expect(home.headers.get("location")).toBe("/lead/national");
    const { res, html } = await get("/lead/national", cookie);
    expect(res.status).toBe(200);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="national-chart-title/);
    expect(html).toContain('id="national-table"');
    const regions = await Region.list(deps);
    expect(regions).toHaveLength(9);
    for (const r of regions) {
      const href = `/lead/cycles/${r.id}-2026`;
      expect(html).toContain(`href="${href}"`);
      const down = await get(href, cookie);
      expect(down.res.status, href).toBe(200);
      expect(down.html).toContain(r.name);
      expect(down.html).toContain("Progress at a glance");
    }
    // Common priorities across regions, and the North East's offer for the regions that need workforce support.
    const priorities = html.slice(html.indexOf("Common priorities across regions"), html.indexOf("Offers a region"));
    expect(priorities).toContain("Workforce: recruitment, retention and practice");
    expect(priorities).toMatch(/East Midlands \(4 LAs\); London \(5 LAs\)/);
    const offers = html.slice(html.indexOf("Offers a region could share"));
    expect(offers).toContain("Our recruitment and retention academy");
    expect(offers).toMatch(/North East/);
    expect(offers).toMatch(/East Midlands \(4 LAs\); London \(5 LAs\)/);
    // Nothing on the page leads to a 404.
    for (const link of new Set(linksOf(html))) expect((await get(link, cookie)).res.status, link).not.toBe(404);
  });

  it("a DfE adviser listed nationally reads it too; a regional lead does not", async () => {
    const adviser = await signIn("national", "adviser@dfe-national.example.org");
    expect((await get("/lead/national", adviser)).res.status).toBe(200);
    const lead = await signIn("east-midlands", "lead@em-riia.example.org");
    const refused = await get("/lead/national", lead);
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain("Only DfE and LGA advisers and the national coordinator can see the national view");
  });

  it("refuses every lead form to national people with a 403 page, and changes nothing", async () => {
    const lead = await signIn("east-midlands", "lead@em-riia.example.org");
    const base = `/lead/cycles/${EM}`;
    const pages = [
      base,
      `${base}/steps/self-evaluation`,
      `${base}/steps/peer-scrutiny`,
      `${base}/steps/self-evaluation/las/E06000015`,
      `${base}/assignments/peer-scrutiny`,
      `${base}/support`,
      `${base}/plan`,
      "/lead/concerns/east-midlands",
    ];
    const forms = new Map<string, PageForm>();
    for (const p of pages) {
      const { res, html } = await get(p, lead);
      expect(res.status, p).toBe(200);
      for (const f of formsOf(html))
        if (f.method === "post" && f.action !== "/sign-out") forms.set(`${f.action} ${f.buttons.join("|")}`, f);
    }
    expect(forms.size).toBeGreaterThan(8);
    const trail = async () =>
      (await Audit.listForScope(deps, Audit.cycleScope(EM), { limit: 1000 })).items.length +
      (await Audit.listForScope(deps, Audit.regionScope("east-midlands"), { limit: 1000 })).items.length;
    const before = await trail();
    for (const who of ["coordinator@national.example.org", "adviser@dfe-national.example.org"]) {
      const cookie = await signIn("national", who);
      const csrf = /name="csrf" value="([^"]+)"/.exec((await get("/lead/national", cookie)).html)![1]!;
      for (const [name, f] of forms) {
        const res = await submit(f, cookie, { csrf });
        expect({ name, status: res.status }).toEqual({ name, status: 403 });
        expect(await res.text()).toMatch(/Only the region(&#39;|')s regional lead can do this/);
      }
    }
    expect(await trail()).toBe(before);
  });

  it("links the dashboard's open concerns to each concern's page", async () => {
    const concern = await Concerns.open(deps, {
      regionId: "east-midlands",
      authority: "E06000016",
      themes: ["child-protection"],
      source: "ofsted",
      evidence: ["Focused visit found delays in strategy meetings"],
      actor,
    });
    const lead = await signIn("east-midlands", "lead@em-riia.example.org");
    const { html } = await get(`/lead/cycles/${EM}`, lead);
    const href = `/lead/concerns/east-midlands/${encodeURIComponent(concern.id)}`;
    const section = html.slice(html.indexOf("Open concerns"));
    expect(section).toContain(`href="${href}"`);
    expect(section).toContain("Focused visit found delays in strategy meetings");
    const page = await get(href, lead);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("Leicester");
  });

  it("reads 9 regions and 153 LAs with key queries only, and says how long it took", async () => {
    const calls: string[] = [];
    const counted: Store = new Proxy(deps.store, {
      get: (target, prop, receiver) => {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => (
          calls.push(String(prop)),
          (v as (...a: unknown[]) => unknown).apply(target, args)
        );
      },
    });
    await National.nationalView(deps); // warm
    const started = performance.now();
    const view = await National.nationalView({ store: counted });
    const ms = performance.now() - started;
    expect(view.regions).toHaveLength(9);
    expect(view.regions.reduce((n, r) => n + r.authorities, 0)).toBe(153);
    expect(view.regions.reduce((n, r) => n + r.totals.notStarted + r.totals.inProgress, 0)).toBe(153);
    expect(new Set(calls)).toEqual(new Set(["query"]));
    console.log(`national view: 9 regions, 153 LAs: ${ms.toFixed(0)} ms, ${calls.length} queries`);
  });
});
