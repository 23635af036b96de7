/**
 * Module init of the three HTTP functions against the floor's, counted in instructions (valgrind's callgrind) rather
 * than CPU time. On a shared machine CPU time moves by ±10 % between processes, more than most changes to a start
 * are worth; an instruction count moves by about 2 %. Each bundle is imported in a fresh process (init-probe.mjs);
 * an empty module's count (Node's own start) is taken off every side, so what remains is the bundle's init. Skipped
 * where valgrind is not installed. Instructions are not time (cache misses are not counted), so the CPU-time ratios
 * of http.bench.ts stay the goal's figures; these say whether a change moved them.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleHttpFunctions } from "./bundle";
import { FUNCTION_ENV } from "./function-env";
import { median } from "./results";

const OUT = fileURLToPath(new URL("./.out/instructions/", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function hasValgrind(): boolean {
  return spawnSync("valgrind", ["--version"]).status === 0;
}

/** Instructions a fresh process executes importing `file`: Node's start, the bundle's init, and exit. */
function instructions(file: string): number {
  const run = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      // V8 writes its own machine code: valgrind must notice code written outside files.
      "--smc-check=all-non-file",
      process.execPath,
      // V8 picks a hash seed at random in each process and derives its hashing constants from it, a search that
      // took 4 to 15 M instructions here: Node's own start moved by ±5 M. One seed for every process removes that.
      "--random-seed=1",
      here("./init-probe.mjs"),
      file,
    ],
    { env: { PATH: process.env.PATH, ...FUNCTION_ENV }, cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const count = /Collected\s*:\s*(\d+)/.exec(run.stderr)?.[1];
  if (run.status !== 0 || !count) throw new Error(`valgrind on ${file}: ${run.stderr.slice(-500)}`);
  return Number(count);
}

export type InstructionFigures = Record<"pages" | "console" | "api", { initRatio: number; initMillions: number }> & {
  floorMillions: number;
  runs: number;
};

export async function benchInstructions(runs = 3): Promise<InstructionFigures | null> {
  if (!hasValgrind()) return null;
  const { pages, lead, api, floor } = await bundleHttpFunctions(OUT);
  const empty = `${OUT}empty.mjs`;
  writeFileSync(empty, "export const handler = () => undefined;\n");
  const files = {
    pages: pages.outfile,
    console: lead.outfile,
    api: api.outfile,
    floor: floor.outfile,
    empty,
  };
  const counts: Record<keyof typeof files, number[]> = { pages: [], console: [], api: [], floor: [], empty: [] };
  // Interleaved, as the CPU-time bench is, though the counts hardly depend on the machine's load.
  for (let i = 0; i < runs; i++)
    for (const side of Object.keys(files) as (keyof typeof files)[]) counts[side].push(instructions(files[side]));
  const base = median(counts.empty);
  const init = (side: keyof typeof files) => median(counts[side]) - base;
  const of = (side: "pages" | "console" | "api") => ({
    initRatio: Number((init(side) / init("floor")).toFixed(2)),
    initMillions: Math.round(init(side) / 1e6),
  });
  return {
    pages: of("pages"),
    console: of("console"),
    api: of("api"),
    floorMillions: Math.round(init("floor") / 1e6),
    runs,
  };
}

export async function reportInstructions(
  record: (r: Record<string, unknown>) => void,
  print: (rows: [string, number | string, string?][]) => void,
) {
  const f = await benchInstructions();
  if (!f) {
    process.stdout.write("\nInit in instructions: skipped (valgrind is not installed)\n");
    return;
  }
  record({ initInstructions: f });
  process.stdout.write(
    `\nInit in instructions (valgrind, median of ${f.runs} fresh processes each, Node's own start taken off)\n`,
  );
  print([
    ["floor init, millions of instructions", f.floorMillions],
    ["pages init, millions; ÷ floor", `${f.pages.initMillions}; ${f.pages.initRatio}`, "≤ 1.3"],
    ["console init, millions; ÷ floor", `${f.console.initMillions}; ${f.console.initRatio}`, "≤ 1.3"],
    ["API init, millions; ÷ floor", `${f.api.initMillions}; ${f.api.initRatio}`, "≤ 1.3"],
  ]);
}
