/**
 * Every page that belongs to a region names it in the header and the footer; public pages show only
 * the service name. Reached as people reach them: an officer follows the emailed invitation to the
 * form's pages, a lead signs in and opens console pages, anyone opens the start, privacy and
 * accessibility pages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Mail, Region, Review, Workflow, fixedClock, type Deps, type OutboundEmail } from "@riia/core";
import { linksOf } from "../form-page";
import { signInByPage } from "./sign-in";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";

const clock = fixedClock("2026-09-15T10:00:00Z");
const CYCLE = "east-midlands-2026";
let deps: Deps;
let sent: OutboundEmail[];
let app: App;
let regionName: string;

beforeAll(async () => {
  ({ deps, sent, app } = await seededApp(clock));
  regionName = (await Region.get(deps, "east-midlands")).name;
});

const get = async (path: string, cookie = "") => {
  const res = await app.request(path, { headers: { cookie, accept: "text/html" } });
  expect(res.status, path).toBe(200);
  return res.text();
};
const words = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
const header = (html: string) => words(/<header[\s\S]*?<\/header>/.exec(html)![0]);
const footer = (html: string) => words(/<footer[\s\S]*?<\/footer>/.exec(html)![0]);

function expectRegion(html: string, where: string) {
  expect(header(html), where).toContain(`Region: ${regionName}`);
  expect(footer(html), where).toContain(`run by the ${regionName} Regional Improvement and Innovation Alliance`);
}

describe("the region's name in the header and footer", () => {
  it("is on every page of an LA form reached from the emailed invitation", async () => {
    await Workflow.openStep(deps, { cycleId: CYCLE, step: "self-evaluation", actor: { kind: "system", id: "test" } });
    await Workflow.runTaskEvents(deps);
    await Mail.dispatchDue(deps);
    const invite = sent.find(
      (m) => m.to[0] === "performance@derby.example.org" && m.subject.startsWith("Annual self-evaluation"),
    );
    expect(invite).toBeDefined();
    const formPath = /http:\/\/riia\.test(\/f\/[\w.-]+)/.exec(invite!.text)![1]!;
    const tasks = await get(formPath);
    expectRegion(tasks, formPath);
    const pages = [...new Set(linksOf(tasks).filter((h) => h.startsWith(formPath) && h !== formPath))];
    expect(pages.some((p) => p.includes("/s/"))).toBe(true);
    expect(pages.some((p) => p.endsWith("/check"))).toBe(true);
    for (const p of pages) expectRegion(await get(p), p);
  });

  it("is on a reviewer's pages reached from the assignment email", async () => {
    const actor = { kind: "system" as const, id: "test" };
    await Workflow.openStep(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor, reason: "Region name test" });
    await Review.sendAssignments(deps, { cycleId: CYCLE, step: "peer-scrutiny", actor });
    await Mail.dispatchDue(deps, { limiter: { acquire: async () => undefined } });
    const assignment = sent.find((m) => m.subject.startsWith("Peer scrutiny: please review"));
    expect(assignment).toBeDefined();
    const paths = [...assignment!.text.matchAll(/http:\/\/riia\.test(\/r\/[a-z2-7]+\/(?:accept|work))/g)].map(
      (m) => m[1]!,
    );
    expect(paths.some((p) => p.endsWith("/accept"))).toBe(true);
    expect(paths.some((p) => p.endsWith("/work"))).toBe(true);
    for (const p of paths) expectRegion(await get(p), p);
  });

  it("is on the lead's console pages", async () => {
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    for (const p of [`/lead/cycles/${CYCLE}`, "/lead/templates", "/lead/people", "/lead/quarantine"])
      expectRegion(await get(p, cookie), p);
  });

  it("is not on the public pages, which show just the service name", async () => {
    for (const p of ["/", "/privacy", "/accessibility"]) {
      const html = await get(p);
      expect(header(html), p).toContain("Sector-led improvement");
      expect(header(html), p).not.toContain("Region:");
      expect(header(html), p).not.toContain(regionName);
      expect(footer(html), p).toContain("England's Regional Improvement and Innovation Alliances");
    }
  });
});
