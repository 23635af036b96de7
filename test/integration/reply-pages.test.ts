/**
 * The accept/decline pages from the assignment email answer the same way as an emailed reply: a
 * decline after accepting is applied (the reserve is asked, the lead told), and an accept after the
 * review has gone to a reserve is refused with a clear answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, People, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { seed } from "../../local/seed";
import { formOf } from "../form-page";
import { recordingMailer, testDeps } from "./helpers";
import { assignment } from "./replies-support";

const clock = fixedClock("2026-10-08T10:00:00Z");
let deps: AwsDeps;
let app: App;
let sent: OutboundEmail[];

beforeAll(async () => {
  const base = await testDeps({ clock });
  await seed(base);
  ({ deps, sent } = recordingMailer(base));
  app = createApp(deps);
});

/** Open the page, then press its one button as a browser would. */
async function press(path: string) {
  const shown = await (await app.request(path)).text();
  const form = formOf(shown, path);
  const res = await app.request(form.form.action, {
    method: "POST",
    body: form.body(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });
  expect(res.status).toBe(200);
  return (await res.text()).replace(/&#39;/g, "'");
}

describe("accept and decline pages", () => {
  it("apply a change of mind like an emailed one, and refuse one that can no longer be applied", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const reserveLa = "E10000018"; // Leicestershire
    const a = await assignment(deps, { reviewee: "E06000015", reviewer: "E10000024", person });
    await assignment(deps, { reviewee: "E06000015", reviewer: reserveLa, person, status: "proposed", rank: 1 });

    expect(await press(`/r/${a.token}/accept`)).toContain("You have accepted the review of Derby.");
    expect((await Assignments.get(deps, a.id)).status).toBe("accepted");
    clock.advance(1000);
    expect(await press(`/r/${a.token}/accept`)).toContain("It had already been recorded");

    clock.advance(1000);
    const declined = await press(`/r/${a.token}/decline`);
    expect(declined).toContain("you can no longer do the review of Derby, which you had accepted");
    const after = await Assignments.get(deps, a.id);
    expect(after.status).toBe("declined");
    expect(after.replacedBy).toBe(
      Assignments.assignmentId("east-midlands-2026", "peer-scrutiny", "E06000015", reserveLa),
    );
    expect(
      sent.filter((m) => m.to[0] === "lead@em-riia.example.org" && /changed its answer/.test(m.subject)),
    ).toHaveLength(1);

    clock.advance(1000);
    const refused = await press(`/r/${a.token}/accept`);
    expect(refused).toContain("Your answer has not changed");
    expect(refused).toContain("it has already gone to another local authority");
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
  });
});
