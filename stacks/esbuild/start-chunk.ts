import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BuildPlugin } from "./plugin";

const PAGE_FUNCTION = fileURLToPath(new URL("../../functions/src/page-function.ts", import.meta.url));
const PAGE_ENTRY = /(^|[\\/])functions[\\/]src[\\/](pages|console)\.ts$/;
const ROUTE_MODULE = /[\\/]functions[\\/]src[\\/]routes[\\/].*\.ts$/;

/** The entry files of a build, however esbuild was given them. */
function entryFiles(entryPoints: unknown): string[] {
  if (Array.isArray(entryPoints))
    return entryPoints.map((e) => (typeof e === "string" ? e : String((e as { in?: string }).in ?? "")));
  return entryPoints && typeof entryPoints === "object" ? Object.values(entryPoints).map(String) : [];
}

/**
 * One chunk for everything a page function's start loads. With code splitting, esbuild puts each module in a chunk by
 * the set of entry points that reach it, and each route module loaded by `import()` is an entry point: the middleware,
 * the view engine and the core's request helpers, which the start loads and some route groups import as well, were
 * split into up to ten chunks by which groups use them. Node loads every chunk at start as a module of its own, about
 * 1 M instructions each (measured). Here every route module of a page function re-exports the page function's start
 * (page-function.ts), so every group reaches all of it and esbuild makes it one chunk: a start loads two files (the
 * console three), and its init fell by 12 M instructions (about 2.5 %). A group loaded later imports that chunk,
 * already loaded. The re-export is live only in the modules loaded by `import()`; elsewhere esbuild drops it as
 * unused. The API function is left as it is: its start loads a different set of modules.
 */
export const startChunk: BuildPlugin = {
  name: "start-chunk",
  setup(build) {
    if (!entryFiles(build.initialOptions.entryPoints).some((file) => PAGE_ENTRY.test(file))) return;
    build.onLoad({ filter: ROUTE_MODULE }, (args) => ({
      contents: `${readFileSync(args.path, "utf8")}\nexport { pageFunction as __start } from ${JSON.stringify(PAGE_FUNCTION)};\n`,
      loader: "ts",
    }));
  },
};
