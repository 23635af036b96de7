/**
 * Bundle a Lambda entry the way SST v2 does for our function defaults (stacks/defaults.ts):
 * esbuild, ESM, platform node, target esnext, minified, `@aws-sdk/*` external, with SST's
 * createRequire banner.
 */
import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";
import { statSync } from "node:fs";
import { functionDefaults } from "../stacks/defaults";

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

export async function bundleLikeSst(entry: string, outfile: string): Promise<{ bytes: number; outfile: string }> {
  const { external = [], plugins = [] } = functionDefaults.nodejs?.esbuild ?? {};
  // SST leaves `install` packages out of the bundle and installs them beside it.
  const installed = functionDefaults.nodejs?.install ?? [];
  await sstEsbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    minify: functionDefaults.nodejs?.minify ?? false,
    keepNames: true,
    sourcemap: false,
    external: ["sharp", "pg-native", ...external, ...installed],
    banner: { js: SST_BANNER },
    plugins: plugins as unknown as Esbuild.Plugin[],
    logLevel: "silent",
  });
  return { bytes: statSync(outfile).size, outfile };
}
