/**
 * DynamoDB round trips per store operation, counted by the client middleware
 * (`countDynamoCalls`) against dynalite. Deterministic: the same code makes the same calls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Audit, Cycle, fixedClock, loadConfig, People, Region, Submission, createLogger } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable, type AwsDeps } from "@riia/core/adapters/index";
import { localEnvironment } from "../local/config";
import { seed, demoContactsCsv, DEMO_REGION } from "../local/seed";
import { sesHealthProbe, startStandIns } from "../local/stand-ins";

export async function withBenchStack<T>(fn: (deps: AwsDeps) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "riia-bench-"));
  const standIns = await startStandIns({ s3Directory: join(dir, "s3") });
  try {
    const config = loadConfig({ ...localEnvironment(standIns.endpoints), RIIA_TABLE: "bench", RIIA_BUCKET: "bench", RIIA_APP_SECRET: "b".repeat(40), LOG_LEVEL: "silent" });
    const deps = createAwsDeps(config, {
      clock: fixedClock("2026-09-15T10:00:00Z"),
      log: createLogger({ level: "silent" }),
      mailerPing: sesHealthProbe(standIns.endpoints.ses),
    });
    await ensureTable(deps.clients.dynamodb, config.tableName);
    await ensureBucket(deps.clients.s3, config.bucketName);
    return await fn(deps);
  } finally {
    await standIns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function count(deps: AwsDeps, fn: () => Promise<unknown>): Promise<number> {
  deps.ddbCalls.reset();
  await fn();
  return deps.ddbCalls.total;
}

export async function benchStoreCalls(): Promise<Record<string, number>> {
  return withBenchStack(async (deps) => {
    await seed(deps);
    const actor: Audit.Actor = { kind: "person", id: "p-bench", name: "Bench" };
    const las = await Region.authorities(deps, DEMO_REGION);
    const sub = await Submission.open(deps, { cycleId: "east-midlands-2026", regionId: DEMO_REGION, form: "self-evaluation", authority: "E06000015", templateVersion: 1 });
    let version = sub.version;
    return {
      listRegions: await count(deps, () => Region.list(deps)),
      getRegion: await count(deps, () => Region.get(deps, DEMO_REGION)),
      regionAuthorities: await count(deps, () => Region.authorities(deps, DEMO_REGION)),
      personByEmail: await count(deps, () => People.findByEmail(deps, DEMO_REGION, "dcs@derby.example.org")),
      peopleOfAuthority: await count(deps, () => People.listByAuthority(deps, "E06000015")),
      reimportContactsUnchanged: await count(deps, () => People.importContacts(deps, { regionId: DEMO_REGION, csv: demoContactsCsv(las), actor })),
      createCycle: await count(deps, () => Cycle.create(deps, { regionId: "london", year: 2026, actor })),
      getCycle: await count(deps, () => Cycle.get(deps, "east-midlands-2026")),
      openSubmissionExisting: await count(deps, () => Submission.open(deps, { cycleId: "east-midlands-2026", regionId: DEMO_REGION, form: "self-evaluation", authority: "E06000015", templateVersion: 1 })),
      saveDraftCore: await count(deps, async () => {
        version = (await Submission.saveDraft(deps, { id: sub.id, expectedVersion: version, answers: { strengths: "x" }, actor })).version;
      }),
      submitCore: await count(deps, () => Submission.submit(deps, { id: sub.id, expectedVersion: version, actor })),
      loadReferenceAgain: await count(deps, () => Region.loadReference(deps)),
    };
  });
}
