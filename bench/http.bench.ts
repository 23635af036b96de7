/**
 * The http function as SST bundles it: its size, its module initialisation against the fair floor
 * (a Hono handler with the DynamoDB document client, bundled the same way), and the first page
 * render after a cold start against a warm one. Every figure is the median of fresh processes,
 * interleaved so machine noise hits both sides; init is CPU time (see init-probe.mjs).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleLikeSst } from "./bundle";
import { median } from "./results";

const OUT = fileURLToPath(new URL("./.out/", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Environment the http function's config needs at init (no network is touched at init). */
const FUNCTION_ENV = {
  RIIA_STAGE: "bench",
  AWS_REGION: "eu-west-2",
  RIIA_TABLE: "bench",
  RIIA_BUCKET: "bench",
  RIIA_APP_SECRET: "b".repeat(32),
  RIIA_MAIL_FROM: "riia@mail.example.org",
  RIIA_INBOUND_DOMAIN: "reply.example.org",
  RIIA_BASE_URL: "https://riia.example.org",
  LOG_LEVEL: "silent",
};

function run<T>(script: string, file: string): T {
  const out = execFileSync(process.execPath, [here(script), file], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENV },
    cwd: ROOT,
  });
  return JSON.parse(out.toString()) as T;
}
const initCpu = (file: string) => run<{ cpuMs: number }>("./init-probe.mjs", file).cpuMs;

export async function benchHttp(runs = 15) {
  mkdirSync(OUT, { recursive: true });
  const http = await bundleLikeSst(here("../functions/src/http.ts"), `${OUT}http.mjs`);
  const floor = await bundleLikeSst(here("./floor-hono-ddb.ts"), `${OUT}floor-hono-ddb.mjs`);
  const render = await bundleLikeSst(here("./first-render.ts"), `${OUT}first-render.mjs`);
  // Warm the OS file cache once for each, then interleave the measured runs.
  initCpu(http.outfile);
  initCpu(floor.outfile);
  const httpMs: number[] = [];
  const floorMs: number[] = [];
  const firstMs: number[] = [];
  const warmMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    httpMs.push(initCpu(http.outfile));
    floorMs.push(initCpu(floor.outfile));
    const r = run<{ firstMs: number; warmMs: number }>("./render-probe.mjs", render.outfile);
    firstMs.push(r.firstMs);
    warmMs.push(r.warmMs);
  }
  const h = median(httpMs);
  const f = median(floorMs);
  return {
    httpBundleKB: Math.round(http.bytes / 1024),
    floorBundleKB: Math.round(floor.bytes / 1024),
    httpInitCpuMs: Number(h.toFixed(1)),
    floorInitCpuMs: Number(f.toFixed(1)),
    initRatioVsFloor: Number((h / f).toFixed(2)),
    firstRenderMs: Number(median(firstMs).toFixed(1)),
    warmRenderMs: Number(median(warmMs).toFixed(2)),
    firstRenderRatio: Number((median(firstMs) / median(warmMs)).toFixed(2)),
    runs,
  };
}
