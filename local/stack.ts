/**
 * The whole local stack in one call: stand-ins, table and bucket, deps, SMTP inbound, the app on
 * HTTP, and the scheduled step on an interval. `npm start` uses it; so does the e2e test.
 */
import { serve, type ServerType } from "@hono/node-server";
import { loadConfig, type Clock } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable, type AwsDeps } from "@riia/core/adapters";
import { createApp } from "@riia/functions/app";
import { runScheduled } from "@riia/functions/scheduled";
import { createServer } from "node:net";
import { join } from "node:path";
import { localEnvironment } from "./config";
import { sesHealthProbe, startStandIns, type StandIns } from "./stand-ins";
import { startSmtp, type LocalSmtp } from "./smtp-inbound";
import { seed, type SeedOptions, type SeedResult } from "./seed";

export interface LocalStackOptions {
  dataDir?: string;
  ports: { app: number; dynamodb: number; s3: number; ses: number; smtp: number };
  tickIntervalMs?: number;
  clock?: Clock;
  /** Load reference data and the demo region. */
  seed?: boolean;
  /** How the demo region's current cycle is dated (see `seed`): from today (default) or the region's calendar. */
  seedCalendar?: SeedOptions["calendar"];
}

export interface LocalStack {
  deps: AwsDeps;
  standIns: StandIns;
  smtp: LocalSmtp;
  urls: { app: string; health: string; openapi: string; docs: string; mail: string; smtp: string };
  /** What seeding did: seeded the folder now, or found it seeded already (a restart writes nothing). */
  seeded?: SeedResult;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (asked of the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = options.dataDir;
  const standIns = await startStandIns({
    dynamodbPath: dataDir ? join(dataDir, "dynamodb") : undefined,
    s3Directory: dataDir
      ? join(dataDir, "s3")
      : join(process.env.TMPDIR ?? "/tmp", `riia-s3-${process.pid}-${Date.now()}`),
    ports: options.ports,
    mailFile: dataDir ? join(dataDir, "mail", "sent.jsonl") : undefined,
  });
  // Links in emails carry the app's address, so the port must be known before the config is.
  const appPort = options.ports.app || (await freePort());
  const config = loadConfig(localEnvironment(standIns.endpoints, appPort));
  const deps = createAwsDeps(config, { clock: options.clock, mailerPing: sesHealthProbe(standIns.endpoints.ses) });
  await ensureTable(deps.clients.dynamodb, config.tableName);
  await ensureBucket(deps.clients.s3, config.bucketName);
  const seeded = options.seed !== false ? await seed(deps, { calendar: options.seedCalendar ?? "today" }) : undefined;

  const smtp = await startSmtp(deps, options.ports.smtp);
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: appPort, hostname: "127.0.0.1" }, () => resolve(s));
  });

  let ticking = false;
  const tick = async () => {
    if (ticking) return; // never overlap runs locally; on AWS the step is idempotent anyway
    ticking = true;
    try {
      await runScheduled(deps);
    } catch (err) {
      deps.log.error({ err }, "local tick failed");
    } finally {
      ticking = false;
    }
  };
  const timer = options.tickIntervalMs ? setInterval(tick, options.tickIntervalMs) : undefined;
  if (options.tickIntervalMs) void tick();

  const app_ = `http://localhost:${appPort}`;
  return {
    deps,
    standIns,
    smtp,
    seeded,
    urls: {
      app: app_,
      health: `${app_}/health`,
      openapi: `${app_}/openapi.json`,
      docs: `${app_}/docs`,
      mail: `${standIns.endpoints.ses}/`,
      smtp: `smtp://127.0.0.1:${smtp.port}`,
    },
    async stop() {
      if (timer) clearInterval(timer);
      while (ticking) await new Promise((r) => setTimeout(r, 20));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await smtp.stop();
      await standIns.stop();
    },
  };
}
