/**
 * CSRF tokens on every form, checked the way a forger meets them: the pages are walked as their users walk
 * them (the lead's pages, followed link by link from the board; an LA's emailed form and menu links; a
 * reviewer's accept and decline pages; the sign-in, sign-in-link and "Email me a new link" pages of a visitor
 * not yet signed in). Every POST form found must carry a `csrf` token; posted exactly as the page would post
 * it but without the token, or with a token made for someone else, it is refused with a 403 page that says
 * what to do, and the whole table is the same afterwards.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { Access, fixedClock, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import type { App } from "@riia/functions/app";
import { linkFor } from "../../local/form-link";
import { formsOf, linksOf, type FormFiller } from "../form-page";
import { seededApp } from "./page-world";
import { assignment } from "./replies-support";
import { signInByPage } from "./sign-in";
import { visitor } from "./visitor";

const clock = fixedClock("2026-09-15T10:00:00Z");
const CYCLE = "east-midlands-2026";
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  ({ deps, app, sent } = await seededApp(clock));
});

type Found = { page: string; form: FormFiller; cookie: string };

/** Every POST form on a page opened with `cookie`. */
async function formsOn(path: string, cookie: string): Promise<{ html: string; found: Found[] }> {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  expect(res.status, path).toBeLessThan(500);
  const html = await res.text();
  return {
    html,
    found: formsOf(html).flatMap((form) => (form.method === "post" ? [{ page: path, form, cookie }] : [])),
  };
}

/** The lead's pages, from the board, link by link (downloads and other people's areas left out). */
async function leadPages(cookie: string, personId: string, limit = 90): Promise<Found[]> {
  const queue = [
    `/lead/cycles/${CYCLE}`,
    `/lead/cycles/${CYCLE}/steps/self-evaluation/las/E06000015`,
    `/lead/cycles/${CYCLE}/replies`,
    `/lead/people/${personId}`,
    `/lead/people/${personId}/erase`,
    "/lead/dataset/east-midlands/rules",
    "/lead/dataset/east-midlands/import",
    "/lead/templates",
    "/lead/quarantine",
  ];
  const seen = new Set(queue);
  const found: Found[] = [];
  while (queue.length && seen.size <= limit) {
    const path = queue.shift()!;
    const page = await formsOn(path, cookie);
    found.push(...page.found);
    for (const link of linksOf(page.html)) {
      const to = link.split("#")[0]!;
      if (
        !to.startsWith("/lead") ||
        seen.has(to) ||
        /\.(csv|docx|json|txt)$|export|download|preview|\/files\//.test(to)
      )
        continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return found;
}

/** Whole table, as sorted JSON lines (what "nothing changed" is checked against). */
async function table() {
  const lines: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.clients.doc.send(
      new ScanCommand({ TableName: deps.config.tableName, ExclusiveStartKey: start }),
    );
    lines.push(...(page.Items ?? []).map((i) => JSON.stringify(i, Object.keys(i).sort())));
    start = page.LastEvaluatedKey;
  } while (start);
  return lines.sort();
}

const post = (f: Found, fields: Record<string, string>) =>
  app.request(f.form.action, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://localhost",
      cookie: f.cookie,
      accept: "text/html",
    },
  });

describe("CSRF tokens on every form", () => {
  it("every form a page renders carries a token, and a post without it (or with another's) is refused with a 403 page, changing nothing", async () => {
    const lead = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const officer = await linkFor(deps, { email: "performance@derby.example.org", form: "self-evaluation" });
    const menu = await linkFor(deps, { email: "performance@derby.example.org", form: "support-menu" });
    const reviewer = (await People.findByEmail(deps, "east-midlands", "performance@leicester.example.org"))!;
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: "E06000016", person: reviewer });
    const v = await visitor(app);
    // A fresh sign-in link for the visitor's own page (its button is a form too).
    await Access.requestSignIn(deps, { regionId: "east-midlands", email: "lead@em-riia.example.org" });
    const signInLink = /http:\/\/riia\.test(\/s\/[\w.-]+)/.exec(sent.at(-1)!.text)![1]!;

    const found: Found[] = [...(await leadPages(lead, reviewer.id))];
    for (const path of [
      `/f/${officer.token}`,
      `/f/${officer.token}/s/context`,
      `/m/${menu.token}`,
      `/r/${a.token}/accept`,
      `/r/${a.token}/decline`,
    ])
      found.push(...(await formsOn(path, "")).found);
    for (const path of ["/sign-in", signInLink, "/f/not-a-token"]) found.push(...(await formsOn(path, v.cookie)).found);

    const pages = new Set(found.map((f) => f.page));
    // The walk reached the lead's step, people, dataset and template pages, and every kind of link page (31 pages, 155 forms when written).
    expect(pages.size).toBeGreaterThanOrEqual(25);
    expect(found.length).toBeGreaterThanOrEqual(100);
    for (const action of [
      "/sign-in",
      "/sign-out",
      "/new-link",
      signInLink,
      `/r/${a.token}/decline`,
      `/lead/people/${reviewer.id}/erase`,
      `/lead/people/${reviewer.id}/sessions`,
      "/lead/dataset/east-midlands/rules",
    ])
      expect(
        found.map((f) => f.form.action),
        action,
      ).toContain(action);

    const missing = found.filter((f) => !f.form.fields.csrf).map((f) => `${f.page} → ${f.form.action}`);
    expect(missing).toEqual([]);

    const before = await table();
    const sentBefore = sent.length;
    for (const f of found) {
      const { csrf, ...rest } = f.form.fields;
      for (const fields of [rest, { ...rest, csrf: csrf!.replace(/^./, (ch) => (ch === "A" ? "B" : "A")) }]) {
        const res = await post(f, fields);
        const html = await res.text();
        expect(res.status, `${f.page} → ${f.form.action}`).toBe(403);
        expect(html, f.form.action).toContain("This page has expired. Go back, refresh the page and try again.");
      }
    }
    expect(await table()).toEqual(before);
    expect(sent.length).toBe(sentBefore);
  }, 300_000);
});
