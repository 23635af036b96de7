/**
 * CSV import as a regional lead meets it (the page: upload, preview, confirm) and through the API
 * (`importDataset`): line-numbered errors with nothing written, suppression codes kept as not
 * available, idempotent re-import; then the pages that show the figures (heat map, LA page) and
 * their CSV/JSON exports.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, DatasetStore, fixedClock, type Deps, type OutboundEmail } from "@riia/core";
import { DETERIORATING_LA, seedDataset, synthesise, toCsv } from "../../local/seed-dataset";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { visitor, visitorPost } from "./visitor";

const clock = fixedClock("2026-05-20T09:00:00Z");
const REGION = "east-midlands";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
}, 120_000);

const HEAD = "time_period,time_identifier,geographic_level,new_la_code,old_la_code,la_name";
const api = (path: string, body?: unknown, token?: string) =>
  app.request(path, {
    method: body ? "POST" : "GET",
    body: body ? JSON.stringify(body) : undefined,
    headers: { authorization: `Bearer ${token ?? deps.config.appSecret}`, "content-type": "application/json" },
  });

async function signIn(email: string) {
  const v = await visitor(app);
  const before = sent.length;
  await visitorPost(app, v, "/sign-in", { region: REGION, email });
  const mail = sent.slice(before).find((m) => m.to[0] === email)!;
  const path = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(mail.text)![1]!;
  const done = await visitorPost(app, v, path, {});
  return done.headers.get("set-cookie")!.split(";")[0]!;
}
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

describe("import through the API", () => {
  it("checks every row: refused rows are named by line and the rest go in", async () => {
    const csv = [
      `${HEAD},re-referrals,assessments,assessments-45-days`,
      "2026,Quarter 1,Local authority,E06000015,,Derby,21.5,400,380",
      "2026,Quarter 1,Local authority,E06000016,,Leicester,140,400,380",
      "2026,Quarter 5,Local authority,E06000017,,Rutland,20,50,40",
      "2026,Quarter 1,Local authority,E06000999,,Nowhere,20,50,40",
      "2026,Quarter 1,Local authority,E10000018,,Leicestershire,20,300,310",
    ].join("\n");
    const res = await api(`/api/regions/${REGION}/dataset/import`, { csv });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { refused: { line: number; reason: string }[]; changes: unknown[] };
    expect(body.refused.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      "3: Re-referrals within 12 months must be between 0% and 100%",
      expect.stringMatching(/^4: time_identifier "Quarter 5" is not one this import reads/),
      '5: no English local authority has the code "E06000999"',
      "6: Assessments completed within 45 working days (310) cannot be more than assessments completed (300)",
    ]);
    expect(body.changes).toHaveLength(3);
    expect((await DatasetStore.getValues(deps, REGION, "2026-Q1", "E06000015"))!.values).toEqual({
      "re-referrals": 21.5,
      assessments: 400,
      "assessments-45-days": 380,
    });
    expect(await DatasetStore.getValues(deps, REGION, "2026-Q1", "E10000018")).toBeUndefined();
  });

  it("keeps suppression codes as not available, previews without writing, and re-imports idempotently", async () => {
    const csv = [
      `${HEAD},indicator,value`,
      "2025,Quarter 4,Local authority,E06000017,,Rutland,cpp-second,c",
      "2025,Quarter 4,Local authority,E06000017,,Rutland,re-referrals,18.2",
      "2025,Quarter 4,National,,,,re-referrals,22.4",
    ].join("\n");
    const preview = (await (await api(`/api/regions/${REGION}/dataset/import`, { csv, dryRun: true })).json()) as {
      changes: unknown[];
      written: number;
    };
    expect(preview.changes).toEqual([
      {
        level: "local authority",
        authority: "E06000017",
        name: "Rutland",
        quarter: "2025-Q4",
        indicator: "cpp-second",
        to: null,
        why: "confidential: withheld to protect individuals",
      },
      {
        level: "local authority",
        authority: "E06000017",
        name: "Rutland",
        quarter: "2025-Q4",
        indicator: "re-referrals",
        to: 18.2,
      },
      {
        level: "national",
        authority: "england",
        name: "England",
        quarter: "2025-Q4",
        indicator: "re-referrals",
        to: 22.4,
      },
    ]);
    expect(await DatasetStore.getValues(deps, REGION, "2025-Q4", "E06000017")).toBeUndefined();
    const first = (await (await api(`/api/regions/${REGION}/dataset/import`, { csv })).json()) as { written: number };
    expect(first.written).toBe(1);
    const stored = await DatasetStore.getValues(deps, REGION, "2025-Q4", "E06000017");
    expect(stored!.values).toEqual({ "cpp-second": null, "re-referrals": 18.2 });
    const again = (await (await api(`/api/regions/${REGION}/dataset/import`, { csv })).json()) as {
      written: number;
      changes: unknown[];
    };
    expect(again).toMatchObject({ written: 0, changes: [] });
    const summary = await DatasetStore.nationalSummaries(deps, ["2025-Q4"]);
    expect(summary.get("2025-Q4")!.indicators["re-referrals"]).toMatchObject({
      england: 22.4,
      englandSource: "published",
    });
    const audit = await Audit.listForScope(deps, Audit.regionScope(REGION));
    expect(audit.items.filter((a) => a.action === "dataset.imported" && a.summary.includes("2025-Q4"))).toHaveLength(1);
  });

  it("refuses a wrong bearer token", async () => {
    expect((await api(`/api/regions/${REGION}/dataset/import`, { csv: "x" }, "wrong")).status).toBe(401);
  });
});

describe("import and read on the lead's pages", () => {
  it("uploads, previews, confirms; then the heat map and LA page render with table alternatives and exports", async () => {
    const cookie = await signIn("lead@em-riia.example.org");
    const page = await app.request(`/lead/dataset/${REGION}/import`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('enctype="multipart/form-data"');
    const rows = synthesise("2026-Q1", 8).filter((r) => r.regionId === REGION);
    const upload = new FormData();
    upload.set("csrf", csrfOf(html));
    upload.set("file", new File([toCsv(rows)], "dataset.csv", { type: "text/csv" }));
    const preview = await app.request(`/lead/dataset/${REGION}/import`, {
      method: "POST",
      body: upload,
      headers: { cookie, origin: "http://localhost" },
    });
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Check before importing");
    expect(previewHtml).toMatch(/80 rows read\. 1,?\d{3} figures will change for 80 local authority quarters/);
    expect(await DatasetStore.getValues(deps, REGION, "2026-Q1", DETERIORATING_LA)).toBeUndefined();
    const confirm = new FormData();
    for (const m of previewHtml
      .slice(previewHtml.lastIndexOf("<form"))
      .matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
      confirm.set(m[1]!, m[2]!);
    const done = await app.request(`/lead/dataset/${REGION}/import`, {
      method: "POST",
      body: confirm,
      headers: { cookie, origin: "http://localhost" },
    });
    expect(await done.text()).toMatch(/Imported \d+ figures for 80 local authority quarters/);
    expect((await DatasetStore.getValues(deps, REGION, "2026-Q1", DETERIORATING_LA))!.source).toBe("import");

    // The other regions' figures, so quartile bands are national.
    await seedDataset(deps, { last: "2026-Q1", quarters: 8 });
    const heat = await app.request(`/lead/dataset/${REGION}?quarter=2026-Q1`, { headers: { cookie } });
    const heatHtml = await heat.text();
    expect(heat.status).toBe(200);
    expect(heatHtml).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby=/);
    expect(heatHtml).toContain("Quartile bands by local authority and indicator, January to March 2026");
    expect(heatHtml).toMatch(/<table class="govuk-table/);
    const csv = await (
      await app.request(`/lead/dataset/${REGION}/export/heat-map.csv?quarter=2026-Q1`, { headers: { cookie } })
    ).text();
    expect(csv.split("\n")[0]).toMatch(/^Local authority,Re-referrals within 12 months,/);
    expect(csv).toMatch(/\nNottingham,/);
    const la = await app.request(`/lead/dataset/${REGION}/la/${DETERIORATING_LA}?quarter=2026-Q1`, {
      headers: { cookie },
    });
    const laHtml = await la.text();
    expect(laHtml).toContain("Nottingham: core dataset");
    expect(laHtml).toContain("SPC upper limit");
    // Planted: 6 quarters of decline (19.7% then 26.6% … 39.6%), and the words say 6.
    expect(laHtml).toMatch(
      /second or later child protection plan has got worse 6 quarters in a row: each of the last 6 quarters higher than the one before, from 19.7% in [\w ]+ to 39.6%/,
    );
    expect(laHtml).not.toMatch(/style="/);
    const json = (await (
      await app.request(`/lead/dataset/${REGION}/la/${DETERIORATING_LA}.json?quarter=2026-Q1`, { headers: { cookie } })
    ).json()) as { head: string[]; rows: unknown[][] };
    expect(json.head).toEqual([
      "indicator",
      "quarter",
      "value",
      "england",
      "region",
      "neighbours",
      "rank",
      "of",
      "band",
    ]);
    expect(json.rows.find((r) => r[0] === "cpp-second")![7]).toBe(153);
  });

  it("does not show the region's figures to an LA officer", async () => {
    const cookie = await signIn("performance@derby.example.org");
    expect((await app.request(`/lead/dataset/${REGION}`, { headers: { cookie } })).status).toBe(403);
  });
});
