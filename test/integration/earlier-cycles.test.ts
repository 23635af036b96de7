/**
 * Earlier cycles are listed and readable from the console: the board's "All cycles" link opens the region's cycles,
 * newest first, each linking to its board; an earlier cycle's board says it is read only and offers no change. A
 * national adviser reaches a region's cycles the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { recordingMailer, testDeps } from "./helpers";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-09-15T10:00:00Z");
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  // Seeded as `npm start` does: this year's cycle dated from today, after the two earlier years.
  const base = await testDeps({ clock });
  await seed(base, { calendar: "today" });
  const world = recordingMailer(base);
  sent = world.sent;
  app = createApp(world.deps);
});

const get = async (path: string, cookie: string) => {
  const res = await app.request(path, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
};
const links = (html: string) => [...html.matchAll(/<a class="govuk-link" href="([^"]+)">([^<]+)<\/a>/g)];

describe("earlier cycles", () => {
  it("the lead follows All cycles to the two earlier years and reads one, with nothing to change", async () => {
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const board = await get("/lead/cycles/east-midlands-2026", cookie);
    const all = links(board).find((l) => l[2] === "All cycles")!;
    expect(all[1]).toBe("/lead/cycles");
    const list = await get(all[1]!, cookie);
    const cycles = links(list).filter((l) => l[2]!.startsWith("Cycle "));
    expect(cycles.map((l) => [l[1], l[2]])).toEqual([
      ["/lead/cycles/east-midlands-2026", "Cycle 2026 to 2027"],
      ["/lead/cycles/east-midlands-2025", "Cycle 2025 to 2026"],
      ["/lead/cycles/east-midlands-2024", "Cycle 2024 to 2025"],
    ]);
    expect(list).toContain("Earlier cycle (read only)");
    const earlier = await get(cycles[1]![1]!, cookie);
    expect(earlier).toContain("Cycle 2025 to 2026");
    expect(earlier).toContain("This is an earlier cycle: you can read it, not change it.");
    expect(earlier).not.toContain(">Manage<");
    expect(earlier).toContain(">View<");
    // This year's board still offers the lead's changes.
    expect(board).toContain(">Manage<");
    expect(board).not.toContain("This is an earlier cycle");
  });

  it("a national adviser reads a region's cycles from its board", async () => {
    const cookie = await signInByPage(app, sent, { email: "coordinator@national.example.org", scope: "national" });
    const board = await get("/lead/cycles/east-midlands-2026", cookie);
    const all = links(board).find((l) => l[2] === "All cycles")!;
    expect(all[1]).toBe("/lead/cycles?region=east-midlands");
    const list = await get(all[1]!.replace("&amp;", "&"), cookie);
    expect(links(list).filter((l) => l[2]!.startsWith("Cycle ")).length).toBe(3);
  });

  it("a lead cannot read another region's cycles", async () => {
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const res = await app.request("/lead/cycles/east-midlands-2025", { headers: { cookie } });
    expect(res.status).toBe(200);
    const other = await app.request("/lead/cycles/london-2026", { headers: { cookie } });
    expect(other.status).toBeGreaterThanOrEqual(403);
  });
});
