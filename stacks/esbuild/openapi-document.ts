import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildPlugin } from "./plugin";

const GENERATOR = fileURLToPath(new URL("../../functions/src/openapi-document.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The app's OpenAPI document, generated from the route definitions in a child process (tsx runs the sources). */
export function generateOpenApi(): string {
  const script = `import(${JSON.stringify(GENERATOR)}).then((m) => process.stdout.write(m.openApiDocument()))`;
  return execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "silent" },
    maxBuffer: 16 * 1024 * 1024,
  }).toString();
}

/** The document as it is written to a file: indented, ending in a new line, so a change reads as a small diff. */
export function formatApiDocument(document: string = generateOpenApi()): string {
  return `${JSON.stringify(JSON.parse(document), null, 2)}\n`;
}

/**
 * Writes `openapi.json` beside the bundles that read it (functions/src/openapi-file.ts): the API function serves it
 * as a file and the pages function renders its API reference (/docs) from it. Neither builds the document at run
 * time nor carries it in its code.
 */
export const openApiFile: BuildPlugin = {
  name: "openapi-document",
  setup(build) {
    const entries = JSON.stringify(build.initialOptions.entryPoints ?? []);
    // One file, or (code splitting) a folder of chunks: the document goes beside the entry either way.
    const { outfile, outdir } = build.initialOptions;
    const dir = outfile ? dirname(outfile) : outdir;
    if (!/functions[\\/]+src[\\/]+(api|pages)\.ts/.test(entries) || !dir) return;
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "openapi.json"), formatApiDocument());
    });
  },
};
