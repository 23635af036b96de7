/**
 * DynamoDB round trips per store operation, counted by the client middleware
 * (`countDynamoCalls`) against dynalite. Deterministic: the same code makes the same calls.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Audit, Cycle, fixedClock, loadConfig, People, Region, Submission, createLogger } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable, type AwsDeps } from "@riia/core/adapters";
import { localEnvironment } from "../local/config";
import { seed, demoContactsCsv, DEMO_REGION } from "../local/seed";
import { sesHealthProbe, startStandIns } from "../local/stand-ins";

export async function withBenchStack<T>(
  fn: (deps: AwsDeps) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "riia-bench-"));
  const standIns = await startStandIns({ s3Directory: join(dir, "s3") });
  try {
    const config = loadConfig({
      ...localEnvironment(standIns.endpoints),
      RIIA_TABLE: "bench",
      RIIA_BUCKET: "bench",
      RIIA_APP_SECRET: "b".repeat(40),
      LOG_LEVEL: "silent",
      ...env,
    });
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

/**
 * Round trips of the three form requests, through HTTP exactly as a browser makes them:
 * a section page, a draft save, and the submission (which also sends the confirmation email).
 */
export async function benchFormCalls(): Promise<Record<string, number>> {
  const { createApp } = await import("../functions/src/app");
  const { linkFor } = await import("../local/form-link");
  const { FormService, sendSubmissionConfirmation } = await import("@riia/forms");
  return withBenchStack(async (deps) => {
    await seed(deps);
    const app = createApp(deps);
    const { token } = await linkFor(deps, { email: "dcs@derby.example.org", form: "core-dataset" });
    await app.request(`/f/${token}`); // first visit creates the draft
    const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
    const post = (path: string, fields: Record<string, string>) =>
      app.request(path, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
      });
    const sections: Record<string, Record<string, string>> = {
      quarter: { "q.quarter": "q2" },
      "front-door": { "q.referrals": "120.5", "q.re-referrals": "21.3" },
      "need-protection": { "q.cin": "330", "q.cpp": "42.1" },
      care: { "q.cla": "70", "q.care-leavers-eet": "55" },
      workforce: { "q.turnover": "15", "q.agency": "12", "q.vacancy": "14", "q.caseload": "17" },
    };
    let html = "";
    const formPage = await count(deps, async () => {
      html = await (await app.request(`/f/${token}/s/quarter`)).text();
    });
    const saveDraft = await count(deps, async () => {
      const res = await post(`/f/${token}/s/quarter`, {
        csrf: field(html, "csrf"),
        version: field(html, "version"),
        seen: field(html, "seen"),
        action: "draft",
        ...sections.quarter,
      });
      if (res.status !== 303) throw new Error(`save failed: ${res.status}`);
    });
    for (const [id, fields] of Object.entries(sections).slice(1)) {
      const page = await (await app.request(`/f/${token}/s/${id}`)).text();
      await post(`/f/${token}/s/${id}`, {
        csrf: field(page, "csrf"),
        version: field(page, "version"),
        seen: field(page, "seen"),
        action: "continue",
        ...fields,
      });
    }
    const check = await (await app.request(`/f/${token}/check`)).text();
    const submitAll = await count(deps, async () => {
      const res = await post(`/f/${token}/submit`, {
        csrf: field(check, "csrf"),
        version: field(check, "version"),
        declaration: "yes",
      });
      if (res.status !== 303) throw new Error(`submit failed: ${res.status}`);
    });
    // The confirmation email's own share, measured on its own for a second, identical submission.
    const session = await FormService.openSession(deps, token);
    const confirmationEmail = await count(deps, () =>
      sendSubmissionConfirmation(deps, session, { ...session.submission, version: session.submission.version + 100 }),
    );
    return {
      formPage,
      saveDraft,
      submit: submitAll - confirmationEmail,
      submitIncludingConfirmationEmail: submitAll,
      confirmationEmail,
    };
  });
}

export async function benchStoreCalls(): Promise<Record<string, number>> {
  return withBenchStack(async (deps) => {
    await seed(deps);
    const actor: Audit.Actor = { kind: "person", id: "p-bench", name: "Bench" };
    const las = await Region.authorities(deps, DEMO_REGION);
    const sub = await Submission.open(deps, {
      cycleId: "east-midlands-2026",
      regionId: DEMO_REGION,
      form: "self-evaluation",
      authority: "E06000015",
      templateVersion: 1,
    });
    let version = sub.version;
    return {
      listRegions: await count(deps, () => Region.list(deps)),
      getRegion: await count(deps, () => Region.get(deps, DEMO_REGION)),
      regionAuthorities: await count(deps, () => Region.authorities(deps, DEMO_REGION)),
      personByEmail: await count(deps, () => People.findByEmail(deps, DEMO_REGION, "dcs@derby.example.org")),
      peopleOfAuthority: await count(deps, () => People.listByAuthority(deps, "E06000015")),
      reimportContactsUnchanged: await count(deps, () =>
        People.importContacts(deps, { regionId: DEMO_REGION, csv: demoContactsCsv(las), actor }),
      ),
      createCycle: await count(deps, () => Cycle.create(deps, { regionId: "london", year: 2026, actor })),
      getCycle: await count(deps, () => Cycle.get(deps, "east-midlands-2026")),
      openSubmissionExisting: await count(deps, () =>
        Submission.open(deps, {
          cycleId: "east-midlands-2026",
          regionId: DEMO_REGION,
          form: "self-evaluation",
          authority: "E06000015",
          templateVersion: 1,
        }),
      ),
      saveDraftCore: await count(deps, async () => {
        version = (
          await Submission.saveDraft(deps, { id: sub.id, expectedVersion: version, answers: { strengths: "x" }, actor })
        ).version;
      }),
      submitCore: await count(deps, () => Submission.submit(deps, { id: sub.id, expectedVersion: version, actor })),
      loadReferenceAgain: await count(deps, () => Region.loadReference(deps)),
    };
  });
}
