/**
 * Restart changes nothing: `npm start`'s local stack seeds a data folder once; a figure imported afterwards (as the
 * region's data team would, through the CSV import) and everything else in the table are the same after a restart,
 * which runs the seed again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { DatasetImport, DatasetStore, fixedClock, Keys, Quarters } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { seed } from "../../local/seed";
import { DETERIORATING_LA, DETERIORATING_REGION, synthesise, toCsv } from "../../local/seed-dataset";
import { startLocalStack } from "../../local/stack";

const dir = mkdtempSync(join(tmpdir(), "riia-seed-restart-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ports = { app: 0, dynamodb: 0, s3: 0, ses: 0, smtp: 0 };
const clock = fixedClock("2026-12-01T10:00:00Z");

/** Every item in the table, keyed by pk and sk, as DynamoDB holds it. */
async function scanAll(deps: AwsDeps): Promise<Map<string, Record<string, AttributeValue>>> {
  const out = new Map<string, Record<string, AttributeValue>>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await deps.clients.dynamodb.send(
      new ScanCommand({ TableName: deps.config.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) out.set(`${item.pk!.S}|${item.sk!.S}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** The data team's correction: one figure of the deteriorating LA's last quarter, imported as a CSV row. */
async function importFigure(deps: AwsDeps, quarter: string, value: number) {
  const row = synthesise(quarter, 1).find((r) => r.authority === DETERIORATING_LA)!;
  expect(row.values["sw-turnover"]).not.toBe(value);
  row.values["sw-turnover"] = value;
  const imported = await DatasetImport.importCsv(deps, {
    regionId: DETERIORATING_REGION,
    csv: toCsv([row]),
    dryRun: false,
    national: false,
    actor: { kind: "person", id: "p-data-team", name: "Data team" },
  });
  expect(imported.changes.length).toBeGreaterThan(0);
}

/** Keys of items that differ between two scans. */
const changedBetween = (a: Map<string, unknown>, b: Map<string, unknown>) =>
  [...new Set([...a.keys(), ...b.keys()])].filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)));

describe("restarting npm start", () => {
  it("seeds once: a figure imported after the first start, and every other item, survive a restart", async () => {
    process.env.RIIA_LOCAL_DIR = dir;
    const quarter = Quarters.lastEnded(clock.now());
    const first = await startLocalStack({ dataDir: dir, ports, clock });
    let before: Map<string, Record<string, AttributeValue>>;
    try {
      const deps = first.deps;
      expect(await deps.store.get(Keys.seedMarker())).toMatchObject({ kind: "seed-marker" });
      // The region's data team corrects one figure by importing a CSV row.
      await importFigure(deps, quarter, 42.4);
      // A re-run of the seed on the running stack, too, writes nothing.
      before = await scanAll(deps);
      expect(await seed(deps, { calendar: "today" })).toMatchObject({ seeded: false });
      expect(await scanAll(deps)).toEqual(before);
    } finally {
      await first.stop();
    }

    // The restart: the same data folder, the seed run as `npm start` runs it.
    const second = await startLocalStack({ dataDir: dir, ports, clock });
    try {
      const after = await scanAll(second.deps);
      expect(changedBetween(before, after)).toEqual([]);
      expect(after.size).toBe(before.size);
      const figure = await DatasetStore.getValues(second.deps, DETERIORATING_REGION, quarter, DETERIORATING_LA);
      expect(figure?.values["sw-turnover"]).toBe(42.4);
    } finally {
      await second.stop();
    }
  }, 240_000);

  it("marks a folder seeded before seeds left a marker, and seeds nothing over it", async () => {
    const legacy = mkdtempSync(join(tmpdir(), "riia-seed-legacy-"));
    try {
      process.env.RIIA_LOCAL_DIR = legacy;
      const quarter = Quarters.lastEnded(clock.now());
      const first = await startLocalStack({ dataDir: legacy, ports, clock });
      let before: Map<string, Record<string, AttributeValue>>;
      try {
        // As an earlier version left it: seeded, with no marker; then a figure imported.
        await first.deps.store.delete(Keys.seedMarker());
        await importFigure(first.deps, quarter, 37.1);
        before = await scanAll(first.deps);
      } finally {
        await first.stop();
      }
      const second = await startLocalStack({ dataDir: legacy, ports, clock });
      try {
        expect(second.seeded).toMatchObject({ seeded: false });
        const after = await scanAll(second.deps);
        expect(changedBetween(before, after)).toEqual(["SYSTEM|SEED"]);
        const figure = await DatasetStore.getValues(second.deps, DETERIORATING_REGION, quarter, DETERIORATING_LA);
        expect(figure?.values["sw-turnover"]).toBe(37.1);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(legacy, { recursive: true, force: true });
    }
  }, 240_000);
});
