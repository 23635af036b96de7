/**
 * The three HTTP functions (pages from emailed links, the lead console, the API) as SST bundles them: their sizes,
 * their module initialisation against the fair floor (a Hono handler with the DynamoDB document client, bundled the
 * same way), and the first page render after a cold start against a warm one. Every figure is the median of fresh
 * processes, interleaved so machine noise hits every side, and each ratio the median of the rounds' own ratios; init
 * is CPU time (see request-probe.mjs). Each process also answers its first request and then the same one warm
 * (cold-request.ts), so init and the first request are reported together as well as apart, and each bundle runs
 * again with Node's module compile cache. The goal figures are the worst of the three functions.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleHttpFunctions, bundleInto } from "./bundle";
import { FUNCTION_ENV } from "./function-env";
import { median } from "./results";
import { probe, summariseCold, withColdStack, type ColdRequests } from "./cold-request";

const OUT = fileURLToPath(new URL("./.out/", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function run<T>(script: string, file: string): T {
  const out = execFileSync(process.execPath, [here(script), file], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENV },
    cwd: ROOT,
  });
  return JSON.parse(out.toString()) as T;
}
const initCpu = (file: string) => run<{ cpuMs: number }>("./init-probe.mjs", file).cpuMs;

export async function benchHttp(runs = 15) {
  const { pages, api, lead, floor } = await bundleHttpFunctions(OUT);
  const render = await bundleInto(OUT, "./first-render.ts", "first-render");
  return withColdStack(FUNCTION_ENV, (env) => measure({ pages, lead, api, floor, render }, env, runs));
}

type Bundles = Record<
  "pages" | "lead" | "api" | "floor" | "render",
  { bytes: number; startBytes: number; outfile: string }
>;

async function measure(bundles: Bundles, env: Record<string, string>, runs: number) {
  const { pages, lead, api, floor, render } = bundles;
  // Warm the OS file cache once for each, then interleave the measured runs.
  for (const b of [pages, lead, api, floor]) initCpu(b.outfile);
  const ms = {
    pages: [] as number[],
    lead: [] as number[],
    api: [] as number[],
    floor: [] as number[],
    first: [] as number[],
  };
  const warmMs: number[] = [];
  const cold: ColdRequests[] = [];
  const cached: ColdRequests[] = [];
  // Each bundle's compile cache, written by one run as a deploy step would (bench/.out/<name>.cache/).
  const cacheOf = (file: string) => file.replace(/\.mjs$/, ".cache");
  for (const [side, b] of [
    ["pages", pages],
    ["lead", lead],
    ["api", api],
    ["floor", floor],
  ] as const) {
    rmSync(cacheOf(b.outfile), { recursive: true, force: true });
    await probe(b.outfile, side, env, cacheOf(b.outfile));
  }
  for (let i = 0; i < runs; i++) {
    // Each bundle in a fresh process: its init, then its first request and the same request warm.
    const round = {
      pages: await probe(pages.outfile, "pages", env),
      lead: await probe(lead.outfile, "lead", env),
      api: await probe(api.outfile, "api", env),
      floor: await probe(floor.outfile, "floor", env),
    };
    cold.push(round);
    cached.push({
      pages: await probe(pages.outfile, "pages", env, cacheOf(pages.outfile)),
      lead: await probe(lead.outfile, "lead", env, cacheOf(lead.outfile)),
      api: await probe(api.outfile, "api", env, cacheOf(api.outfile)),
      floor: await probe(floor.outfile, "floor", env, cacheOf(floor.outfile)),
    });
    ms.pages.push(round.pages.initMs);
    ms.lead.push(round.lead.initMs);
    ms.api.push(round.api.initMs);
    ms.floor.push(round.floor.initMs);
    const r = run<{ firstMs: number; warmMs: number }>("./render-probe.mjs", render.outfile);
    ms.first.push(r.firstMs);
    warmMs.push(r.warmMs);
  }
  const [p, l, a, f] = [median(ms.pages), median(ms.lead), median(ms.api), median(ms.floor)];
  // Each round's own ratio, then the median: the machine's speed drifts between rounds (the floor alone moves by
  // ±10 % from run to run here), and a round's processes run back to back, so the drift cancels within it.
  const vsFloor = (xs: number[]) => median(xs.map((x, i) => x / ms.floor[i]!));
  const [rp, rl, ra] = [vsFloor(ms.pages), vsFloor(ms.lead), vsFloor(ms.api)];
  const firstVsWarm = median(ms.first.map((x, i) => x / warmMs[i]!));
  const kb = (bytes: number) => Math.round(bytes / 1024);
  return {
    httpBundleKB: Math.max(kb(pages.bytes), kb(lead.bytes), kb(api.bytes)),
    pagesBundleKB: kb(pages.bytes),
    consoleBundleKB: kb(lead.bytes),
    apiBundleKB: kb(api.bytes),
    floorBundleKB: kb(floor.bytes),
    // What a start loads: the entry and the chunks it imports statically (route groups wait for their first request).
    pagesStartKB: kb(pages.startBytes),
    consoleStartKB: kb(lead.startBytes),
    apiStartKB: kb(api.startBytes),
    pagesInitCpuMs: Number(p.toFixed(1)),
    consoleInitCpuMs: Number(l.toFixed(1)),
    apiInitCpuMs: Number(a.toFixed(1)),
    floorInitCpuMs: Number(f.toFixed(1)),
    initRatioVsFloor: Number(Math.max(rp, rl, ra).toFixed(2)),
    pagesInitRatio: Number(rp.toFixed(2)),
    consoleInitRatio: Number(rl.toFixed(2)),
    apiInitRatio: Number(ra.toFixed(2)),
    firstRenderMs: Number(median(ms.first).toFixed(1)),
    warmRenderMs: Number(median(warmMs).toFixed(2)),
    firstRenderRatio: Number(firstVsWarm.toFixed(2)),
    cold: summariseCold(cold, cached),
    runs,
  };
}
