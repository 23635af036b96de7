import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, People, Region, Submission } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { testDeps } from "./helpers";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: AwsDeps;
let app: App;
let auth: Record<string, string>;

beforeAll(async () => {
  deps = await testDeps({ clock });
  await seed(deps);
  app = createApp(deps);
  auth = { Authorization: `Bearer ${deps.config.appSecret}` };
});

describe("JSON API", () => {
  it("GET /api/regions lists 9 regions whose authority counts sum to 153", async () => {
    const res = await app.request("/api/regions");
    expect(res.status).toBe(200);
    const { regions } = (await res.json()) as { regions: { id: string; authorityCount: number }[] };
    expect(regions).toHaveLength(9);
    expect(regions.reduce((n, r) => n + r.authorityCount, 0)).toBe(153);
    expect(regions.find((r) => r.id === "east-midlands")?.authorityCount).toBe(10);
  });

  it("reads a region, its authorities and one authority; unknown ones are 404 problems; bad codes are 400", async () => {
    expect(await (await app.request("/api/regions/east-midlands")).json()).toMatchObject({
      name: "East Midlands",
      settings: { reviewersPerLa: 2 },
    });
    const las = (await (await app.request("/api/regions/east-midlands/authorities")).json()) as {
      authorities: unknown[];
    };
    expect(las.authorities).toHaveLength(10);
    expect(await (await app.request("/api/authorities/E06000018")).json()).toMatchObject({ name: "Nottingham" });
    const missing = await app.request("/api/regions/atlantis");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, detail: 'There is no region "atlantis".' });
    const bad = await app.request("/api/authorities/not-a-code");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: "code" }] });
  });

  it("answers over-long identifiers (beyond any key the store can hold) with a 4xx problem, never a 500", async () => {
    const long = "a".repeat(3000);
    for (const path of [
      `/api/regions/${long}/early-warning`,
      `/api/regions/${long}/concerns`,
      `/api/regions/${long.slice(0, 300)}/early-warning`,
      `/api/cycles/${long}-2026/support/needs`,
      `/lead/regions/${long}`,
      `/forms/${long}`,
    ]) {
      const res = await app.request(path, { headers: auth });
      expect(res.status, path.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, path.slice(0, 40)).toBeLessThan(500);
    }
  });

  it("protects people, cycles and audit with the app secret", async () => {
    for (const path of [
      "/api/regions/east-midlands/people",
      "/api/authorities/E06000015/people",
      "/api/regions/east-midlands/cycles",
      "/api/cycles/east-midlands-2026",
      "/api/cycles/east-midlands-2026/audit",
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect((await app.request(path, { headers: { Authorization: "Bearer wrong" } })).status, path).toBe(401);
      expect((await app.request(path, { headers: auth })).status, path).toBe(200);
    }
  });

  it("reads the demo region's people and its seeded cycle", async () => {
    const people = (await (await app.request("/api/authorities/E06000015/people", { headers: auth })).json()) as {
      people: { roles: string[] }[];
    };
    expect(people.people.map((p) => p.roles.join("+")).sort()).toEqual(["dcs", "officer", "officer+reviewer"]);
    const cycle = (await (await app.request("/api/cycles/east-midlands-2026", { headers: auth })).json()) as {
      phases: { step: string }[];
    };
    expect(cycle.phases.map((p) => p.step)).toHaveLength(6);
  });

  it("imports contacts as CSV over HTTP; a bad file is a 400 listing rows, and nothing changes", async () => {
    const good =
      "name,email,authority,roles,job_title\nNew Officer,new.officer@leicester.example.org,Leicester,officer,Analyst\n";
    const res = await app.request("/api/regions/east-midlands/contacts", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: good,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rows: 1, created: 1, updated: 0, unchanged: 0 });
    const before = await People.listByRegion(deps, "east-midlands");
    const bad = await app.request("/api/regions/east-midlands/contacts", {
      method: "POST",
      headers: { ...auth, "content-type": "text/csv" },
      body: "name,email,authority,roles\nA B,nope,Leicester,officer\n",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: "line 2", message: expect.stringContaining("email") }] });
    expect(await People.listByRegion(deps, "east-midlands")).toEqual(before);
  });

  it("creates a cycle once; a second attempt is 409; a bad year is 400", async () => {
    const post = (year: unknown) =>
      app.request("/api/regions/london/cycles", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ year }),
      });
    expect((await post(2026)).status).toBe(201);
    expect((await post(2026)).status).toBe(409);
    expect((await post("soon")).status).toBe(400);
  });

  it("updates settings with the version read; a stale version is 409 and nothing changes", async () => {
    const r = (await (await app.request("/api/regions/london")).json()) as {
      version: number;
      settings: Region.RegionSettings;
    };
    const put = (version: number, reviewersPerLa: number) =>
      app.request("/api/regions/london/settings", {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ version, settings: { ...r.settings, reviewersPerLa } }),
      });
    clock.advance(1000);
    expect((await put(r.version, 3)).status).toBe(200);
    expect((await put(r.version, 4)).status).toBe(409);
    expect((await Region.get(deps, "london")).settings.reviewersPerLa).toBe(3);
    const audit = (await (await app.request("/api/regions/london/audit", { headers: auth })).json()) as {
      entries: { action: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries[0]).toMatchObject({
      action: "region.settings.updated",
      before: { reviewersPerLa: 2 },
      after: { reviewersPerLa: 3 },
    });
  });

  it("refuses settings the domain would refuse, naming each field, and changes nothing", async () => {
    const before = await Region.get(deps, "london");
    const bad = {
      ...before.settings,
      themes: [{ id: "Not A Slug", label: "x" }, ...before.settings.themes.slice(1)],
      reviewersPerLa: 9,
    };
    const res = await app.request("/api/regions/london/settings", {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ version: before.version, settings: bad }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual([
      "settings.reviewersPerLa",
      "settings.themes.0.id",
      "settings.themes.0.label",
    ]);
    expect(problem.errors.find((e) => e.path === "settings.themes.0.id")?.message).toBe(
      "use lower-case words joined by hyphens",
    );
    expect(await Region.get(deps, "london")).toEqual(before);
    // The document shows what the domain accepts.
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, { put: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
    };
    const body = JSON.stringify(doc.paths["/api/regions/{regionId}/settings"]!.put.requestBody);
    expect(body).toContain('"reviewersPerLa":{"type":"integer","minimum":1,"maximum":5}');
  });

  it("reopens a submitted form with a reason; refuses one that is not submitted", async () => {
    const sub = await Submission.open(deps, {
      cycleId: "east-midlands-2026",
      regionId: "east-midlands",
      form: "core-dataset",
      authority: "E10000024",
      templateVersion: 1,
    });
    const reopen = (reason: string) =>
      app.request(`/api/submissions/${sub.id}/reopen`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ reason }),
      });
    expect((await reopen("Needs another look")).status).toBe(409);
    await Submission.submit(deps, { id: sub.id, expectedVersion: sub.version, actor: { kind: "api", id: "api" } });
    expect((await reopen("")).status).toBe(400);
    const res = await reopen("Needs another look");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "reopened" });
    expect(
      (
        await app.request("/api/submissions/nope/reopen", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ reason: "abc" }),
        })
      ).status,
    ).toBe(404);
  });

  it("previews every email with sample data, in plain text and HTML", async () => {
    const list = (await (await app.request("/api/emails", { headers: auth })).json()) as {
      emails: { name: string; subject: string }[];
    };
    expect(list.emails.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        "invitation",
        "reminder",
        "assignment",
        "reviewerReminder",
        "reviewsReady",
        "overdue",
        "escalation",
        "confirmation",
        "phaseNotice",
        "planPublished",
      ]),
    );
    for (const { name } of list.emails) {
      const res = await app.request(`/api/emails/${name}/preview`, { headers: auth });
      expect(res.status, name).toBe(200);
      const email = (await res.json()) as { subject: string; text: string; html: string };
      expect(email.subject.length, name).toBeGreaterThan(5);
      expect(email.html, name).toContain('lang="en"');
      expect(email.text, name).not.toContain("<");
    }
    expect((await app.request("/api/emails/nope/preview", { headers: auth })).status).toBe(400);
    expect((await app.request("/api/emails/invitation/preview")).status).toBe(401);
  });

  it("rejects malformed JSON bodies with a 400, not a 500", async () => {
    const res = await app.request("/api/regions/london/cycles", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
  });

  it("describes every route in the OpenAPI document", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/regions",
        "/api/regions/{regionId}/people",
        "/api/regions/{regionId}/contacts",
        "/api/cycles/{cycleId}/audit",
      ]),
    );
  });
});
