/**
 * The public face over HTTP (app.request): the start, privacy and accessibility pages; the brand
 * (no GOV.UK crown, logotype, Royal Arms or Crown copyright; the region in header and footer); static
 * files under content-hashed names, immutable, compressed; /docs (the API reference) under the ordinary CSP.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createLogger, fixedClock, Retention, type Deps } from "@riia/core";
import { createRenderer } from "@riia/forms";
import { createApp } from "@riia/functions/app";
import { defaultViewPaths } from "@riia/functions/assets";
import { privacyPage, startPage } from "@riia/functions/public-pages";

// The public pages read nothing from the store.
const deps = { log: createLogger({ level: "silent" }), clock: fixedClock("2026-12-01T09:00:00Z") } as unknown as Deps;
const app = createApp(deps);
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const escaped = (s: string) => s.replace(/'/g, "&#39;").replace(/"/g, "&quot;");

describe("the public pages", () => {
  it("say what the service is and who uses it, without the GOV.UK brand", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("If you work for a local authority");
    expect(html).toContain("we email you a personal link");
    expect(html).toMatch(/href="\/sign-in"[^>]*govuk-button--start|govuk-button--start[^>]*href="\/sign-in"/);
    expect(html).not.toMatch(/govuk-logo|govuk-crest|Crown copyright|Royal Arms|GOV\.UK|favicon|manifest\.json/);
    expect(html).toMatch(/href="\/privacy"/);
    expect(html).toMatch(/href="\/accessibility"/);
  });

  it("show the retention schedule from core's Retention.SCHEDULE, row for row", async () => {
    const html = await (await get("/privacy")).text();
    const table = html.slice(html.indexOf("How long we keep it</h2>"), html.indexOf("Cookies</h2>"));
    const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<t[hd][^>]*>\s*([\s\S]*?)\s*<\/t[hd]>/g)].map((c) => c[1]),
    );
    // The head row, then one row per schedule row in the schedule's order, with its period.
    expect(rows.slice(1)).toEqual(
      Retention.SCHEDULE.map((r) => [escaped(r.record), escaped(r.kept.charAt(0).toUpperCase() + r.kept.slice(1))]),
    );
    expect(table).toContain(`${Retention.PERIODS.inboundDays} days`);
    expect(table).toContain(`${Retention.PERIODS.quarantineDays} days`);
    expect(html).toContain("Article 6(1)(e)");
    const render = createRenderer(defaultViewPaths());
    const custom = render(
      "privacy.njk",
      privacyPage([{ record: "Test records", kept: "nine days", enforcedBy: "a test" }]),
    );
    expect(custom).toContain("Test records");
    expect(custom).toContain("Nine days");
    expect(custom).not.toContain(escaped(Retention.SCHEDULE[0]!.record));
  });

  it("give an accessibility statement in the form the regulations expect, with the last test date", async () => {
    const html = await (await get("/accessibility")).text();
    for (const part of [
      "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
      "Compliance status",
      "partially compliant",
      "Non-accessible content",
      "Enforcement procedure",
      "Feedback and contact information",
      "Preparation of this accessibility statement",
      "This service was last tested on 1 December 2026",
    ])
      expect(html).toContain(escaped(part));
  });

  it("name the region in the header and the footer when a page has one", () => {
    const render = createRenderer(defaultViewPaths());
    const html = render("start.njk", { ...startPage(), regionName: "East Midlands" });
    const header = html.slice(html.indexOf("<header"), html.indexOf("</header>"));
    const footer = html.slice(html.indexOf("<footer"), html.indexOf("</footer>"));
    expect(header).toContain("Sector-led improvement");
    expect(header).toContain("East Midlands");
    expect(footer).toContain("East Midlands");
  });
});

describe("static files", () => {
  it("are linked by content-hashed names, served immutable and compressed", async () => {
    const html = await (await get("/")).text();
    const css = /<link rel="stylesheet" href="(\/stylesheets\/govuk-frontend\.min\.[0-9a-f]{12}\.css)">/.exec(
      html,
    )?.[1];
    const js = /<script type="module" src="(\/javascripts\/govuk-frontend\.min\.[0-9a-f]{12}\.js)">/.exec(html)?.[1];
    expect(css).toBeDefined();
    expect(js).toBeDefined();
    const plain = await get(css!);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(plain.headers.get("content-encoding")).toBeNull();
    const body = Buffer.from(await plain.arrayBuffer());
    const br = await get(css!, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(body.length / 4);
    expect(brotliDecompressSync(brBody).equals(body)).toBe(true);
    const gz = await get(css!, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(body)).toBe(true);
    const again = await get(css!, { "if-none-match": plain.headers.get("etag")! });
    expect(again.status).toBe(304);
    // GOV.UK Frontend's images keep working: the stylesheet points at their hashed names.
    const text = body.toString();
    const images = [...text.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThan(0);
    for (const image of new Set(images)) {
      expect(image).toMatch(/\.[0-9a-f]{12}\.\w+$/);
      const res = await get(image);
      expect(res.status, image).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
    }
    expect(text).not.toContain("GDS Transport");
  });

  it("answer plain names briefly cached, and nothing outside the known files", async () => {
    const plain = await get("/stylesheets/govuk-frontend.min.css");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
    expect((await get("/assets/fonts/bold-b542beb274-v2.woff2")).headers.get("content-type")).toBe("font/woff2");
    for (const path of ["/assets/../../package.json", "/assets/images/nope.png", "/stylesheets/other.css"])
      expect((await get(path)).status, path).toBe(404);
  });

  it("serve /docs as a page of its own, under a CSP without 'unsafe-inline', with no script of its own", async () => {
    const res = await get("/docs");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).not.toContain("unsafe-inline");
    const html = await res.text();
    // Only GOV.UK Frontend's script and its template's own start-up lines (allowed by the request's nonce).
    for (const [tag] of html.matchAll(/<script\b[^>]*>/g))
      expect(tag).toMatch(/nonce="|src="\/javascripts\/govuk-frontend\.min\.[0-9a-f]{12}\.js"/);
    expect(html).not.toContain("/assets/docs/");
  });
});
