import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import type { RendererPaths } from "@riia/forms";
import { findView, parseTemplate } from "@riia/forms/view-engine/parse";
import { defaultViewPaths } from "../../functions/src/assets";
import type { BuildPlugin } from "./plugin";

const REFERENCE = /\{%-?\s*(?:from|import|include|extends)\s+["']([^"']+)["']/g;

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
    const file = findView(paths, name);
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

/** A template's file in a bundle's `views/` folder: its name with the folders flattened (names are unique paths). */
export const viewFile = (name: string) => `${name.replace(/[^A-Za-z0-9._-]/g, "__")}.json`;

/**
 * Each template parsed, as the JSON of its tree (view-engine/tree.ts): what the renderer runs, with no code to compile.
 * Characters outside ASCII are JSON escapes, so the text is a one-byte string to V8, which parses those faster.
 */
export function parsedViews(graph: Map<string, Template>): Map<string, string> {
  const ascii = (json: string) =>
    json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return new Map([...graph].map(([name, { source }]) => [name, ascii(JSON.stringify(parseTemplate(source, name)))]));
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
 * The module that replaces functions/src/views-precompiled.ts in a bundle: a source of every template's tree by name.
 * The trees of the templates most pages need (commonTemplates) are in the module, each as its JSON text, parsed when a
 * render first asks for it; each other template's is read from its file in `views/` (beside the chunk, so
 * `import.meta.url` finds it). A start then reads none of the 100-odd templates few pages need, and a request only the
 * few its page uses.
 */
export function precompiledModule(views: Map<string, string>, inline: Set<string>): string {
  const names = [...views.keys()];
  return [
    `import { readFileSync } from "node:fs";`,
    `import { fileURLToPath } from "node:url";`,
    `const inline = {`,
    ...names.filter((n) => inline.has(n)).map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(views.get(n))},`),
    `};`,
    `const files = ${JSON.stringify(Object.fromEntries(names.filter((n) => !inline.has(n)).map((n) => [n, viewFile(n)])))};`,
    "export const precompiledViews = (name) => {",
    "  if (Object.hasOwn(inline, name)) return JSON.parse(inline[name]);",
    "  if (!Object.hasOwn(files, name)) return undefined;",
    `  return JSON.parse(readFileSync(fileURLToPath(new URL("./views/" + files[name], import.meta.url)), "utf8"));`,
    "};",
  ].join("\n");
}

/** Writes each parsed template into `<dir>/views/`, emptied first (a template removed must not linger). */
function writeViews(dir: string, views: Map<string, string>, inline: Set<string>) {
  const folder = join(dir, "views");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, code] of views) if (!inline.has(name)) writeFileSync(join(folder, viewFile(name)), code);
}

/**
 * Templates parsed at build time: the common ones in the bundle, each other view (and GOV.UK macro it reaches) a file
 * in the bundle's `views/` folder. The renderer runs their trees (packages/forms/src/view-engine), so a bundle carries
 * nunjucks' runtime, filters and tests but not its environment, loaders, compiler or parser: this module's
 * replacement drops the source version's imports, the only way to the parser (view-engine/parse.ts).
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
      views = parsedViews(graph);
      inline = commonTemplates(graph, viewNames(paths));
      return {
        contents: precompiledModule(views, inline),
        loader: "js",
        resolveDir: dirname(fileURLToPath(import.meta.url)),
      };
    });
    // Only a bundle that carries the views (a page function) gets their files.
    build.onEnd((result) => {
      if (result.errors.length === 0 && views && dir) writeViews(dir, views, inline);
    });
  },
};
