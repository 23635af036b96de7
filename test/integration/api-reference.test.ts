/**
 * The API reference (/docs): a GOV.UK page rendered on the server from the OpenAPI document generated at build
 * time. Every operation the document describes is on it, under its tag, with its parameters, body and responses;
 * the headings never skip a level; there is one <main>; and it is sent compressed, light as a page should be.
 */
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createLogger, fixedClock, type Deps } from "@riia/core";
import { createApp } from "@riia/functions/app";

// The reference reads nothing from the store.
const deps = { log: createLogger({ level: "silent" }), clock: fixedClock("2026-12-01T09:00:00Z") } as unknown as Deps;
const app = createApp(deps);
const document = JSON.parse(readFileSync("functions/src/openapi.json", "utf8")) as {
  paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  components: { schemas: Record<string, unknown> };
};
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

describe("the API reference", () => {
  it("shows every operation of the document, by tag, with what it takes and answers", async () => {
    const res = await app.request("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    const headings = [...html.matchAll(/<h3[^>]*><code>([A-Z]+) ([^<]+)<\/code><\/h3>/g)].map((m) => `${m[1]} ${m[2]}`);
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(headings.sort()).toEqual(operations.sort());
    for (const item of Object.values(document.paths))
      for (const op of Object.values(item)) if (op.summary) expect(text(html)).toContain(op.summary);
    for (const name of Object.keys(document.components.schemas))
      expect(html).toContain(`id="schema-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}"`);
    // A body's fields, nested, with their limits in words.
    const settings = html.slice(html.indexOf('id="put-api-regions-regionid-settings"'));
    expect(text(settings.slice(0, settings.indexOf("</section>")))).toMatch(
      /settings\.themes\[\]\.labelstring, required\. At least 2 characters; at most 80 characters\./,
    );
  });

  it("has one main, an h1, and headings that never skip a level", async () => {
    const html = await (await app.request("/docs")).text();
    expect(html.match(/<main\b/g)).toHaveLength(1);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
    });
    expect(html).not.toMatch(/<a [^>]*>[^<]*<(a|button|input)\b/);
  });

  it("is sent compressed to a browser that takes it: a small page, the same words", async () => {
    const plain = await (await app.request("/docs")).text();
    const res = await app.request("/docs", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(30 * 1024);
    const unzipped = gunzipSync(body).toString();
    // The same page but for the per-request nonce.
    expect(unzipped.replace(/nonce="[^"]+"/g, "")).toBe(plain.replace(/nonce="[^"]+"/g, ""));
  });
});
