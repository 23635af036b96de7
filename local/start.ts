/**
 * `npm start`: the whole of riia on this machine, on 127.0.0.1 only, with a seeded demo region.
 * Data lives under `.local/` and survives a restart. Ctrl-C stops everything cleanly.
 */
import { LOCAL_DIR, localPorts } from "./config";
import { startLocalStack } from "./stack";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const started = performance.now();
const stack = await startLocalStack({
  dataDir: LOCAL_DIR,
  ports: localPorts,
  tickIntervalMs: Number(process.env.RIIA_TICK_INTERVAL_MS ?? 60_000),
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const lines = [
  "",
  `riia is running (up in ${seconds} s). Data: ${LOCAL_DIR}`,
  "",
  `  App            ${stack.urls.app}`,
  `  Health         ${stack.urls.health}`,
  `  OpenAPI        ${stack.urls.openapi}`,
  `  API reference  ${stack.urls.docs}`,
  `  Sent mail      ${stack.urls.mail}  (JSON: ${stack.urls.mail}store)`,
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
