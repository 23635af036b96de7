/**
 * The regional lead sets up the region's dataset from the pages: the indicator catalogue (change,
 * add, remove, see what changed, be refused with every mistake, publish a new version, while a
 * return already started keeps its version and the next round uses the new one) and statistical
 * neighbours (each LA's list and where it comes from, a CSV import with line-numbered errors, a
 * preview, confirm, idempotent re-import; the benchmarks then use the imported lists). Advisers and
 * the national coordinator are refused every form with a 403 and nothing changes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, DatasetStore, fixedClock, Keys, Region, Warning, type Deps, type OutboundEmail } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { seedDataset } from "../../local/seed-dataset";
import { formOf, formsOf, formWithButton, linksOf, type FormFiller } from "../form-page";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-06-20T09:00:00Z");
const REGION = "east-midlands";
const BASE = `/lead/dataset/${REGION}`;
const CATALOGUE = `${BASE}/catalogue`;
const NEIGHBOURS = `${BASE}/neighbours`;
const LEAD = "lead@em-riia.example.org";
const FIXTURE = readFileSync(join(__dirname, "../fixtures/dataset/neighbours-east-midlands.csv"), "utf8");
const NOTTINGHAM = "E06000018";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock, (base) => seedDataset(base, { last: "2026-Q1", quarters: 8 })));
}, 180_000);

const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  return { res, html: await res.text() };
};
/** Post a page's form as the browser does: url-encoded, or multipart when the form says so (with a file). */
async function send(form: FormFiller, cookie: string, button?: string, file?: File) {
  const body: URLSearchParams | FormData = form.body(button);
  const multipart = file !== undefined || form.form.controls.some((c) => c.type === "file");
  let init: RequestInit;
  if (multipart) {
    const data = new FormData();
    for (const [k, v] of body) data.append(k, v);
    if (file) data.append("file", file);
    init = { method: "POST", body: data, headers: { cookie, origin: "http://localhost" } };
  } else
    init = {
      method: "POST",
      body,
      headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    };
  const res = await app.request(form.action, init);
  return { res, html: await res.text() };
}
const api = async (path: string) =>
  (
    await app.request(path, { headers: { authorization: `Bearer ${deps.config.appSecret}` } })
  ).json() as Promise<unknown>;
const mailFor = (to: string, subject: RegExp) => sent.filter((m) => m.to[0] === to && subject.test(m.subject));
const linkIn = (mail: OutboundEmail) => /http:\/\/riia\.test(\/d\/[\w.-]+)/.exec(mail.text)![1]!;
const fieldsOf = (html: string) => formOf(html).names();
/** The place of an indicator's card on the catalogue page. */
const cardAt = (html: string, name: string) => {
  const cards = [
    ...html.matchAll(/id="indicator-(\d+)"[\s\S]*?govuk-summary-card__title">([^<]*?)(?: \(not published yet\))?</g),
  ];
  const card = cards.find((c) => c[2]!.trim() === name);
  expect(card, name).toBeDefined();
  return Number(card![1]);
};
/** Every LA's imported neighbours in the region (to show nothing changed). */
const regionLists = async () =>
  (await Region.authorities(deps, REGION)).map((a) => [a.code, a.statisticalNeighbours ?? null]);
const trail = async () => (await Audit.listForScope(deps, Audit.regionScope(REGION), { limit: 1000 })).items;

describe("the indicator catalogue", () => {
  it("is linked from the console and the dataset page, and read by the API", async () => {
    const cookie = await signInByPage(app, sent, { email: LEAD });
    const home = await app.request("/lead", { headers: { cookie } });
    const board = await get(home.headers.get("location")!, cookie);
    const region = await get(BASE, cookie);
    for (const html of [board.html, region.html]) {
      expect(linksOf(html)).toContain(CATALOGUE);
      expect(linksOf(html)).toContain(NEIGHBOURS);
    }
    const body = (await api(`/api/regions/${REGION}/dataset/catalogue`)) as {
      version: number;
      indicators: { id: string; unit: string }[];
    };
    expect(body.version).toBe((await DatasetStore.catalogue(deps, REGION)).version);
    expect(body.indicators.find((i) => i.id === "re-referrals")).toMatchObject({ unit: "percent", min: 0, max: 100 });
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, { get?: { operationId: string; responses: Record<string, unknown> } }>;
    };
    const op = doc.paths["/api/regions/{regionId}/dataset/catalogue"]!.get!;
    expect(op.operationId).toBe("getDatasetCatalogue");
    expect(JSON.stringify(op.responses["200"])).toContain('"polarity"');
    expect(
      await (
        await app.request(`/api/regions/nowhere/dataset/catalogue`, {
          headers: { authorization: `Bearer ${deps.config.appSecret}` },
        })
      ).status,
    ).toBe(404);
  });

  it("edits, refuses mistakes, publishes a new version; a started return keeps its version, the next round uses the new one", async () => {
    // The quarter's round opens (links emailed) before the lead changes anything.
    const scheduled = await app.request(`/api/regions/${REGION}/dataset/rounds`, {
      method: "POST",
      body: JSON.stringify({ quarter: "2026-Q2" }),
      headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
    });
    expect(scheduled.status).toBe(200);
    clock.set("2026-07-01T09:00:00Z");
    await runScheduled(deps);
    const derbyLink = linkIn(mailFor("performance@derby.example.org", /^Core dataset for April to June 2026/)[0]!);

    const cookie = await signInByPage(app, sent, { email: LEAD });
    let page = (await get(CATALOGUE, cookie)).html;
    expect(page).toContain("Published version: 0");
    expect(page).toContain("No changes yet.");
    for (const text of [
      "Re-referrals within 12 months",
      "Lower is better",
      "0 to 100",
      "Front door, contact and referral",
    ])
      expect(page.toLowerCase()).toContain(text.toLowerCase());

    // Reword and narrow one indicator from its own page.
    const reRef = cardAt(page, "Re-referrals within 12 months");
    const edit = await get(`${CATALOGUE}/indicators/${reRef}`, cookie);
    const editForm = formOf(edit.html, CATALOGUE).fill("name", "Re-referrals within a year").fill("max", "90");
    expect((await send(editForm, cookie, "Save changes")).res.status).toBe(303);
    // Add one, then make mistakes: a repeated id, a range upside down, a unit that does not exist.
    page = (await get(CATALOGUE, cookie)).html;
    const add = (fields: Record<string, string>) =>
      send(
        formWithButton(page, "add").set({
          definition: "Early help assessments started in the quarter per 10,000 children under 18.",
          unit: "rate",
          polarity: "neither",
          theme: "early-help",
          min: "0",
          max: "2,000",
          ...fields,
        }),
        cookie,
        "add",
      );
    expect((await add({ id: "early-help-assessments", name: "Early help assessments" })).res.status).toBe(303);
    expect((await add({ id: "cin", name: "Children in need again" })).res.status).toBe(303);
    page = (await get(CATALOGUE, cookie)).html;
    const cpp2 = cardAt(page, "Second or later child protection plan");
    const flip = formOf((await get(`${CATALOGUE}/indicators/${cpp2}`, cookie)).html, CATALOGUE)
      .fill("min", "50")
      .fill("max", "40");
    expect((await send(flip, cookie, "Save changes")).res.status).toBe(303);
    // A unit the page does not offer, as a hand-made post would send it.
    const tampered = formWithButton(page, "add").set({ id: "odd-unit", name: "Odd unit", definition: "Something" });
    const body = tampered.body("add");
    body.set("unit", "furlongs");
    await app.request(CATALOGUE, {
      method: "POST",
      body,
      headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });

    page = (await get(CATALOGUE, cookie)).html;
    expect(page).toContain("Renamed “Re-referrals within 12 months” to “Re-referrals within a year”");
    expect(page).toContain("Changed the valid range of “Re-referrals within a year” from 0 to 100 to 0 to 90");
    expect(page).toContain("Added “Early help assessments” (rate per 10,000 children, Early help and family help)");
    const refused = await send(formOf(page, `${CATALOGUE}/publish`), cookie);
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("There is a problem");
    const summary = refused.html.slice(
      refused.html.indexOf("govuk-error-summary"),
      refused.html.indexOf("</ul>", refused.html.indexOf("govuk-error-summary")),
    );
    expect(summary).toContain("Two indicators have the id &quot;cin&quot;: each id must be different");
    expect(summary).toContain(
      "“Second or later child protection plan”: the lowest valid value (50) must be below the highest (40)",
    );
    expect(summary).toContain("“Odd unit”: &quot;furlongs&quot; is not a unit");
    expect((await DatasetStore.catalogue(deps, REGION)).version).toBe(0);

    // Put them right: remove the repeat and the odd one, restore the range; remove an indicator on purpose.
    for (const name of ["Children in need again", "Odd unit", "Average caseload"]) {
      page = (await get(CATALOGUE, cookie)).html;
      const at = cardAt(page, name);
      const button = formsOf(page)
        .flatMap((f) => f.form.controls)
        .find((c) => c.value.startsWith(`remove:${at}:`))!.value;
      expect((await send(formWithButton(page, button), cookie, button)).res.status).toBe(303);
    }
    const fix = formOf((await get(`${CATALOGUE}/indicators/${cpp2}`, cookie)).html, CATALOGUE)
      .fill("min", "0")
      .fill("max", "100");
    await send(fix, cookie, "Save changes");
    page = (await get(CATALOGUE, cookie)).html;
    expect(page).not.toContain("Mistakes to put right");
    expect(page).toContain("Removed “Average caseload”");
    const published = await send(formOf(page, `${CATALOGUE}/publish`), cookie);
    expect(published.res.status).toBe(303);
    expect(published.res.headers.get("location")).toBe(`${CATALOGUE}?done=1`);
    page = (await get(`${CATALOGUE}?done=1`, cookie)).html;
    expect(page).toContain("Version 1 published");
    expect(page).toContain("No changes yet.");

    const v1 = await DatasetStore.catalogue(deps, REGION);
    expect(v1.version).toBe(1);
    const ids = v1.indicators.map((i) => i.id);
    expect(ids).toContain("early-help-assessments");
    expect(ids).not.toContain("sw-caseload");
    expect(ids.filter((i) => i === "cin")).toHaveLength(1);
    expect(v1.indicators.find((i) => i.id === "re-referrals")).toMatchObject({
      name: "Re-referrals within a year",
      max: 90,
    });
    expect(v1.indicators.find((i) => i.id === "early-help-assessments")).toMatchObject({ max: 2000, unit: "rate" });
    expect((await trail()).filter((a) => a.action === "dataset.catalogue.published")).toHaveLength(1);
    expect(((await api(`/api/regions/${REGION}/dataset/catalogue`)) as { version: number }).version).toBe(1);
    // Nothing new to publish: refused, no version 2.
    expect((await send(formOf(page, `${CATALOGUE}/publish`), cookie)).res.status).toBe(400);

    // Derby's return began on version 0: its form and what it stores keep that version.
    const derby = (await get(derbyLink)).html;
    expect(fieldsOf(derby)).toContain("v-sw-caseload");
    expect(fieldsOf(derby)).not.toContain("v-early-help-assessments");
    expect(derby).toContain("Re-referrals within 12 months");
    const q1 = (await DatasetStore.getValues(deps, REGION, "2026-Q1", "E06000015"))!.values;
    const form = formOf(derby);
    for (const name of form.names().filter((n) => n.startsWith("v-")))
      if (typeof q1[name.slice(2)] === "number") form.fill(name, String(q1[name.slice(2)]));
    const sentBack = await send(form, "");
    expect(sentBack.res.status, sentBack.html.slice(0, 400)).toBe(200);
    expect((await DatasetStore.getValues(deps, REGION, "2026-Q2", "E06000015"))!.catalogueVersion).toBe(0);
    expect((await get(derbyLink)).html).not.toContain("Early help assessments");

    // The next quarter's round opens after the publish: its form is version 1.
    clock.set("2026-10-01T09:00:00Z");
    await runScheduled(deps);
    const next = linkIn(mailFor("performance@derby.example.org", /^Core dataset for July to September 2026/)[0]!);
    const nextForm = (await get(next)).html;
    expect(fieldsOf(nextForm)).toContain("v-early-help-assessments");
    expect(fieldsOf(nextForm)).not.toContain("v-sw-caseload");
    expect(nextForm).toContain("Re-referrals within a year");
  });

  it("answers bad posts with the GOV.UK error pattern and changes nothing", async () => {
    const cookie = await signInByPage(app, sent, { email: LEAD });
    const page = (await get(CATALOGUE, cookie)).html;
    const before = await DatasetStore.catalogue(deps, REGION);
    const noName = await send(formWithButton(page, "add").set({ id: "something-new" }), cookie, "add");
    expect(noName.res.status).toBe(400);
    expect(noName.html).toContain("Give the new indicator an id and a name");
    expect(noName.html).toContain('href="#new-id"');
    const remove = formsOf(page).find((f) => f.buttons.some((b) => b.startsWith("Remove")))!;
    const stale = remove.body();
    stale.set("op", "remove:0:not-this-one");
    const res = await app.request(CATALOGUE, {
      method: "POST",
      body: stale,
      headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The catalogue changed since this page was opened");
    expect((await get(`${CATALOGUE}/indicators/999`, cookie)).res.status).toBe(404);
    expect(await deps.store.get(Keys.datasetCatalogueDraft(REGION))).toBeUndefined();
    expect(await DatasetStore.catalogue(deps, REGION)).toEqual(before);
  });
});

describe("statistical neighbours", () => {
  it("shows each LA's neighbours and where they come from; imports a CSV with a preview, idempotently", async () => {
    const cookie = await signInByPage(app, sent, { email: LEAD });
    const quarter = "2026-Q1";
    // The default comes from the latest recent quarter most of the region has sent (the seeded data ends in 2026-Q1).
    let page = (await get(NEIGHBOURS, cookie)).html;
    expect(page).toContain("How the default is worked out");
    expect(page).toContain("using January to March 2026 figures");
    expect(page).toMatch(
      /the 10 English local authorities most like it on the catalogue(&#39;|')s context measures \(referrals, children in need, child protection plans, children looked after\)/,
    );
    const row = (html: string, name: string) => {
      const cells = new RegExp(`<th[^>]*>${name}</th>\\s*<td[^>]*>([^<]*)</td>\\s*<td[^>]*>([^<]*)</td>`).exec(html);
      return { neighbours: cells![1]!.split(", "), source: cells![2]! };
    };
    expect(row(page, "Nottingham").source).toMatch(/^Default: the 10 local authorities nearest on 4 context measures/);
    expect(row(page, "Nottingham").neighbours).toHaveLength(10);
    const stored = () => Region.authority(deps, NOTTINGHAM).then((a) => a.statisticalNeighbours);

    // Every line checked first: mistakes named by line, nothing written.
    const bad = [
      "la_code,neighbour_code",
      "E06000018,E06000015",
      "E08000025,E06000015",
      "E06000018,E99999999",
      "E06000018,E06000015",
      "E06000015,E06000015",
    ].join("\n");
    const refused = await send(formWithButton(page, "Check the file").fill("csv", bad), cookie);
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("There is a problem");
    for (const message of [
      "Line 3: &quot;E08000025&quot; is not a local authority in this region",
      "Line 4: &quot;E99999999&quot; is not another English local authority",
      "Line 5: Derby is already a neighbour of Nottingham",
      "Line 6: &quot;E06000015&quot; is not another English local authority",
    ])
      expect(refused.html).toContain(message);
    expect(await stored()).toBeUndefined();

    // The fixture, uploaded as a file: a preview first, nothing written.
    const preview = await send(
      formWithButton(page, "Check the file"),
      cookie,
      undefined,
      new File([FIXTURE], "neighbours.csv", { type: "text/csv" }),
    );
    expect(preview.res.status).toBe(200);
    expect(preview.html).toContain(
      "The file names 3 local authorities. 3 of their lists will change. Nothing has been written yet.",
    );
    expect(preview.html).toContain("Derby, Leicester, Stoke-on-Trent, Coventry, Wolverhampton");
    expect(await stored()).toBeUndefined();
    const confirmed = await send(formWithButton(preview.html, "Import these neighbours"), cookie);
    expect(confirmed.res.status).toBe(303);
    page = (await get(confirmed.res.headers.get("location")!, cookie)).html;
    expect(page).toContain("Statistical neighbours imported: 3 local authorities");
    expect(row(page, "Nottingham")).toEqual({
      neighbours: ["Derby", "Leicester", "Stoke-on-Trent", "Coventry", "Wolverhampton"],
      source: "Imported list (such as the statistical neighbours DfE publishes)",
    });
    expect(row(page, "Leicester").source).toMatch(/^Default: the 10 local authorities nearest/);
    const list = ["E06000015", "E06000016", "E06000021", "E08000026", "E08000031"];
    expect(await stored()).toEqual(list);

    // The benchmarks use the imported list: the neighbours' average is of exactly these LAs.
    const ew = await Warning.earlyWarning(deps, REGION, quarter);
    expect(ew.las.find((l) => l.code === NOTTINGHAM)!.neighbours).toEqual(list);
    const values = await Promise.all(
      list.map(async (code) => {
        const la = await Region.authority(deps, code);
        return (await DatasetStore.getValues(deps, la.regionId, quarter, code))!.values["re-referrals"];
      }),
    );
    const numbers = values.filter((v): v is number => typeof v === "number");
    expect(numbers.length).toBeGreaterThan(2);
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    const b = ew.results
      .find((r) => r.authority === NOTTINGHAM)!
      .benchmarks.find((x) => x.indicator === "re-referrals")!;
    expect(b.neighbours).toBeCloseTo(mean, 6);

    // The same file again changes nothing, by the preview or by re-posting the confirmation.
    const imports = async () => (await trail()).filter((a) => a.action === "dataset.neighbours.imported").length;
    expect(await imports()).toBe(1);
    const again = await send(formWithButton(page, "Check the file").fill("csv", FIXTURE), cookie);
    expect(again.res.status).toBe(200);
    expect(again.html).toContain(
      "The file names 3 local authorities and their lists are already as it says: nothing would change.",
    );
    expect(again.html).not.toContain("Import these neighbours");
    const twice = await send(formWithButton(preview.html, "Import these neighbours"), cookie);
    expect(twice.res.headers.get("location")).toBe(`${NEIGHBOURS}?done=0`);
    expect(await imports()).toBe(1);
    expect(await stored()).toEqual(list);
  });

  it("answers an empty or unreadable file with the GOV.UK error pattern", async () => {
    const cookie = await signInByPage(app, sent, { email: LEAD });
    const page = (await get(NEIGHBOURS, cookie)).html;
    const before = await regionLists();
    const empty = await send(formWithButton(page, "Check the file"), cookie);
    expect(empty.res.status).toBe(400);
    expect(empty.html).toContain('href="#file"');
    for (const csv of [
      'la_code,neighbour_code\nE06000017,"E10000018',
      "code,other\nE06000017,E10000018",
      "la_code,neighbour_code\n",
    ]) {
      const res = await send(formWithButton(page, "Check the file").fill("csv", csv), cookie);
      expect(res.res.status, csv).toBe(400);
      expect(res.html).toMatch(/Line \d+: /);
    }
    expect(await regionLists()).toEqual(before);
  });
});

describe("advisers and the national coordinator", () => {
  it("read the pages but are refused every form with a 403, and nothing changes", async () => {
    const lead = await signInByPage(app, sent, { email: LEAD });
    const catalogue = (await get(CATALOGUE, lead)).html;
    const indicator = (await get(`${CATALOGUE}/indicators/0`, lead)).html;
    const neighbours = (await get(NEIGHBOURS, lead)).html;
    const preview = await send(
      formWithButton(neighbours, "Check the file").fill("csv", "la_code,neighbour_code\nE06000017,E06000019"),
      lead,
    );
    const forms = [catalogue, indicator, neighbours, preview.html].flatMap((h) =>
      formsOf(h).filter((f) => f.method === "post" && f.action !== "/sign-out"),
    );
    expect(forms.length).toBeGreaterThan(20);
    const before = {
      audit: (await trail()).length,
      catalogue: await DatasetStore.catalogue(deps, REGION),
      neighbours: await regionLists(),
    };
    for (const email of ["coordinator@national.example.org", "adviser@dfe-national.example.org"]) {
      const cookie = await signInByPage(app, sent, { scope: "national", email });
      const read = await get(CATALOGUE, cookie);
      expect(read.res.status).toBe(200);
      expect(formsOf(read.html).filter((f) => f.method === "post" && f.action !== "/sign-out")).toHaveLength(0);
      const csrf = /name="csrf" value="([^"]+)"/.exec((await get("/lead/national", cookie)).html)![1]!;
      for (const f of forms) {
        for (const button of f.buttons.length ? f.buttons : [undefined]) {
          const body = f.body(button);
          body.set("csrf", csrf);
          const res = await app.request(f.action, {
            method: "POST",
            body,
            headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
          });
          expect({ action: f.action, button, status: res.status }).toEqual({ action: f.action, button, status: 403 });
          expect(await res.text()).toMatch(/Only the region(&#39;|')s regional lead can do this/);
        }
      }
    }
    expect((await trail()).length).toBe(before.audit);
    expect(await DatasetStore.catalogue(deps, REGION)).toEqual(before.catalogue);
    expect(await deps.store.get(Keys.datasetCatalogueDraft(REGION))).toBeUndefined();
    expect(await regionLists()).toEqual(before.neighbours);
  });
});
