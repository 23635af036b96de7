import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createLogger, fixedClock, loadConfig, type Clock, type OutboundEmail } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable, type AwsDeps } from "@riia/core/adapters";
import { localEnvironment } from "../../local/config";
import { sesHealthProbe, sentMail } from "../../local/stand-ins";

/** Unique, valid table/bucket name for one test file (or one test). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`.toLowerCase();
}

/** The environment `loadConfig` reads, pointing at this run's stand-ins with a fresh table and bucket. */
export function testEnvironment(name = uniqueName("t")): Record<string, string> {
  const endpoints = inject("endpoints");
  return {
    ...localEnvironment(endpoints),
    RIIA_STAGE: "test",
    RIIA_TABLE: name,
    RIIA_BUCKET: name,
    RIIA_APP_SECRET: randomBytes(32).toString("base64url"),
    RIIA_BASE_URL: "http://riia.test",
    // Every file sends from its own address, so what it reads back from the shared mail stand-in is its own.
    RIIA_MAIL_FROM: `riia+${name}@mail.riia.example.org`,
    LOG_LEVEL: "silent",
    // Tests share one fixed clock and sign the same people in many times: limits are tested with their defaults
    // in test/integration/limits.test.ts, which removes these.
    RIIA_LIMIT_SIGN_IN_PER_HOUR: "10000",
    RIIA_LIMIT_API_PER_TOKEN_PER_MINUTE: "100000",
    RIIA_LIMIT_API_PER_IP_PER_MINUTE: "100000",
  };
}

/** The sender addresses of this file's deps (vitest gives each test file its own module instance). */
const ownSenders = new Set<string>();

/** Deps on the stand-ins with a table and bucket of their own. */
export async function testDeps(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<AwsDeps> {
  const env = options.env ?? testEnvironment();
  const config = loadConfig(env);
  ownSenders.add(config.mailFrom.toLowerCase());
  const deps = createAwsDeps(config, {
    clock: options.clock ?? fixedClock("2026-09-01T09:00:00Z"),
    log: createLogger({ level: "silent" }),
    mailerPing: sesHealthProbe(inject("endpoints").ses),
  });
  await ensureTable(deps.clients.dynamodb, config.tableName);
  await ensureBucket(deps.clients.s3, config.bucketName);
  deps.ddbCalls.reset();
  return deps;
}

/** Mail the SES stand-in holds for one recipient, sent by this file's deps (the store is shared by every file). */
export async function mailTo(address: string) {
  const all = await sentMail(inject("endpoints").ses);
  const ours = (from: string) => [...ownSenders].some((s) => from.toLowerCase().includes(s));
  return all.filter(
    (m) => ours(m.from) && m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())),
  );
}

/** Deps whose mailer also records every email sent (and whose send budget never waits), for tests that read what went out. */
export function recordingMailer(base: AwsDeps): { deps: AwsDeps; sent: OutboundEmail[] } {
  const sent: OutboundEmail[] = [];
  const deps: AwsDeps = {
    ...base,
    config: { ...base.config, sesMaxSendRate: 1000 },
    mailer: { ping: () => base.mailer.ping(), send: async (e) => (sent.push(e), base.mailer.send(e)) },
  };
  return { deps, sent };
}
