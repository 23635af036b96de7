/**
 * The demo's impact (local/seed-impact.ts), dated from today as `npm start` dates it: one solution improved, one with
 * no change and one too early, on the lead's list; the scheduled step then asks Leicester (ended, no feedback yet)
 * and nobody about Derby (answered) or Rutland (still running).
 */
import { describe, expect, it } from "vitest";
import { fixedClock } from "@riia/core";
import { createApp } from "@riia/functions/app";
import { scheduledSteps } from "@riia/functions/steps";
import { seed } from "../../local/seed";
import { seedImpact } from "../../local/seed-impact";
import { recordingMailer, testDeps } from "./helpers";
import { signInByPage } from "./sign-in";

describe("the demo's brokered solutions", () => {
  it("shows improvement, no change and too early relative to today, and asks only the ended one for feedback", async () => {
    const clock = fixedClock(new Date().toISOString());
    const base = await testDeps({ clock });
    const { cycleId } = await seed(base);
    const { deps, sent } = recordingMailer(base);
    await seedImpact(deps, cycleId);
    const app = createApp(deps);
    const cookie = await signInByPage(app, sent, { email: "lead@em-riia.example.org" });
    const res = await app.request(`/lead/cycles/${cycleId}/impact`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = (la: string) => new RegExp(`>${la}</a>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row("Derby")).toContain("improved beyond normal variation");
    expect(row("Leicester")).toContain("no change beyond normal variation");
    expect(row("Rutland")).toContain("too early to tell");
    expect(html).toContain(
      "Leicestershire</strong>: 2 solutions, 2 ended; useful 5 out of 5 on average from 1 response",
    );

    await scheduledSteps.impact!(deps, clock.now());
    await scheduledSteps.mail!(deps, clock.now());
    const asked = sent.filter((m) => /How useful was/.test(m.subject)).map((m) => m.to[0]!.split("@")[1]);
    expect([...new Set(asked)]).toEqual(["leicester.example.org"]);
  }, 180_000);
});
