/**
 * `npm run tick`: run the scheduled step once, the same function the Cron and the local interval call.
 *
 *   npm run tick                                   now, on the shared data (as npm start's interval does)
 *   npm run tick -- --at 2027-01-15T09:00:00Z      at a simulated moment, on a fresh COPY of .local/
 *   npm run tick -- --at 2027-02-01 --continue     again on the same copy, later still
 *
 * A simulated tick never changes `.local/`: look at its outcome with `npm start -- --simulated`.
 */
import { parseArgs } from "node:util";
import { createLogger, fixedClock, loadConfig, systemClock, type Clock } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable } from "@riia/core/adapters";
import { runScheduled } from "@riia/functions/scheduled";
import { join } from "node:path";
import { seed } from "./seed";
import { LOCAL_DIR, localEnvironment, localPorts } from "./config";
import { freshCopy, hasCopy, recordSimulatedAt, SIM_DIR, simulatedAt } from "./simulated";
import { sesHealthProbe, startStandIns, type StandIns } from "./stand-ins";

const { values } = parseArgs({
  options: { at: { type: "string" }, continue: { type: "boolean", default: false } },
});
const at = values.at ? new Date(values.at) : undefined;
if (at && Number.isNaN(at.getTime())) {
  process.stderr.write(`"${values.at}" is not a date. Use e.g. --at 2027-01-15T09:00:00Z\n`);
  process.exit(2);
}
const before = values.continue ? simulatedAt() : undefined;
if (at && before && at < before) {
  process.stderr.write(`The copy has already been ticked at ${before.toISOString()}; time does not run backwards.\n`);
  process.exit(2);
}

const running = {
  dynamodb: `http://127.0.0.1:${localPorts.dynamodb}`,
  s3: `http://127.0.0.1:${localPorts.s3}`,
  ses: `http://127.0.0.1:${localPorts.ses}`,
};
let own: StandIns | undefined;
let dataDir = LOCAL_DIR;
if (at) {
  if (!values.continue || !hasCopy()) freshCopy();
  dataDir = SIM_DIR;
  own = await startStandIns({ ...parts(dataDir), ports: {} });
} else {
  const up = await fetch(`${running.ses}/health-check`).then(
    (r) => r.ok,
    () => false,
  );
  if (!up) own = await startStandIns({ ...parts(dataDir), ports: {} });
}
const endpoints = own?.endpoints ?? running;
const config = loadConfig({ ...localEnvironment(endpoints), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
const deps = (clock: Clock) =>
  createAwsDeps(config, {
    clock,
    log: createLogger({ level: config.logLevel }),
    mailerPing: sesHealthProbe(endpoints.ses),
  });
try {
  if (own) {
    // Not running (or a copy): set up as `npm start` would; a first seeding is dated from today, not --at.
    const setup = deps(systemClock);
    await ensureTable(setup.clients.dynamodb, config.tableName);
    await ensureBucket(setup.clients.s3, config.bucketName);
    await seed(setup, { calendar: "today" });
  }
  const result = await runScheduled(deps(at ? fixedClock(at) : systemClock));
  if (result.skipped) process.stdout.write(`Tick at ${result.at}: nothing done, ${result.skipped}.\n`);
  else process.stdout.write(`Tick at ${result.at} (run ${result.runs}):\n${JSON.stringify(result.steps, null, 2)}\n`);
  if (at) {
    recordSimulatedAt(at);
    process.stdout.write(
      `\nThat ran on a copy in ${SIM_DIR}; ${LOCAL_DIR} is unchanged.\n` +
        "Look around at that date with: npm start -- --simulated (stop npm start first: same ports)\n",
    );
  }
} finally {
  await own?.stop();
}

function parts(dir: string) {
  return {
    dynamodbPath: join(dir, "dynamodb"),
    s3Directory: join(dir, "s3"),
    mailFile: join(dir, "mail", "sent.jsonl"),
  };
}
