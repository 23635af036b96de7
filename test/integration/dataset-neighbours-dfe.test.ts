/**
 * Statistical neighbours you can defend: the method named beside every list (and the demo's default
 * labelled illustrative), and DfE's published lists imported in their own form (one row per LA, SN1 …,
 * old LA numbers, codes or names), through the page's upload form, preview first, read back from the store.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Region, fixedClock, type Deps, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { seedDataset } from "../../local/seed-dataset";
import { formOf } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-05-20T09:00:00Z");
const REGION = "east-midlands";
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock, (base) => seedDataset(base, { last: "2026-Q1", quarters: 2 })));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
}, 120_000);

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
const page = `/lead/dataset/${REGION}/neighbours`;

describe("statistical neighbours", () => {
  it("names the method beside each default list and labels the demo's figures illustrative", async () => {
    const t = text(await (await app.request(page, { headers: { cookie } })).text());
    expect(t).toContain("the demo's made-up figures, so the default lists are illustrative only");
    expect(t).toMatch(
      /Rutland [^|]+? Default: the 10 local authorities nearest on 4 context measures \([^)]+\), each standardised across England and weighted equally, by straight-line distance; January to March 2026 figures \(illustrative/,
    );
  });

  it("imports DfE's published lists in their own form, after a preview", async () => {
    const html = await (await app.request(page, { headers: { cookie } })).text();
    const form = formOf(html, "/neighbours");
    const body = new FormData();
    for (const [k, v] of form.pairs()) body.append(k, v);
    body.append("file", new File([readFileSync(join(__dirname, "../fixtures/ees/neighbours-dfe-form.csv"))], "sn.csv"));
    const preview = await app.request(page, { method: "POST", body, headers: { cookie, origin: "http://localhost" } });
    const previewHtml = await preview.text();
    expect(preview.status).toBe(200);
    expect(text(previewHtml)).toContain("The file names 2 local authorities. 2 of their lists will change.");
    expect((await Region.authority(deps, "E06000017")).statisticalNeighbours).toBeUndefined();

    const confirm = formOf(previewHtml, "/neighbours");
    const done = await app.request(page, {
      method: "POST",
      body: confirm.body(),
      headers: { cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(done.status).toBe(303);
    expect((await Region.authority(deps, "E06000017")).statisticalNeighbours).toEqual([
      "E10000029",
      "E06000041",
      "E10000025",
      "E10000014",
      "E06000037",
    ]);
    expect((await Region.authority(deps, "E10000007")).statisticalNeighbours).toEqual([
      "E10000024",
      "E10000018",
      "E10000028",
      "E10000034",
      "E10000031",
    ]);
    const after = text(await (await app.request(page, { headers: { cookie } })).text());
    expect(after).toContain("Rutland Suffolk, Wokingham, Oxfordshire, Hampshire, West Berkshire Imported list");

    // Each LA's own figures page names its neighbours and how they were chosen.
    const la = async (code: string) =>
      text(
        await (await app.request(`/lead/dataset/${REGION}/la/${code}?quarter=2026-Q1`, { headers: { cookie } })).text(),
      );
    expect(await la("E06000017")).toContain(
      "Statistical neighbours: Suffolk, Wokingham, Oxfordshire, Hampshire, West Berkshire. How they were chosen: Imported list",
    );
    expect(await la("E06000016")).toMatch(
      /How they were chosen: Default: the 10 local authorities nearest on 4 context/,
    );
  });
});
