/**
 * The audit trail in pages of 50 with GOV.UK's pagination, filterable by what was done (and LA, step, person) in the
 * address: the lead follows "Next" and the numbered links, a filter keeps its choice across pages, and a page number
 * out of range shows the last page rather than an error.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Audit, fixedClock, type OutboundEmail } from "@riia/core";
import type { App } from "@riia/functions/app";
import { seededApp } from "./page-world";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-09-15T10:00:00Z");
const CYCLE = "east-midlands-2026";
const AUDIT = `/lead/cycles/${CYCLE}/audit`;
let app: App;
let sent: OutboundEmail[];
let cookie = "";

beforeAll(async () => {
  ({ app, sent } = await seededApp(clock, async (deps) => {
    // 120 reminders noted against Derby, newest last, beside what the seed wrote.
    for (let i = 0; i < 120; i++)
      await Audit.record(deps, {
        scope: Audit.cycleScope(CYCLE),
        actor: { kind: "person", id: "lead", name: "Morgan Lee" },
        action: "task.remind",
        entity: { type: "task", id: `${CYCLE}/self-evaluation/E06000015` },
        authority: "E06000015",
        summary: `Reminder ${i + 1} sent`,
        at: new Date(Date.parse("2026-09-01T09:00:00Z") + i * 60_000).toISOString(),
      });
  }));
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
});

const get = async (path: string) => {
  const res = await app.request(path.replace(/&amp;/g, "&"), { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
};
const rowsOf = (html: string) => [...html.matchAll(/Reminder (\d+) sent/g)].map((m) => Number(m[1]));
const linkNamed = (html: string, rel: "next" | "prev") =>
  new RegExp(`<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="${rel}"`).exec(html)?.[1];

describe("the audit trail's pages", () => {
  it("shows 50 entries a page, newest first, with Next and Previous", async () => {
    const first = await get(AUDIT);
    expect(first).toContain('class="govuk-pagination"');
    expect(first).toContain("Showing 1 to 50 of");
    expect(rowsOf(first).slice(0, 3)).toEqual([120, 119, 118]);
    expect(linkNamed(first, "prev")).toBeUndefined();
    const second = await get(linkNamed(first, "next")!);
    expect(second).toContain("Showing 51 to 100 of");
    // The second page goes on where the first stopped (the seed's own entries are among the newest).
    expect(rowsOf(second)[0]).toBe(rowsOf(first).at(-1)! - 1);
    expect(rowsOf(second)).toHaveLength(50);
    expect(linkNamed(second, "prev")).toBe(AUDIT);
  });

  it("filters by what was done, and the filter stays on every page", async () => {
    const form = await get(AUDIT);
    expect(form).toContain('<option value="task.remind">Task remind</option>');
    const reminders = await get(`${AUDIT}?kind=task.remind`);
    expect(reminders).toContain("120 entries (Showing 1 to 50 of 120)");
    const next = linkNamed(reminders, "next")!;
    expect(next).toContain("kind=task.remind");
    expect(next).toContain("page=2");
    const last = await get(`${AUDIT}?kind=task.remind&page=3`);
    expect(rowsOf(last)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(linkNamed(last, "next")).toBeUndefined();
    // Nothing of another kind is listed.
    expect(last).not.toContain("Opened self-evaluation");
  });

  it("a page past the end shows the last page", async () => {
    const beyond = await get(`${AUDIT}?kind=task.remind&page=99`);
    expect(beyond).toContain("Showing 101 to 120 of 120");
    const nonsense = await get(`${AUDIT}?page=abc`);
    expect(nonsense).toContain("Showing 1 to 50 of");
  });
});
