/**
 * Bundle a Lambda entry the way SST v2 does with our bundling options (stacks/defaults.ts; by default those of the
 * console and API functions, whose externals include every other function's): esbuild, ESM, platform node, target
 * esnext, minified, `@aws-sdk/*` and the installed packages external, with SST's createRequire banner. With code
 * splitting (`nodejs.splitting`), as SST does: the entry and its chunks (`.mjs`) in the outfile's folder, which then
 * should hold nothing else.
 */
import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { withWordExports } from "../stacks/defaults";
import type { FunctionProps } from "sst/constructs";

const SST_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/** SST bundles with its own esbuild (a different version from ours): use that one. */
const sstEsbuild = createRequire(createRequire(import.meta.url).resolve("sst/package.json"))(
  "esbuild",
) as typeof Esbuild;

export async function bundleLikeSst(
  entry: string,
  outfile: string,
  nodejs: FunctionProps["nodejs"] = withWordExports,
): Promise<{
  bytes: number;
  startBytes: number;
  /** How many files (the entry and its static chunks) a start loads. */
  startFiles: number;
  outfile: string;
  startInputs: string[];
  metafile: Esbuild.Metafile;
}> {
  const { external = [], plugins = [] } = nodejs?.esbuild ?? {};
  // SST leaves `install` packages out of the bundle and installs them beside it.
  const installed = nodejs?.install ?? [];
  const splitting = nodejs?.splitting ?? false;
  const result = await sstEsbuild.build({
    entryPoints: [entry],
    ...(splitting
      ? { splitting, outdir: dirname(outfile), outExtension: { ".js": ".mjs" }, entryNames: basename(outfile, ".mjs") }
      : { outfile }),
    metafile: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    minify: nodejs?.minify ?? false,
    keepNames: true,
    sourcemap: false,
    external: ["sharp", "pg-native", ...external, ...installed],
    banner: { js: SST_BANNER },
    plugins: plugins as unknown as Esbuild.Plugin[],
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const js = Object.keys(outputs).filter((file) => file.endsWith(".mjs"));
  const entryOut = js.find((file) => outputs[file]!.entryPoint !== undefined && resolve(file) === resolve(outfile));
  if (!entryOut) throw new Error(`bundling ${entry}: no ${outfile}`);
  const atStart = [...loadedAtStart(outputs, entryOut)];
  // The page functions' parsed views lie beside them, one file each, read on a page's first use.
  const views = join(dirname(outfile), "views");
  const viewBytes = existsSync(views)
    ? readdirSync(views).reduce((sum, f) => sum + statSync(join(views, f)).size, 0)
    : 0;
  return {
    bytes: js.reduce((sum, file) => sum + statSync(file).size, 0) + viewBytes,
    startBytes: atStart.reduce((sum, file) => sum + statSync(file).size, 0),
    startFiles: atStart.length,
    outfile,
    // The source modules a start loads (with code in its chunks), for tests that hold what a start must not carry.
    metafile: result.metafile,
    startInputs: atStart.flatMap((file) =>
      Object.entries(outputs[file]!.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    ),
  };
}

/** The entry and every chunk it imports statically: what a start loads (chunks imported by `import()` wait). */
function loadedAtStart(outputs: Esbuild.Metafile["outputs"], entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === "import-statement" && outputs[i.path]) queue.push(i.path);
  }
  return seen;
}

/**
 * A bench entry (a path from bench/) bundled into `<out><name>/<name>.mjs`, in a folder of its own emptied first, as
 * SST's artefacts are: with code splitting its chunks (and a page function's views) lie beside it.
 */
export function bundleInto(out: string, entry: string, name: string) {
  rmSync(`${out}${name}`, { recursive: true, force: true });
  return bundleLikeSst(fileURLToPath(new URL(entry, import.meta.url)), `${out}${name}/${name}.mjs`);
}

/** The three HTTP functions and the floor (a Hono handler with the DynamoDB document client), each under `out`. */
export async function bundleHttpFunctions(out: string) {
  mkdirSync(out, { recursive: true });
  return {
    pages: await bundleInto(out, "../functions/src/pages.ts", "pages"),
    api: await bundleInto(out, "../functions/src/api.ts", "api"),
    lead: await bundleInto(out, "../functions/src/console.ts", "console"),
    floor: await bundleInto(out, "./floor-hono-ddb.ts", "floor-hono-ddb"),
  };
}
