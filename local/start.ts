/**
 * `npm start`: the whole of riia on this machine, on 127.0.0.1 only, with a seeded demo region.
 * Data lives under `.local/` and survives a restart. Ctrl-C stops everything cleanly.
 *
 *   npm start                    the shared data in .local/ (seeded once, on first start, dated from that day)
 *   npm start -- --reset         delete .local/ first and start afresh
 *   npm start -- --simulated     serve the copy `npm run tick -- --at …` made, clock running from that moment
 *   npm start -- --data <dir>    serve another data folder (e.g. demo-output/data), clock from its clock.json
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { offsetClock } from "@riia/core";
import { LOCAL_DIR, localPorts } from "./config";
import { hasCopy, SIM_DIR, simulatedAt } from "./simulated";
import { startLocalStack } from "./stack";

const { values } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    simulated: { type: "boolean", default: false },
    data: { type: "string" },
  },
});
if (values.reset) {
  rmSync(LOCAL_DIR, { recursive: true, force: true });
  process.stdout.write(`Deleted ${LOCAL_DIR}: starting afresh.\n`);
}
if (values.simulated && !hasCopy()) {
  process.stderr.write("There is no simulated copy yet. Make one with: npm run tick -- --at 2027-01-15T09:00:00Z\n");
  process.exit(2);
}
const other = values.data ? resolve(values.data) : values.simulated ? SIM_DIR : undefined;
if (other && !existsSync(other)) {
  process.stderr.write(`There is no data folder at ${other}.\n`);
  process.exit(2);
}
const dataDir = other ?? LOCAL_DIR;
const at = other ? simulatedAt(other) : undefined;
const offset = at ? at.getTime() - Date.now() : 0;

const started = performance.now();
const stack = await startLocalStack({
  dataDir,
  ports: localPorts,
  tickIntervalMs: Number(process.env.RIIA_TICK_INTERVAL_MS ?? 60_000),
  clock: at ? offsetClock(() => offset) : undefined,
  // Another folder is served as it is: only the shared data is seeded.
  seed: !other,
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const lines = [
  "",
  `riia is running (up in ${seconds} s). Data: ${dataDir}`,
  ...(stack.seeded?.seeded === false
    ? [`Your data as you left it (seeded once, on ${stack.seeded.seededAt.slice(0, 10)}; a restart changes nothing).`]
    : []),
  ...(at ? [`SIMULATED: the clock runs from ${at.toISOString()}; ${LOCAL_DIR} is untouched.`] : []),
  "",
  `  Start here     ${stack.urls.app}/`,
  `  Sign in        ${stack.urls.app}/sign-in  (regional lead: lead@em-riia.example.org)`,
  `  Health         ${stack.urls.health}`,
  `  API reference  ${stack.urls.docs}  (OpenAPI: ${stack.urls.openapi})`,
  `  Sent mail      ${stack.urls.mail}  (JSON: ${stack.urls.mail}store; kept in ${dataDir}/mail)`,
  `  Inbound SMTP   ${stack.urls.smtp}`,
  `  DynamoDB       ${stack.standIns.endpoints.dynamodb}`,
  `  S3             ${stack.standIns.endpoints.s3}`,
  "",
  "Press Ctrl-C to stop.",
  "",
];
process.stdout.write(lines.join("\n"));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await stack.stop();
  process.stdout.write("Stopped.\n");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
