/**
 * Bundle a Lambda entry the way SST v2 does with our bundling options (stacks/defaults.ts; by default those of the
 * console and API functions, whose externals include every other function's): esbuild, ESM, platform node, target
 * esnext, minified, `@aws-sdk/*` and the installed packages external, with SST's createRequire banner.
 */
import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";
import { statSync } from "node:fs";
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
): Promise<{ bytes: number; outfile: string }> {
  const { external = [], plugins = [] } = nodejs?.esbuild ?? {};
  // SST leaves `install` packages out of the bundle and installs them beside it.
  const installed = nodejs?.install ?? [];
  await sstEsbuild.build({
    entryPoints: [entry],
    outfile,
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
  return { bytes: statSync(outfile).size, outfile };
}
