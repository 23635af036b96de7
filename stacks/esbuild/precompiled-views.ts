import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Nunjucks from "nunjucks";
import type { RendererPaths } from "@riia/forms";
import { NUNJUCKS_OPTIONS } from "@riia/forms/render";
import { defaultViewPaths } from "../../functions/src/assets";
import type { BuildPlugin } from "./plugin";

const nunjucks = createRequire(import.meta.url)("nunjucks") as typeof Nunjucks;
const NO_COMPILER = fileURLToPath(new URL("./nunjucks-no-compiler.cjs", import.meta.url));
const REFERENCE = /\{%-?\s*(?:from|import|include|extends)\s+["']([^"']+)["']/g;

/** Where a template name lives: the first views folder that has it, else GOV.UK Frontend's dist folder. */
function locate(paths: RendererPaths, name: string): string | undefined {
  for (const dir of [...paths.viewsDirs, dirname(paths.govukDir)]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Every view in the views folders plus every template they reach through from/import/include/
 * extends (GOV.UK's macros and the templates those include), keyed by the name nunjucks asks for.
 */
export function reachableTemplates(paths: RendererPaths): Map<string, string> {
  const found = new Map<string, string>();
  const queue = paths.viewsDirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".njk")));
  while (queue.length) {
    const name = queue.shift()!;
    if (found.has(name)) continue;
    const file = locate(paths, name);
    if (!file) throw new Error(`precompiling views: no template ${name}`);
    const source = readFileSync(file, "utf8");
    found.set(name, source);
    for (const [, ref] of source.matchAll(REFERENCE)) {
      queue.push(ref!.startsWith("./") || ref!.startsWith("../") ? posix.join(posix.dirname(name), ref!) : ref!);
    }
  }
  return found;
}

/** nunjucks' runtime helpers that compiled templates call thousands of times (by their property names). */
const HOT_HELPERS = ["contextOrFrameLookup", "memberLookup", "suppressValue", "callWrap"] as const;

/**
 * Compiled templates call `runtime.memberLookup(…)` and friends thousands of times, and a minifier cannot shorten a
 * property name: call module-level bindings of the same functions instead (the runtime module the environment
 * passes in is this one: a bundle holds one copy of nunjucks). `env.opts.autoescape` is fixed by NUNJUCKS_OPTIONS,
 * which both the compiler here and the renderer use.
 */
function shorten(code: string): string {
  return code
    .replace(new RegExp(`\\bruntime\\.(${HOT_HELPERS.join("|")})\\b`, "g"), "runtime_$1")
    .replace(/\benv\.opts\.autoescape\b/g, JSON.stringify(NUNJUCKS_OPTIONS.autoescape));
}

/** The module that replaces functions/src/views-precompiled.ts in a bundle. */
export function precompiledModule(paths: RendererPaths = defaultViewPaths()): string {
  const env = new nunjucks.Environment([], NUNJUCKS_OPTIONS);
  const lines = [
    `import runtime from "nunjucks/src/runtime.js";`,
    `const { ${HOT_HELPERS.map((h) => `${h}: runtime_${h}`).join(", ")} } = runtime;`,
    "const t = {};",
  ];
  for (const [name, source] of reachableTemplates(paths)) {
    // nunjucks hands the wrapper a list of templates (its type definitions say one).
    const code = nunjucks.precompileString(source, { name, env, wrapper: (t) => [t].flat()[0]!.template });
    lines.push(`t[${JSON.stringify(name)}] = (function () {\n${shorten(code)}\n})();`);
  }
  lines.push("export const precompiledViews = t;");
  return lines.join("\n");
}

/**
 * Templates compiled at build time: the Lambda bundle carries the compiled views, and nunjucks'
 * compiler, parser and lexer are left out of it (a stand-in throws if anything tries to compile).
 */
export const precompiledViews: BuildPlugin = {
  name: "precompiled-views",
  setup(build) {
    build.onLoad({ filter: /[\\/]functions[\\/]src[\\/]views-precompiled\.ts$/ }, () => ({
      contents: precompiledModule(),
      loader: "js",
      resolveDir: dirname(fileURLToPath(import.meta.url)),
    }));
    build.onResolve({ filter: /^\.\/(src\/)?(compiler|parser|lexer|precompile|transformer|nodes)(\.js)?$/ }, (args) =>
      /[\\/]nunjucks[\\/]/.test(args.importer) ? { path: NO_COMPILER } : undefined,
    );
  },
};
