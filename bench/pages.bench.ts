/**
 * The two heaviest console pages, warm, on the demo's data (the seed: 153 LAs, 8 quarters of the core dataset, the
 * nine regions' cycles), through HTTP as a signed-in person asks for them: the region's figures page (the heat map,
 * `/lead/dataset/:regionId`, as the region's lead) and the national view (`/lead/national`, as a national adviser).
 * Wall time of the whole request against dynalite in this process (the median of warm requests after two to warm
 * up), its CPU time (this process's, so dynalite's work is in it: steadier than wall time on a shared machine) and
 * the DynamoDB calls one request makes.
 */
import { Access, People, Quarters, Sessions } from "@riia/core";
import type { AwsDeps } from "@riia/core/adapters";
import { seed } from "../local/seed";
import { DETERIORATING_REGION } from "../local/seed-dataset";
import { count, withBenchStack } from "./ddb.bench";
import { median } from "./results";

async function sessionCookie(deps: AwsDeps, regionId: string, email: string) {
  const person = await People.findByEmail(deps, regionId, email);
  if (!person) throw new Error(`${email} is not seeded`);
  return `riia_session=${await Sessions.start(deps, person, 1)}`;
}

async function timePage(deps: AwsDeps, get: () => Response | Promise<Response>, runs: number) {
  const once = async () => {
    const res = await get();
    const html = await res.text();
    if (res.status !== 200) throw new Error(`status ${res.status}: ${html.slice(0, 200)}`);
  };
  await once();
  await once();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await once();
    const c = process.cpuUsage(c0);
    ms.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return {
    ms: Number(median(ms).toFixed(1)),
    cpuMs: Number(median(cpu).toFixed(1)),
    ddbCalls: await count(deps, once),
  };
}

export async function benchPages(runs = 9) {
  const { createApp } = await import("../functions/src/app");
  return withBenchStack(async (deps) => {
    await seed(deps);
    const app = createApp(deps);
    const lead = await sessionCookie(deps, DETERIORATING_REGION, "lead@em-riia.example.org");
    const adviser = await sessionCookie(deps, Access.NATIONAL, "adviser@dfe-national.example.org");
    const quarter = Quarters.lastEnded(deps.clock.now());
    const heatMap = await timePage(
      deps,
      () => app.request(`/lead/dataset/${DETERIORATING_REGION}?quarter=${quarter}`, { headers: { cookie: lead } }),
      runs,
    );
    const national = await timePage(deps, () => app.request("/lead/national", { headers: { cookie: adviser } }), runs);
    return {
      heatMapMs: heatMap.ms,
      heatMapCpuMs: heatMap.cpuMs,
      heatMapDdbCalls: heatMap.ddbCalls,
      nationalViewMs: national.ms,
      nationalViewCpuMs: national.cpuMs,
      nationalViewDdbCalls: national.ddbCalls,
      runs,
    };
  });
}

/** Run, record `pages.heatMapMs` and `pages.nationalViewMs` with their calls, and print (bench/run.ts calls this). */
export async function reportPages(
  record: (r: Record<string, unknown>) => void,
  print: (rows: [string, number | string, string?][]) => void,
) {
  const p = await benchPages();
  record({ pages: p });
  process.stdout.write(`\nThe heaviest console pages, warm, on the demo's data (median of ${p.runs} requests)\n`);
  print([
    ["heatMapMs (the region's figures page)", p.heatMapMs, "≤ 150"],
    ["heat map CPU ms (dynalite's included)", p.heatMapCpuMs],
    ["heat map DynamoDB calls", p.heatMapDdbCalls],
    ["nationalViewMs (the nine regions)", p.nationalViewMs, "≤ 400"],
    ["national view CPU ms (dynalite's included)", p.nationalViewCpuMs],
    ["national view DynamoDB calls", p.nationalViewDdbCalls],
  ]);
}
