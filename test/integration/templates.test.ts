import { beforeAll, describe, expect, it } from "vitest";
import { type Audit, Cycle, fixedClock, Submission } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { BUILT_IN } from "@riia/forms";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { testDeps } from "./helpers";

let deps: AwsDeps;
let app: App;
let auth: Record<string, string>;
const lead: Audit.Actor = { kind: "person", id: "p-lead", name: "Morgan Lee" };

beforeAll(async () => {
  deps = await testDeps({ clock: fixedClock("2026-09-20T10:00:00Z") });
  await seed(deps);
  app = createApp(deps);
  auth = { Authorization: `Bearer ${deps.config.appSecret}`, "content-type": "application/json" };
});

const publish = (definition: unknown) =>
  app.request("/api/regions/east-midlands/templates/core-dataset", {
    method: "POST",
    headers: auth,
    body: JSON.stringify(definition),
  });

describe("a region's customised template", () => {
  it("is refused with a list of what is wrong, and nothing is published", async () => {
    const res = await publish({
      ...BUILT_IN["core-dataset"],
      sections: [{ id: "x", title: "X", questions: [{ id: "a", type: "number", label: "A", min: 5, max: 1 }] }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ path: "sections.0.questions.0.max", message: "max must not be less than min" }],
    });
    const { token } = await linkFor(deps, { email: "dcs@derby.example.org", form: "core-dataset" });
    await app.request(`/f/${token}`);
    expect((await Submission.get(deps, "east-midlands-2026.core-dataset.E06000015")).templateVersion).toBe(1);
  });

  it("applies to submissions started after publishing; ones already started keep their version", async () => {
    const custom = structuredClone(BUILT_IN["core-dataset"]);
    custom.title = "East Midlands core dataset";
    custom.sections[1]!.questions.push({
      id: "missing-episodes",
      type: "number",
      label: "Missing episodes in the quarter",
      min: 0,
      max: 5000,
      decimals: 0,
      required: true,
      visibility: "all",
    });
    const res = await publish(custom);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2 });

    const started = await linkFor(deps, { email: "dcs@derby.example.org", form: "core-dataset" });
    expect(await (await app.request(`/f/${started.token}/s/front-door`)).text()).not.toContain("Missing episodes");

    const fresh = await linkFor(deps, { email: "dcs@leicester.example.org", form: "core-dataset" });
    const page = await (await app.request(`/f/${fresh.token}/s/front-door`)).text();
    expect(page).toContain("Missing episodes in the quarter");
    expect((await Submission.get(deps, "east-midlands-2026.core-dataset.E06000016")).templateVersion).toBe(2);
  });
});

describe("carry forward", () => {
  it("starts next year's self-evaluation from last year's submitted answers and shows what changed", async () => {
    const previous = await Submission.open(deps, {
      cycleId: "east-midlands-2025",
      regionId: "east-midlands",
      form: "self-evaluation",
      authority: "E06000018",
      templateVersion: 1,
    });
    const saved = await Submission.saveDraft(deps, {
      id: previous.id,
      expectedVersion: previous.version,
      answers: {
        period: "2024-25",
        context: "Last year's context",
        "last-inspection": "good",
        quality: "Last year's quality",
        "how-know": "Audits",
        plans: "Old plans",
      },
      actor: lead,
    });
    await Submission.submit(deps, { id: previous.id, expectedVersion: saved.version, actor: lead });
    await Cycle.create(deps, { regionId: "east-midlands", year: 2025, actor: lead }).catch(() => undefined);

    const { token } = await linkFor(deps, { email: "dcs@nottingham.example.org", form: "self-evaluation" });
    const list = await (await app.request(`/f/${token}`)).text();
    expect(list).toContain("carried forward from last year");
    const section = await (await app.request(`/f/${token}/s/summary`)).text();
    expect(section).toContain("Last year&#39;s quality");

    const csrf = /name="csrf" value="([^"]+)"/.exec(section)![1]!;
    const version = /name="version" value="(\d+)"/.exec(section)![1]!;
    const seen = /name="seen" value="([^"]*)"/.exec(section)![1]!;
    const body = new URLSearchParams({
      csrf,
      version,
      seen,
      action: "draft",
      "q.quality": "This year's quality",
      "q.how-know": "Audits",
      "q.plans": "Old plans",
    });
    const res = await app.request(`/f/${token}/s/summary`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    });
    expect(res.status).toBe(303);
    const check = await (await app.request(`/f/${token}/check`)).text();
    const row = (label: string) =>
      check.slice(check.indexOf(label), check.indexOf("</div>", check.indexOf(label) + 200) + 400);
    expect(row("What do you know about the quality")).toContain("Changed since last year");
    expect(row("How do you know it?")).toContain("Carried forward");
    const sub = await Submission.get(deps, "east-midlands-2026.self-evaluation.E06000018");
    expect(sub.carriedForward).not.toContain("quality");
    expect(sub.carriedForward).toContain("how-know");
  });
});
