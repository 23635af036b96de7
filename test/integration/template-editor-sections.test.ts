/**
 * The template editor shows one section a page, with a contents list to the others: the self-evaluation's editor
 * opens on its first section only, each contents link opens its section, and a change to a section comes back to
 * that section's page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { formWithButton } from "../form-page";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const EDITOR = "/lead/templates/development-plan";
let app: App;
let sent: OutboundEmail[];
let cookie = "";

beforeAll(async () => {
  ({ app, sent } = await seededApp(fixedClock("2026-12-02T10:00:00Z")));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

const html = async (path: string) => {
  const res = await app.request(path, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
};
const sectionHeadings = (page: string) =>
  [...page.matchAll(/<h2 class="govuk-heading-m">Section \d+: ([^<]+)<\/h2>/g)].map((m) => m[1]);
const contentsLinks = (page: string) =>
  [...page.matchAll(/<li><a class="govuk-link" href="([^"]+)">(Section [^<]+)<\/a><\/li>/g)].map((m) => [
    m[1]!.replace(/&amp;/g, "&"),
    m[2],
  ]);

describe("the template editor, a section a page", () => {
  it("opens on the first section, links to each other one, and comes back to the section changed", async () => {
    const first = await html(EDITOR);
    expect(sectionHeadings(first)).toEqual(["Priorities"]);
    expect(first).toContain('<strong aria-current="page">Section 1: Priorities</strong>');
    const others = contentsLinks(first);
    expect(others.map((l) => l[1])).toEqual(["Section 2: Governance"]);
    const governance = await html(others[0]![0]!);
    expect(sectionHeadings(governance)).toEqual(["Governance"]);
    expect(() => formWithButton(governance, "edit-section:priorities")).toThrow();
    const form = formWithButton(governance, "edit-section:governance").fill("title", "Governance and oversight");
    const res = await app.request(form.form.action, {
      method: "POST",
      body: form.body("edit-section:governance"),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", cookie },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${EDITOR}?section=governance#s-governance`);
    expect(sectionHeadings(await html(res.headers.get("location")!))).toEqual(["Governance and oversight"]);
  });
});
