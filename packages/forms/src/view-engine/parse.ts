/**
 * Parsing templates into trees (tree.ts) with nunjucks' own parser: at build time for a bundle, and on first use where
 * views are read from their folders (locally, in tests). A bundle never imports this module.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import parser from "nunjucks/src/parser.js";
import transformer from "nunjucks/src/transformer.js";
import { NUNJUCKS_OPTIONS, type Node, type RendererPaths, type Tree, type TreeSource } from "./tree";

interface ParsedNode {
  typename: string;
  fields: string[];
  [field: string]: unknown;
}

const isNode = (x: unknown): x is ParsedNode =>
  typeof x === "object" && x !== null && typeof (x as ParsedNode).typename === "string";

type Output = ["Output", unknown[]];

const isText = (part: unknown): part is ["TemplateData", string] => Array.isArray(part) && part[0] === "TemplateData";

/**
 * A statement list with the parser's empty text left out and neighbouring output joined into one node (text into one
 * string): what the compiled template would have written, in the same order, from a smaller tree.
 */
function tidy(statements: Node[]): Node[] {
  const out: Node[] = [];
  for (const statement of statements) {
    if (statement[0] !== "Output") {
      out.push(statement);
      continue;
    }
    const parts = (statement as Output)[1].filter((part) => !isText(part) || part[1]);
    if (parts.length === 0) continue;
    const last = out[out.length - 1];
    const into = last?.[0] === "Output" ? (last as Output)[1] : undefined;
    if (!into) {
      out.push(["Output", parts]);
      continue;
    }
    for (const part of parts) {
      const end = into[into.length - 1];
      if (isText(part) && isText(end)) into[into.length - 1] = ["TemplateData", `${end[1]}${part[1]}`];
      else into.push(part);
    }
  }
  return out;
}

/** The fields of these nodes that hold bodies run only sometimes (a branch, a loop, a macro's body). */
const SOMETIMES: Record<string, string[]> = {
  If: ["body", "else_"],
  For: ["body", "else_"],
  Macro: ["body"],
  Caller: ["body"],
};

/** A body this long (as JSON) or longer is kept as text until it first runs. */
export const LATER_FROM = 256;

/**
 * Converts nunjucks' nodes. A body that runs only sometimes and holds no block goes into `later` as its JSON text, and
 * its place holds `["Later", index]`: a start then parses (and a render compiles) only the bodies it runs.
 */
function converter(later: string[]) {
  const convert = (x: unknown, sometimes = false): unknown => {
    if (Array.isArray(x)) return x.map((item) => convert(item));
    if (!isNode(x)) return x === undefined ? null : x;
    if (x.typename === "Symbol") return x.value;
    const lazy = SOMETIMES[x.typename] ?? [];
    const fields = x.fields.map((field) => convert(x[field], lazy.includes(field)));
    let node: Node;
    if (x.typename === "Root" || x.typename === "NodeList") node = [x.typename, tidy(fields[0] as Node[])];
    // A block `set` keeps its body outside nunjucks' field list; it goes last here.
    else node = [x.typename, ...fields, ...(x.typename === "Set" ? [convert(x.body)] : [])];
    if (!sometimes) return node;
    const json = JSON.stringify(node);
    if (json.length < LATER_FROM || json.includes('["Block",')) return node;
    return ["Later", later.push(json) - 1];
  };
  return convert;
}

/**
 * A template's source as a tree, parsed and transformed exactly as nunjucks' compiler would before compiling:
 * `["Template", root, later]`, where `later` holds the bodies kept as text (see converter).
 */
export function parseTemplate(source: string, name: string): Tree {
  const ast = transformer.transform(parser.parse(source, [], NUNJUCKS_OPTIONS), [], name);
  const later: string[] = [];
  const root = converter(later)(ast);
  return ["Template", root, later];
}

/** Where a template name lives: the first views folder that has it, else GOV.UK Frontend's dist folder. */
export function findView(paths: RendererPaths, name: string): string | undefined {
  for (const dir of [...paths.viewsDirs, dirname(paths.govukDir)]) {
    const file = join(dir, name);
    if (file.startsWith(dir) && existsSync(file)) return file;
  }
  return undefined;
}

/** Reads views from the folders (the app's, then GOV.UK Frontend's), parsing each the first time it is asked for. */
export function fileTrees(paths: RendererPaths): TreeSource {
  return (name) => {
    const file = findView(paths, name);
    return file === undefined ? undefined : parseTemplate(readFileSync(file, "utf8"), name);
  };
}
