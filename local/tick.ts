/**
 * `npm run tick -- --at 2026-10-24T09:00`: run the scheduled step once at a chosen (simulated)
 * time, against the running `npm start` stack (or, if it is not running, against `.local/`
 * directly). The same function the Cron and the local interval call.
 */
import { parseArgs } from "node:util";
import { createLogger, fixedClock, loadConfig } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable } from "@riia/core/adapters";
import { seed } from "./seed";
import { runScheduled } from "@riia/functions/scheduled";
import { LOCAL_DIR, localEnvironment, localPorts } from "./config";
import { sesHealthProbe, startStandIns, type StandIns } from "./stand-ins";
import { join } from "node:path";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = parseArgs({ options: { at: { type: "string" } } });
const at = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(at.getTime())) {
  process.stderr.write(`"${values.at}" is not a date. Use e.g. --at 2026-10-24T09:00:00Z\n`);
  process.exit(2);
}

const running = {
  dynamodb: `http://127.0.0.1:${localPorts.dynamodb}`,
  s3: `http://127.0.0.1:${localPorts.s3}`,
  ses: `http://127.0.0.1:${localPorts.ses}`,
};
let own: StandIns | undefined;
const up = await fetch(`${running.ses}/health-check`).then(
  (r) => r.ok,
  () => false,
);
if (!up) own = await startStandIns({ dynamodbPath: join(LOCAL_DIR, "dynamodb"), s3Directory: join(LOCAL_DIR, "s3") });
const endpoints = own?.endpoints ?? running;
const config = loadConfig({ ...localEnvironment(endpoints), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
const deps = createAwsDeps(config, {
  clock: fixedClock(at),
  log: createLogger({ level: config.logLevel }),
  mailerPing: sesHealthProbe(endpoints.ses),
});
try {
  if (own) {
    // Not running: work on .local/ directly, set up as `npm start` would.
    await ensureTable(deps.clients.dynamodb, config.tableName);
    await ensureBucket(deps.clients.s3, config.bucketName);
    await seed(deps);
  }
  const result = await runScheduled(deps);
  process.stdout.write(`Tick at ${result.at} (run ${result.runs}):\n${JSON.stringify(result.steps, null, 2)}\n`);
} finally {
  await own?.stop();
}
