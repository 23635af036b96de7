/**
 * A cold start as a person meets it: module init and the first request together, as well as apart. Each bundle is
 * imported in a fresh process (request-probe.mjs) and sent one request against the DynamoDB stand-in running here,
 * seeded with the demo's data; the floor (Hono + the document client) reads one item the same way.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, fixedClock, loadConfig } from "@riia/core";
import { createAwsDeps, ensureBucket, ensureTable } from "@riia/core/adapters";
import { localEnvironment } from "../local/config";
import { seed } from "../local/seed";
import { startStandIns } from "../local/stand-ins";
import { median } from "./results";

export interface Probe {
  initMs: number;
  firstMs: number;
  warmMs: number;
}
export type Side = "pages" | "lead" | "api" | "floor";
export type ColdRequests = Record<Side, Probe>;

/** What each function is asked first: a public page, the console's sign-in page, a list from the API, one item. */
export const FIRST_REQUEST: Record<Side, string> = {
  pages: "/",
  lead: "/sign-in",
  api: "/api/regions",
  floor: "/item/x",
};

const PROBE = fileURLToPath(new URL("./request-probe.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Start the stand-ins, seed them, and give `fn` the environment the functions' processes read. */
export async function withColdStack<T>(base: Record<string, string>, fn: (env: Record<string, string>) => T) {
  const dir = mkdtempSync(join(tmpdir(), "riia-cold-"));
  const standIns = await startStandIns({ s3Directory: join(dir, "s3") });
  try {
    const local = localEnvironment(standIns.endpoints);
    const env = {
      ...local,
      ...base,
      RIIA_DYNAMODB_ENDPOINT: standIns.endpoints.dynamodb,
      RIIA_S3_ENDPOINT: standIns.endpoints.s3,
      RIIA_SES_ENDPOINT: standIns.endpoints.ses,
      AWS_ENDPOINT_URL_DYNAMODB: standIns.endpoints.dynamodb,
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      TABLE: base.RIIA_TABLE ?? "bench",
    };
    const config = loadConfig({ ...local, ...base, LOG_LEVEL: "silent" });
    const deps = createAwsDeps(config, { clock: fixedClock(new Date()), log: createLogger({ level: "silent" }) });
    await ensureTable(deps.clients.dynamodb, config.tableName);
    await ensureBucket(deps.clients.s3, config.bucketName);
    await seed(deps);
    return await fn(env);
  } finally {
    await standIns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Asynchronous, so the stand-in in this process answers the probe's requests while it runs. With `compileCache`,
 * Node's module compile cache in that folder (NODE_COMPILE_CACHE, portable so it does not depend on where the
 * bundle lies): the first such run writes it, as a deploy step would beside the bundle, and later runs read it.
 */
export async function probe(
  file: string,
  side: Side,
  env: Record<string, string>,
  compileCache?: string,
): Promise<Probe> {
  const cache = compileCache ? { NODE_COMPILE_CACHE: compileCache, NODE_COMPILE_CACHE_PORTABLE: "1" } : {};
  const { stdout } = await promisify(execFile)(process.execPath, [PROBE, file, FIRST_REQUEST[side]], {
    env: { PATH: process.env.PATH, ...env, ...cache },
    cwd: ROOT,
  });
  return JSON.parse(stdout) as Probe;
}

/** Per function: init, first request and both together against the floor's, each the median of rounds' ratios. */
export function summariseCold(rounds: ColdRequests[], cached: ColdRequests[]) {
  const ratio = (side: Side, f: (p: Probe) => number) =>
    Number(median(rounds.map((r) => f(r[side]) / f(r.floor))).toFixed(2));
  const ms = (side: Side, f: (p: Probe) => number) => Number(median(rounds.map((r) => f(r[side]))).toFixed(1));
  const cold = (p: Probe) => p.initMs + p.firstMs;
  const of = (side: Side) => ({
    initMs: ms(side, (p) => p.initMs),
    firstRequestMs: ms(side, (p) => p.firstMs),
    warmRequestMs: ms(side, (p) => p.warmMs),
    initPlusFirstMs: ms(side, cold),
    initRatio: ratio(side, (p) => p.initMs),
    initPlusFirstRatio: ratio(side, cold),
    firstVsWarm: Number(median(rounds.map((r) => r[side].firstMs / r[side].warmMs)).toFixed(2)),
    // With a compile cache: init and init + first request against the floor's with one too, and against its own
    // without (the same round, so the machine's drift cancels).
    cachedInitMs: Number(median(cached.map((r) => r[side].initMs)).toFixed(1)),
    cachedInitRatio: Number(median(cached.map((r) => r[side].initMs / r.floor.initMs)).toFixed(2)),
    cachedInitPlusFirstRatio: Number(median(cached.map((r) => cold(r[side]) / cold(r.floor))).toFixed(2)),
    cachedVsPlainInit: Number(median(cached.map((r, i) => r[side].initMs / rounds[i]![side].initMs)).toFixed(2)),
  });
  return { pages: of("pages"), console: of("lead"), api: of("api"), floor: of("floor") };
}

type Print = (rows: [string, number | string, string?][]) => void;

/** Print the cold-start figures beside #32's goals (init ≤ 1.3× the floor for each function). */
export function printCold(cold: ReturnType<typeof summariseCold>, print: Print) {
  const sides = [
    ["pages", cold.pages, FIRST_REQUEST.pages],
    ["console", cold.console, FIRST_REQUEST.lead],
    ["API", cold.api, FIRST_REQUEST.api],
  ] as const;
  process.stdout.write(
    `\nCold starts: init, then the first request against the DynamoDB stand-in (CPU ms; floor: one item, ${cold.floor.initMs} + ${cold.floor.firstRequestMs} ms)\n`,
  );
  print(
    sides.flatMap(([name, s, path]) => [
      [`${name} init ÷ floor`, s.initRatio, "≤ 1.3"],
      [`${name} first request (GET ${path}) ms; warm ms`, `${s.firstRequestMs}; ${s.warmRequestMs}`],
      [`${name} init + first request ÷ floor's`, s.initPlusFirstRatio],
      [`${name} with a compile cache: init ÷ plain init`, s.cachedVsPlainInit],
      [`${name} with a compile cache: init ÷ floor's (cached too)`, s.cachedInitRatio],
    ]),
  );
}
