/**
 * `npm run demo` as a test: a whole annual cycle for the demo region through the real pages,
 * SMTP replies and the scheduled step. Any step that fails throws.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo } from "../../local/demo";
import { summary } from "../../local/demo-summary";

const out = mkdtempSync(join(tmpdir(), "riia-demo-out-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("runs a whole cycle: forms, email replies, reminders, escalations, assignments, brokering and the published plan", async () => {
    const result = await runDemo({ outDir: out, log: () => undefined });
    expect(result.formsSubmitted).toEqual({
      "self-evaluation": 10,
      "development-plan": 10,
      "peer-challenge-response": 40,
    });
    expect(result.repliesRecorded).toBeGreaterThanOrEqual(42);
    expect(result.escalations).toBe(4);
    expect(result.emailsByKind["Reminder: Annual self-evaluation"]).toBeGreaterThan(0);
    const xml = await (await JSZip.loadAsync(readFileSync(result.planFile))).file("word/document.xml")!.async("string");
    expect(xml).toContain("East Midlands regional development plan");
    expect(xml).toContain("2026 to 2027");
    expect(xml).toContain("Common priorities");
    // The summary says what happened: brokered matches are in the published plan and in the Word file.
    expect(result.support.brokered).toBeGreaterThan(0);
    expect(result.support.inPlan).toBe(result.support.brokered);
    // The Word file's summary counts the brokered solutions its per-LA tables list.
    expect(xml).toContain(`${result.support.brokered} brokered solution`);
    // The summary reads task state where the board does: the five LAs that chose from the menu read "submitted".
    expect(result.board["support-menu"]).toEqual({ submitted: 5, total: 10 });
    expect(result.board["self-evaluation"]).toEqual({ submitted: 10, total: 10 });
    const text = summary(result, 1);
    expect(text).toContain("5 LAs chose from the menu");
    expect(text).toContain(`${result.support.brokered} brokered, all ${result.support.brokered} in the published plan`);
    expect(text).toMatch(
      /Where to look[\s\S]*regional-plan\.docx[\s\S]*npm start -- --data [\s\S]*\/lead\/cycles\/east-midlands-2026/,
    );
    // Its data is kept for browsing, with the simulated moment it ended at.
    expect(JSON.parse(readFileSync(join(result.dataDir, "clock.json"), "utf8"))).toEqual({ at: result.endedAt });
  }, 420_000);
});
