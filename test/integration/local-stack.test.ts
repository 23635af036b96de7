import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalStack } from "../../local/stack";

const dir = mkdtempSync(join(tmpdir(), "riia-local-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ports = { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 };

describe("npm start's local stack", () => {
  it("serves /health with every dependency up over real HTTP, keeps data across a restart, and stops cleanly", async () => {
    process.env.RIIA_LOCAL_DIR = dir;
    const first = await startLocalStack({ dataDir: dir, ports, tickIntervalMs: 50 });
    try {
      const res = await fetch(first.urls.health);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok" });
      // The scheduled step runs on the interval with the same function the Cron calls. The first run sends the seed's
      // invitations in three regions at the local send rate (14 a second), about 45 emails.
      await expect
        .poll(async () => (await first.deps.store.get({ pk: "SYSTEM", sk: "TICK" }))?.runs, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(2);
      await first.deps.store.put({ pk: "KEEP", sk: "ME", note: "survives" });
      await first.deps.blobs.put("keep/me.txt", "survives");
    } finally {
      await first.stop();
    }

    const second = await startLocalStack({ dataDir: dir, ports });
    try {
      expect(await second.deps.store.get({ pk: "KEEP", sk: "ME" })).toMatchObject({ note: "survives" });
      expect(Buffer.from((await second.deps.blobs.get("keep/me.txt"))!).toString()).toBe("survives");
    } finally {
      await second.stop();
    }
  });
});
