/**
 * Every error page has a way onward: a link in its main content (the start page, sign-in, back to the page of the
 * emailed link) and, where an emailed link itself is refused, the "Email me a new link" button.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Submission } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formsOf } from "../form-page";
import { seededApp } from "./page-world";
import { visitor } from "./visitor";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: AwsDeps;
let app: App;

beforeAll(async () => {
  ({ deps, app } = await seededApp(clock));
});

async function request(path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { res, html: await res.text() };
}
const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "";
/** The links in a page's main content. */
const onward = (html: string) => [...mainOf(html).matchAll(/<a class="govuk-link" href="([^"]+)"/g)].map((m) => m[1]);
const newLinkButton = (html: string) =>
  formsOf(mainOf(html)).find((f) => f.action === "/new-link" && f.buttons.includes("Email me a new link"));

describe("error pages", () => {
  it("404: an unknown address links to the start page", async () => {
    const r = await request("/no-such-page");
    expect(r.res.status).toBe(404);
    expect(mainOf(r.html)).toContain("Page not found");
    expect(onward(r.html)).toContain("/");
  });

  it("403 and 410: a refused or expired emailed link offers a new link and the start page", async () => {
    const forged = await request("/f/not-a-token");
    expect(forged.res.status).toBe(403);
    expect(onward(forged.html)).toContain("/");
    expect(newLinkButton(forged.html)?.fields).toEqual({ csrf: expect.any(String), token: "not-a-token", page: "f" });

    const { token } = await linkFor(deps, {
      email: "performance@derby.example.org",
      form: "self-evaluation",
      expiresAt: new Date("2026-09-01T00:00:00Z"),
      generation: 5,
    });
    for (const path of [`/f/${token}`, `/sign-off/${token}`, `/m/${token}`, `/d/${token}`, `/c/${token}`]) {
      const expired = await request(path);
      expect(expired.res.status, path).toBe(410);
      expect(onward(expired.html), path).toContain("/");
      expect(newLinkButton(expired.html)?.fields, path).toEqual({
        csrf: expect.any(String),
        token,
        page: path.split("/")[1],
      });
    }
    const reviewer = await request(`/r/${"a".repeat(28)}/accept`);
    expect(reviewer.res.status).toBe(403);
    expect(newLinkButton(reviewer.html)?.fields).toEqual({
      csrf: expect.any(String),
      token: "a".repeat(28),
      page: "r-accept",
    });
  });

  it("409: a submitted form's section page links back to the form", async () => {
    const { token, link } = await linkFor(deps, { email: "dcs@leicestershire.example.org", form: "self-evaluation" });
    expect((await request(`/f/${token}`)).res.status).toBe(200);
    const sub = await Submission.get(deps, `east-midlands-2026.self-evaluation.${link.authority}`);
    await Submission.submit(deps, { id: sub.id, expectedVersion: sub.version, actor: { kind: "system", id: "t" } });
    const r = await request(`/f/${token}/s/summary`);
    expect(r.res.status).toBe(409);
    expect(onward(r.html)).toContain(`/f/${token}`);
    expect(newLinkButton(r.html)).toBeUndefined();
  });

  it("400: a new-link post naming no link says so, with the start page", async () => {
    const v = await visitor(app);
    const r = await request("/new-link", {
      method: "POST",
      body: new URLSearchParams({ csrf: v.csrf, page: "nowhere" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: v.cookie },
    });
    expect(r.res.status).toBe(400);
    expect(onward(r.html)).toContain("/");
  });

  it("a used sign-in link links to sign-in, and the API still answers problem details", async () => {
    const v = await visitor(app);
    const used = await request("/s/not-a-real-token", {
      method: "POST",
      body: new URLSearchParams({ csrf: v.csrf }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie: v.cookie },
    });
    expect(used.res.status).toBe(410);
    expect(onward(used.html)).toContain("/sign-in");
    const api = await request("/api/no-such-thing", { headers: { accept: "application/json" } });
    expect(api.res.headers.get("content-type")).toContain("application/problem+json");
  });
});
