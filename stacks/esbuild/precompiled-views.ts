import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
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

/** A template as read: its source, and the names of the templates it reaches directly. */
interface Template {
  source: string;
  refs: string[];
}

/** The views in the views folders (the names routes render). */
const viewNames = (paths: RendererPaths) =>
  paths.viewsDirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".njk")));

/**
 * Every view in the views folders plus every template they reach through from/import/include/
 * extends (GOV.UK's macros and the templates those include), keyed by the name nunjucks asks for;
 * each file read once.
 */
export function templateGraph(paths: RendererPaths): Map<string, Template> {
  const found = new Map<string, Template>();
  const queue = viewNames(paths);
  while (queue.length) {
    const name = queue.shift()!;
    if (found.has(name)) continue;
    const file = locate(paths, name);
    if (!file) throw new Error(`precompiling views: no template ${name}`);
    const source = readFileSync(file, "utf8");
    const refs = [...source.matchAll(REFERENCE)].map(([, ref]) =>
      ref!.startsWith("./") || ref!.startsWith("../") ? posix.join(posix.dirname(name), ref!) : ref!,
    );
    found.set(name, { source, refs });
    queue.push(...refs);
  }
  return found;
}

/** The templates `name` reaches in the graph, itself included. */
function reachedFrom(graph: Map<string, Template>, name: string): Set<string> {
  const seen = new Set<string>();
  const queue = [name];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...graph.get(next)!.refs);
  }
  return seen;
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

const EXPORT = "module.exports=";

/** A template's file in a bundle's `views/` folder: its name with the folders flattened (names are unique paths). */
export const viewFile = (name: string) => `${name.replace(/[^A-Za-z0-9._-]/g, "__")}.js`;

/**
 * Each template compiled, as the file written beside the bundle: one function expression, of nunjucks' runtime,
 * returning the compiled template object; minified as the bundle is.
 */
export function compiledViews(graph: Map<string, Template>): Map<string, string> {
  const env = new nunjucks.Environment([], NUNJUCKS_OPTIONS);
  const files = new Map<string, string>();
  const helpers = HOT_HELPERS.map((h) => `${h}: runtime_${h}`).join(", ");
  for (const [name, { source }] of graph) {
    // nunjucks hands the wrapper a list of templates (its type definitions say one).
    const code = nunjucks.precompileString(source, { name, env, wrapper: (t) => [t].flat()[0]!.template });
    const module = `module.exports = function (runtime) {\n"use strict";\nconst { ${helpers} } = runtime;\n${shorten(code)}\n};`;
    const minified = esbuild.transformSync(module, { loader: "js", minify: true }).code.trim();
    if (!minified.startsWith(EXPORT)) throw new Error(`precompiling views: ${name} did not minify to one export`);
    // The file is the function alone, in parentheses: what running it as a script gives.
    files.set(name, `(${minified.slice(EXPORT.length).replace(/;$/, "")})`);
  }
  return files;
}

/**
 * The templates most views reach (the layout and what it includes, the button, labels, hints and error messages): at
 * least this share of the views. Their code stays in the bundle, parsed at start, since nearly every page runs it
 * (and the start renders one page to warm up); the rest are files, read when a page first needs them.
 */
export const COMMON_SHARE = 0.5;

export function commonTemplates(graph: Map<string, Template>, views: string[], share = COMMON_SHARE): Set<string> {
  const reached = new Map<string, number>();
  for (const view of views)
    for (const name of reachedFrom(graph, view)) reached.set(name, (reached.get(name) ?? 0) + 1);
  return new Set([...reached].filter(([, n]) => n >= share * views.length).map(([name]) => name));
}

/**
 * The module that replaces functions/src/views-precompiled.ts in a bundle: every template's name, and its compiled
 * code, run the first time a page asks for it. The code of the templates most pages need (commonTemplates) is in the
 * module; each other template's is read from its file in `views/` (beside the chunk, so
 * `import.meta.url` finds it) and run as a script (a module loader's resolving and wrapping would cost three times as
 * much per file). A start then parses none of the 100-odd templates few pages need (about 480 KB), and a
 * request only the few its page uses.
 */
export function precompiledModule(views: Map<string, string>, inline: Set<string>): string {
  const names = [...views.keys()];
  return [
    `import runtime from "nunjucks/src/runtime.js";`,
    `import { readFileSync } from "node:fs";`,
    `import { fileURLToPath } from "node:url";`,
    `import { runInThisContext } from "node:vm";`,
    `const inline = {`,
    ...names.filter((n) => inline.has(n)).map((n) => `  ${JSON.stringify(n)}: ${views.get(n)},`),
    `};`,
    `const files = ${JSON.stringify(Object.fromEntries(names.filter((n) => !inline.has(n)).map((n) => [n, viewFile(n)])))};`,
    `const load = (name) => {`,
    `  if (inline[name]) return inline[name](runtime);`,
    `  const path = fileURLToPath(new URL("./views/" + files[name], import.meta.url));`,
    `  return runInThisContext(readFileSync(path, "utf8"), { filename: path })(runtime);`,
    `};`,
    "const t = {};",
    "for (const name of [...Object.keys(inline), ...Object.keys(files)])",
    "  Object.defineProperty(t, name, {",
    "    enumerable: true,",
    "    configurable: true,",
    "    get() {",
    "      const value = load(name);",
    "      Object.defineProperty(t, name, { value, enumerable: true });",
    "      return value;",
    "    },",
    "  });",
    "export const precompiledViews = t;",
  ].join("\n");
}

/** Writes each compiled template into `<dir>/views/`, emptied first (a template removed must not linger). */
function writeViews(dir: string, views: Map<string, string>, inline: Set<string>) {
  const folder = join(dir, "views");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, code] of views) if (!inline.has(name)) writeFileSync(join(folder, viewFile(name)), code);
}

/**
 * Templates compiled at build time: the common ones in the bundle, each other view (and GOV.UK macro it reaches) a file
 * in the bundle's `views/` folder. nunjucks' compiler, parser and lexer are left out of it, and so are its file
 * loaders, Jinja compatibility and Express glue, which only a renderer reading templates from files would run (a
 * stand-in throws if anything tries; leaving out the last three saved 3 M instructions of a page function's init).
 */
export const precompiledViews: BuildPlugin = {
  name: "precompiled-views",
  setup(build) {
    const { outfile, outdir } = build.initialOptions;
    const dir = outfile ? dirname(outfile) : outdir;
    let views: Map<string, string> | undefined;
    let inline = new Set<string>();
    build.onLoad({ filter: /[\\/]functions[\\/]src[\\/]views-precompiled\.ts$/ }, () => {
      const paths = defaultViewPaths();
      const graph = templateGraph(paths);
      views = compiledViews(graph);
      inline = commonTemplates(graph, viewNames(paths));
      return {
        contents: precompiledModule(views, inline),
        loader: "js",
        resolveDir: dirname(fileURLToPath(import.meta.url)),
      };
    });
    const unused =
      /^\.\/(src\/)?(compiler|parser|lexer|precompile|transformer|nodes|jinja-compat|loaders|express-app)(\.js)?$/;
    build.onResolve({ filter: unused }, (args) =>
      /[\\/]nunjucks[\\/]/.test(args.importer) ? { path: NO_COMPILER } : undefined,
    );
    // Only a bundle that carries the views (a page function) gets their files.
    build.onEnd((result) => {
      if (result.errors.length === 0 && views && dir) writeViews(dir, views, inline);
    });
  },
};
