/**
 * `.local/` as a newcomer meets it: the mail UI still shows what was sent after a restart, and a
 * simulated tick (`npm run tick -- --at …`, run as the command it is) works on a copy, leaving the
 * shared data as it was.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Cycle, fixedClock } from "@riia/core";
import { runScheduled } from "@riia/functions/scheduled";
import { startLocalStack } from "../../local/stack";
import { sentMail } from "../../local/stand-ins";

const dir = mkdtempSync(join(tmpdir(), "riia-local-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ports = { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 };
const CYCLE = "east-midlands-2026";

async function phasesIn(dataDir: string) {
  const stack = await startLocalStack({ dataDir, ports, seed: false });
  try {
    return Object.fromEntries((await Cycle.get(stack.deps, CYCLE)).phases.map((p) => [p.step, p.state]));
  } finally {
    await stack.stop();
  }
}

describe("the local data folder", () => {
  it("keeps sent mail across a restart, and simulated ticks run on a copy", async () => {
    process.env.RIIA_LOCAL_DIR = dir;
    const first = await startLocalStack({ dataDir: dir, ports, clock: fixedClock("2026-12-01T10:00:00Z") });
    let sent: string[];
    try {
      await runScheduled(first.deps);
      sent = (await sentMail(first.standIns.endpoints.ses)).map((e) => e.messageId);
      expect(sent.length).toBeGreaterThan(30);
    } finally {
      await first.stop();
    }

    const second = await startLocalStack({ dataDir: dir, ports, seed: false });
    try {
      expect((await sentMail(second.standIns.endpoints.ses)).map((e) => e.messageId)).toEqual(sent);
    } finally {
      await second.stop();
    }

    // Seven weeks on, self-evaluation has closed and peer scrutiny opened — in the copy only.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--openssl-legacy-provider", "--import", "tsx", "local/tick.ts", "--at", "2027-01-20T09:00:00Z"],
      { env: { ...process.env, RIIA_LOCAL_DIR: dir, LOG_LEVEL: "error" }, timeout: 90_000 },
    );
    expect(stdout).toContain("is unchanged");
    expect(await phasesIn(join(dir, "simulated"))).toMatchObject({
      "self-evaluation": "closed",
      "peer-scrutiny": "open",
      "development-plan": "scheduled",
    });
    expect(await phasesIn(dir)).toMatchObject({ "self-evaluation": "open", "peer-scrutiny": "scheduled" });
  }, 180_000);
});
