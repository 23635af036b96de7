/**
 * The submissions spreadsheet as a lead reaches it: the link on the support page, one column per question (each
 * form's questions under its title), one row per submission, answers in their own cells rather than JSON.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, parseCsv, Submission, type Deps, type OutboundEmail } from "@riia/core";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { recordingMailer, testDeps } from "./helpers";
import { linksOf } from "./page-forms";
import { signInByPage } from "./sign-in";

const clock = fixedClock("2026-09-15T10:00:00Z");
let deps: Deps;
let app: App;
let sent: OutboundEmail[];
let cookie: string;
const CYCLE = "east-midlands-2026";

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
  cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
  const actor = { kind: "api" as const, id: "api" };
  for (const [authority, period] of [
    ["E06000015", "April 2025 to March 2026"],
    ["E06000016", "The year to March 2026, with a comma"],
  ] as const) {
    const sub = await Submission.open(deps, {
      cycleId: CYCLE,
      regionId: "east-midlands",
      form: "self-evaluation",
      authority,
      templateVersion: 1,
    });
    const saved = await Submission.saveDraft(deps, {
      id: sub.id,
      expectedVersion: sub.version,
      answers: { period, "last-inspection": "good" },
      actor,
    });
    await Submission.submit(deps, { id: sub.id, expectedVersion: saved.version, actor });
  }
});

describe("the submissions spreadsheet", () => {
  it("has one column per question, reached from the support page's link", async () => {
    const page = await (await app.request(`/lead/cycles/${CYCLE}/support`, { headers: { cookie } })).text();
    const href = linksOf(page).find((l) => l.endsWith("/submissions.csv"));
    expect(href).toBe(`/api/cycles/${CYCLE}/exports/submissions.csv`);
    const res = await app.request(href!, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const [head, ...body] = parseCsv(await res.text()).rows.map((r) => r.cells);
    const rows = body.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ""])));
    const period = "Annual self-evaluation: Period this self-evaluation covers";
    const grade = "Annual self-evaluation: Overall effectiveness at your last ILACS inspection";
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(["id", "form", "authority", "status", period, grade]));
    expect(Object.keys(rows[0]!)).not.toContain("answers");
    const derby = rows.find((r) => r.authority === "E06000015")!;
    expect(derby[period]).toBe("April 2025 to March 2026");
    expect(derby[grade]).toBe("Good");
    expect(rows.find((r) => r.authority === "E06000016")![period]).toBe("The year to March 2026, with a comma");
    // JSON keeps the stored answers as they are.
    const json = (await (
      await app.request(`/api/cycles/${CYCLE}/exports/submissions.json`, { headers: { cookie } })
    ).json()) as { submissions: { authority: string; answers: Record<string, unknown> }[] };
    expect(json.submissions.find((s) => s.authority === "E06000015")!.answers.period).toBe("April 2025 to March 2026");
  });
});
