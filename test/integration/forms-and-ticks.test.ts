/**
 * Issue 28, item 6: the reviewer's accept/decline forms carry a CSRF token bound to their reply handle (not only
 * the Origin check), and a run of the scheduled step that finds another run holding the lease says so and
 * succeeds — in process and as the `npm run tick` command exits.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assignments, fixedClock, Keys, People, Tick, type OutboundEmail } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { createApp, type App } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";
import { seed } from "../../local/seed";
import { startLocalStack } from "../../local/stack";
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

const post = (path: string, body: URLSearchParams) =>
  app.request(path, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
  });

describe("the accept and decline forms", () => {
  it("carry a token bound to the reviewer's link: without it, or with another link's, nothing changes", async () => {
    const person = (await People.findByEmail(deps, "east-midlands", "performance@nottinghamshire.example.org"))!;
    const a = await assignment(deps, { reviewee: "E06000016", reviewer: "E10000024", person });
    const b = await assignment(deps, { reviewee: "E06000018", reviewer: "E10000024", person });
    const path = `/r/${a.token}/decline`;
    const form = formOf(await (await app.request(path)).text(), path);
    const token = form.value("csrf");
    expect(token).toMatch(/^[\w-]{32}$/);
    const otherToken = formOf(await (await app.request(`/r/${b.token}/decline`)).text()).value("csrf");
    expect(otherToken).not.toBe(token);
    const before = sent.length;

    const bare = new URLSearchParams(form.body());
    bare.delete("csrf");
    for (const body of [bare, new URLSearchParams({ csrf: otherToken! }), new URLSearchParams({ csrf: "x" })]) {
      const refused = await post(form.form.action, body);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("This page has expired");
    }
    expect((await Assignments.get(deps, a.id)).status).toBe("sent");
    expect(sent.length).toBe(before);

    // The form as the page rendered it is answered.
    const done = await post(form.form.action, form.body());
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You have declined the review of");
    expect((await Assignments.get(deps, a.id)).status).toBe("declined");
  });
});

describe("a run of the scheduled step while another holds the lease", () => {
  it("two runs at once: one does the work, the other says another run holds the lease, and neither fails", async () => {
    clock.set("2026-10-09T06:00:00Z");
    const results = await Promise.all([runScheduled(deps), runScheduled(deps)]);
    const skipped = results.filter((r) => r.skipped);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.skipped).toBe(Tick.HELD_ELSEWHERE);
    expect(results.filter((r) => !r.skipped)[0]!.steps).not.toEqual({});
    // The lease is given back: the next run runs.
    expect((await runScheduled(deps)).skipped).toBeUndefined();
  });

  const dir = mkdtempSync(join(tmpdir(), "riia-tick-lease-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("`npm run tick` exits 0 saying another run holds the lease, and changes nothing", async () => {
    const at = "2027-01-20T09:00:00Z";
    const ports = { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 };
    const stack = await startLocalStack({ dataDir: dir, ports, clock: fixedClock("2026-12-01T10:00:00Z") });
    try {
      // Another run (a Cron firing, the local interval) holds the tick's lease past the simulated moment.
      await stack.deps.store.put({ ...Keys.lease("tick"), holder: "another-run", until: "2027-01-20T09:09:00.000Z" });
    } finally {
      await stack.stop();
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--openssl-legacy-provider", "--import", "tsx", "local/tick.ts", "--at", at],
      { env: { ...process.env, RIIA_LOCAL_DIR: dir, LOG_LEVEL: "error" }, timeout: 90_000 },
    ); // rejects on a non-zero exit
    expect(stdout).toContain(`nothing done, ${Tick.HELD_ELSEWHERE}`);
    const copy = await startLocalStack({ dataDir: join(dir, "simulated"), ports, seed: false });
    try {
      const beat = await copy.deps.store.get<{ pk: string; sk: string; lastRunAt?: string }>(Keys.tick());
      expect(beat?.lastRunAt).not.toBe(at);
    } finally {
      await copy.stop();
    }
  }, 180_000);
});
