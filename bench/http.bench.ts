/**
 * http bundle size, and module initialisation of the http bundle vs a bare Hono handler bundled
 * the same way: the median of N fresh processes each, interleaved so machine noise hits both.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleLikeSst } from "./bundle";
import { median } from "./results";

const OUT = fileURLToPath(new URL("./.out/", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));

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
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

function probe(file: string): number {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL("./init-probe.mjs", import.meta.url)), file], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENV },
    cwd: ROOT,
  });
  return (JSON.parse(out.toString()) as { ms: number }).ms;
}

export async function benchHttp(runs = 21) {
  mkdirSync(OUT, { recursive: true });
  const http = await bundleLikeSst(
    fileURLToPath(new URL("../functions/src/http.ts", import.meta.url)),
    `${OUT}http.mjs`,
  );
  const bare = await bundleLikeSst(fileURLToPath(new URL("./bare-hono.ts", import.meta.url)), `${OUT}bare-hono.mjs`);
  // Warm the OS file cache once for each, then interleave the measured runs.
  probe(http.outfile);
  probe(bare.outfile);
  const httpMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    httpMs.push(probe(http.outfile));
    bareMs.push(probe(bare.outfile));
  }
  const h = median(httpMs);
  const b = median(bareMs);
  return {
    httpBundleKB: Math.round(http.bytes / 1024),
    bareBundleKB: Math.round(bare.bytes / 1024),
    httpInitMs: Number(h.toFixed(1)),
    bareInitMs: Number(b.toFixed(1)),
    initRatioVsBareHono: Number((h / b).toFixed(2)),
    runs,
  };
}
