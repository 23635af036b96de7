/** The submissions export: one column per question, repeating groups in numbered columns. */
import { beforeAll, describe, expect, it } from "vitest";
import { fixedClock, parseCsv } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { linkFor } from "../../local/form-link";
import { formOf, type FormFiller } from "../form-page";
import { testDeps } from "./helpers";

let deps: AwsDeps;
let app: App;

beforeAll(async () => {
  deps = await testDeps({ clock: fixedClock("2026-12-10T10:00:00Z") });
  await seed(deps);
  app = createApp(deps);
});

const page = async (path: string) => (await app.request(path)).text();
async function send(form: FormFiller, button: string) {
  return app.request(form.form.action, {
    method: "POST",
    body: form.body(button),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
}
const priority = (i: number, title: string, owner: string) => ({
  [`q.priorities.${i}.title`]: title,
  [`q.priorities.${i}.theme`]: "workforce",
  [`q.priorities.${i}.actions`]: "Weekly tracking",
  [`q.priorities.${i}.owner`]: owner,
  [`q.priorities.${i}.timescale-day`]: "31",
  [`q.priorities.${i}.timescale-month`]: "3",
  [`q.priorities.${i}.timescale-year`]: "2027",
  [`q.priorities.${i}.measures`]: "Fewer cases over 45 days",
  [`q.priorities.${i}.support-wanted`]: "no",
});

/** An LA writes its priorities through the page, adding items with "Add another priority". */
async function plan(email: string, priorities: [string, string][]) {
  const { token } = await linkFor(deps, { email, form: "development-plan" });
  let path = `/f/${token}/s/priorities`;
  for (const [i, [title, owner]] of priorities.entries()) {
    const form = formOf(await page(path), "/s/priorities").set(priority(i, title, owner));
    const last = i === priorities.length - 1;
    const res = await send(form, last ? "continue" : "add:priorities");
    expect(res.status).toBe(303);
    path = res.headers.get("location")!;
  }
}

describe("submissions CSV", () => {
  it("has a column per question and numbered columns per priority", async () => {
    await plan("performance@derby.example.org", [
      ["Reduce drift", "Head of service"],
      ["Stabilise the workforce", "Principal social worker"],
    ]);
    await plan("performance@rutland.example.org", [["Early help offer", "Early help lead"]]);
    const res = await app.request("/lead/cycles/east-midlands-2026/submissions/development-plan.csv", {
      headers: { authorization: `Bearer ${deps.config.appSecret}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const parsed = parseCsv(await res.text());
    expect(parsed.error).toBeUndefined();
    const [head, ...body] = parsed.rows.map((r) => r.cells);
    const header = head!;
    const rows = body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""])));
    expect(header).not.toContain("answers");
    expect(header).toEqual(
      expect.arrayContaining([
        "authority",
        "Priority 1: Priority",
        "Priority 1: Complete by",
        "Priority 2: Owner",
        "How will leaders and elected members oversee delivery of this plan?",
      ]),
    );
    expect(header.filter((h) => h.startsWith("Priority 3:"))).toEqual([]);
    const derby = rows.find((r) => r.authority === "E06000015")!;
    expect(derby["Priority 2: Priority"]).toBe("Stabilise the workforce");
    expect(derby["Priority 1: Complete by"]).toBe("31 March 2027");
    const rutland = rows.find((r) => r.authority === "E06000017")!;
    expect(rutland["Priority 1: Owner"]).toBe("Early help lead");
    expect(rutland["Priority 2: Owner"]).toBe("");
    expect((await app.request("/lead/cycles/east-midlands-2026/submissions/development-plan.csv")).status).toBe(401);
  });
});
