/**
 * EES-form files as DfE publishes them (fixtures in test/fixtures/ees, written from DfE's open data
 * standards), imported through the lead's page (the rendered upload form, the preview's own confirm
 * form and its checkboxes) and through the API, read back from the store: rows that read cleanly go
 * in, every refused row is named with its line, every change is listed, a "not published" symbol
 * never replaces a held figure unless chosen, old and retired codes are resolved, a re-run changes nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Audit,
  DatasetStore,
  Indicators,
  fixedClock,
  type DatasetImport,
  type Deps,
  type OutboundEmail,
} from "@riia/core";
import type { App } from "@riia/functions/app";
import { formOf } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-05-20T09:00:00Z");
const REGION = "east-midlands";
const LEAD = "lead@em-riia.example.org";
const fixture = (name: string) => readFileSync(join(__dirname, "../fixtures/ees", name), "utf8");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  cookie = await signInByPage(app, sent, { email: LEAD });
  // The lead's aliases for two indicators, set on the catalogue's pages and published.
  const catalogue = `/lead/dataset/${REGION}/catalogue`;
  for (const [id, aliases] of [
    ["sw-turnover", "sw_churn_rate"],
    ["care-leavers-eet", "Care leavers in EET"],
  ] as const) {
    const at = Indicators.DEFAULT_INDICATORS.findIndex((i) => i.id === id);
    const html = await (await app.request(`${catalogue}/indicators/${at}`, { headers: { cookie } })).text();
    const form = formOf(html, "/catalogue").fill("aliases", aliases);
    const saved = await app.request(form.action, {
      method: "POST",
      body: form.body("Save changes"),
      headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(saved.status).toBe(303);
  }
  const board = await (await app.request(catalogue, { headers: { cookie } })).text();
  const publish = formOf(board, "/catalogue/publish");
  const published = await app.request(publish.action, {
    method: "POST",
    body: publish.body(),
    headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
  });
  expect(published.status).toBe(303);
  const current = await DatasetStore.catalogue(deps, REGION);
  expect(current.indicators.find((i) => i.id === "sw-turnover")?.aliases).toEqual(["sw_churn_rate"]);
}, 120_000);

type Result = DatasetImport.ImportResult;
const api = async (body: Record<string, unknown>) => {
  const res = await app.request(`/api/regions/${REGION}/dataset/import`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Result;
};
const held = async (quarter: string, la: string) => (await DatasetStore.getValues(deps, REGION, quarter, la))?.values;

/** Upload a file on the import page as the browser does (its multipart form, its hidden CSRF field). */
async function uploadOnPage(name: string, csv: string) {
  const html = await (await app.request(`/lead/dataset/${REGION}/import`, { headers: { cookie } })).text();
  const form = formOf(html, "/import");
  const body = new FormData();
  for (const [k, v] of form.pairs()) body.append(k, v);
  body.append("file", new File([csv], name, { type: "text/csv" }));
  const res = await app.request(form.action, { method: "POST", body, headers: { cookie, origin: "http://localhost" } });
  return { status: res.status, html: await res.text() };
}

async function confirmOnPage(previewHtml: string, tick: string[] = []) {
  const form = formOf(previewHtml, "/import");
  if (tick.length) form.check("replace", ...tick);
  const res = await app.request(form.action, {
    method: "POST",
    body: form.body(),
    headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
  });
  return { status: res.status, html: await res.text() };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

describe("a wide EES file through the page", () => {
  it("previews every change, refused row and warning, writes nothing, then imports the valid rows", async () => {
    const preview = await uploadOnPage("cla.csv", fixture("wide-calendar-quarter.csv"));
    expect(preview.status).toBe(200);
    const t = text(preview.html);
    expect(t).toContain(
      "11 rows read. 25 figures will change for 3 local authority quarters and 10 published benchmark figures (2026-Q1). 4 rows will be refused.",
    );
    expect(t).toContain("Derbyshire (E10000007) 2026-Q1 re-referrals none 19.5");
    expect(t).toContain("England (England benchmark) 2026-Q1 re-referrals none 22.4");
    expect(t).toContain("East Midlands (regional benchmark) 2026-Q1 re-referrals none 21.3");
    expect(t).toContain("Derby (E06000015) 2026-Q1 re-referrals none not published (rounds to 0 but is not 0)");
    expect(t).toMatch(
      /6 Assessments completed within 45 working days \(600\) cannot be more than assessments completed \(500\)/,
    );
    expect(t).toContain('7 Re-referrals within 12 months: "abc" is not a number');
    expect(t).toContain('9 time_identifier "Calendar year Q5" is not one this import reads');
    expect(t).toContain("10 Northamptonshire split into North and West Northamptonshire in April 2021");
    expect(t).toContain('Column "school_type" is not an indicator in the catalogue: not read');
    expect(t).toContain("Line 8: Birmingham (E08000025) is in another region: its row was not read");
    expect(t).toContain('Line 12: geographic_level "Local authority district" is not read by this import');
    expect(await held("2026-Q1", "E10000007")).toBeUndefined();

    // The refused rows as a CSV to fix: the file's columns and why, one line each.
    const href = /href="([^"]+refused\.csv)"/.exec(preview.html)![1]!;
    const refusedCsv = await (await app.request(href, { headers: { cookie } })).text();
    const lines = refusedCsv.trim().split("\n");
    expect(lines[0]).toMatch(/^time_period,.*,school_type,refused_because$/);
    expect(lines.slice(1).map((l) => /"?line (\d+):/.exec(l)![1])).toEqual(["6", "7", "9", "10"]);

    const done = await confirmOnPage(preview.html);
    expect(done.status).toBe(200);
    expect(text(done.html)).toContain("25 figures changed for 3 local authority quarters");
    expect(await held("2026-Q1", "E10000007")).toEqual({
      "re-referrals": 19.5,
      assessments: 1200,
      "assessments-45-days": 1100,
      "cpp-second": null,
      "sw-turnover": 17.2,
    });
    expect((await DatasetStore.getValues(deps, REGION, "2026-Q1", "E10000007"))!.notes["cpp-second"]).toBe(
      "Not published (c): confidential: withheld to protect individuals",
    );
    expect((await held("2026-Q1", "E06000015"))!["re-referrals"]).toBeNull();
    expect(await held("2026-Q1", "E06000061")).toMatchObject({ assessments: null, "re-referrals": 20.5 });
    for (const refused of ["E06000018", "E06000016", "E06000017"])
      expect(await held("2026-Q1", refused)).toBeUndefined();
    const summary = (await DatasetStore.nationalSummaries(deps, ["2026-Q1"])).get("2026-Q1")!;
    expect(summary.indicators["re-referrals"]).toMatchObject({ england: 22.4, englandSource: "published" });
    expect(summary.indicators["re-referrals"]!.regions[REGION]).toBe(21.3);

    // The same file again: nothing changes.
    const again = await uploadOnPage("cla.csv", fixture("wide-calendar-quarter.csv"));
    expect(text(again.html)).toContain("0 figures will change for 0 local authority quarters");
  });
});

describe("a long EES file through the API", () => {
  it("reads financial-year quarters, old codes and aliases; refuses conflicting duplicates by line", async () => {
    const csv = fixture("long-financial-quarter.csv");
    const preview = await api({ csv, dryRun: true });
    expect(preview.refused.map((r) => [r.line, r.reason])).toEqual([
      [
        2,
        expect.stringContaining(
          "lines 2 and 3 give different figures for Leicestershire, 2025-Q3, re-referrals (21 and 35)",
        ),
      ],
      [3, expect.stringContaining("lines 2 and 3 give different figures")],
      [9, expect.stringContaining("academic-year quarters do not line up")],
      [11, expect.stringContaining('"unknown_measure" is not an indicator in the catalogue')],
    ]);
    const changes = preview.changes.map((c) => `${c.authority} ${c.quarter} ${c.indicator} ${c.from} → ${c.to}`);
    expect(changes.sort()).toEqual(
      [
        "E06000017 2025-Q3 re-referrals undefined → 17.5",
        "E06000062 2025-Q3 care-leavers-eet undefined → 54",
        "E06000062 2026-Q1 re-referrals undefined → 23",
        "E10000019 2025-Q1 care-leavers-eet undefined → 61",
        "england 2025-Q3 re-referrals undefined → 22.1",
      ].sort(),
    );
    expect(preview.warnings).toContainEqual({ line: 5, message: "Repeats line 4: read once" });
    expect(preview.warnings).toContainEqual({
      line: 8,
      message: "Read as a financial year figure, filed under the quarter its year ends (January to March 2025)",
    });
    expect(await held("2025-Q3", "E06000017")).toBeUndefined();

    const done = await api({ csv });
    expect(done.changes).toHaveLength(5);
    expect(await held("2025-Q3", "E06000017")).toEqual({ "re-referrals": 17.5 });
    expect(await held("2025-Q3", "E10000018")).toBeUndefined();
    expect(await held("2025-Q1", "E10000019")).toEqual({ "care-leavers-eet": 61 });
    const rerun = await api({ csv });
    expect(rerun.changes).toEqual([]);
    expect(rerun.written).toBe(0);
    const audit = await Audit.listForScope(deps, Audit.regionScope(REGION));
    expect(
      audit.items.filter(
        (a) => a.action === "dataset.imported" && a.summary.includes("(2025-Q1, 2025-Q3, 2026-Q1); refused 4 rows"),
      ),
    ).toHaveLength(1);
  });
});

describe("not-published symbols over figures already held", () => {
  it("keeps every held figure unless the lead ticks it, and lists the one replaced", async () => {
    const start = [
      "time_period,time_identifier,geographic_level,new_la_code,la_name,re-referrals,cpp-second,cla-3-placements,sw-turnover",
      "2025,Quarter 3,Local authority,E10000024,Nottinghamshire,20,18,9,15",
      "2025,Quarter 3,Local authority,E06000018,Nottingham,22,20,10,16",
    ].join("\n");
    await api({ csv: start });
    const preview = await uploadOnPage("suppressed.csv", fixture("suppressed-over-held.csv"));
    const t = text(preview.html);
    expect(t).toContain("1 figures will change for 1 local authority quarters");
    const boxes = [...preview.html.matchAll(/name="replace" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]);
    expect(boxes).toHaveLength(7);
    expect(t).toContain(
      'Nottinghamshire (E10000024), 2025-Q3, cpp-second: replace the figure held (18) with "not published" (x: not available)',
    );

    const kept = await confirmOnPage(preview.html);
    expect(text(kept.html)).toContain('7 held figures were kept where the file says "not published"');
    expect(await held("2025-Q3", "E10000024")).toEqual({
      "re-referrals": 20,
      "cpp-second": 18,
      "cla-3-placements": 9,
      "sw-turnover": 15,
    });
    expect((await held("2025-Q3", "E06000018"))!["re-referrals"]).toBe(23.9);

    const again = await uploadOnPage("suppressed.csv", fixture("suppressed-over-held.csv"));
    const chosen = await confirmOnPage(again.html, ["local authority|E10000024|2025-Q3|cpp-second"]);
    expect(text(chosen.html)).toContain(
      "Nottinghamshire (E10000024) 2025-Q3 cpp-second 18 not published (not available)",
    );
    expect(text(chosen.html)).toContain("1 figures changed for 1 local authority quarters");
    expect(await held("2025-Q3", "E10000024")).toEqual({
      "re-referrals": 20,
      "cpp-second": null,
      "cla-3-placements": 9,
      "sw-turnover": 15,
    });
    // A published benchmark is kept the same way: England's figure stays unless the symbol is chosen.
    const national = [
      "time_period,time_identifier,geographic_level,country_code,country_name,indicator,value",
      "2024,Quarter 3,National,E92000001,England,re_referrals,21.8",
    ].join("\n");
    await api({ csv: national });
    const hidden = await api({ csv: national.replace("21.8", "c"), dryRun: true });
    expect(hidden.changes).toEqual([]);
    expect(hidden.withheld).toMatchObject([
      { key: "national|england|2024-Q3|re-referrals", held: 21.8, replaced: false },
    ]);
    await api({ csv: national.replace("21.8", "c") });
    const summary = (await DatasetStore.nationalSummaries(deps, ["2024-Q3"])).get("2024-Q3")!;
    expect(summary.indicators["re-referrals"]).toMatchObject({ england: 21.8, englandSource: "published" });

    const rerun = await api({ csv: fixture("suppressed-over-held.csv") });
    expect(rerun.changes).toEqual([]);
    expect(rerun.withheld.filter((w) => !w.replaced)).toHaveLength(6);
  });
});
