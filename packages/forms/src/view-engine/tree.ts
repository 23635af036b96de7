/**
 * A template as a tree of plain arrays, `[node type, ...its fields]` in nunjucks' own order: what nunjucks' parser
 * makes of the source (parse.ts), in a form that survives JSON. The bundler writes trees at build time; locally and in
 * tests the views are read and parsed on first use. Nothing here parses, so a bundle carries no parser.
 */

/** A node: `[type, ...fields]`, except a name (nunjucks' Symbol), which is its bare string: the commonest node, kept small. */
export type Tree = [string, ...unknown[]] | string;

/** A node that is not a name, with its fields. */
export type Node = [string, ...unknown[]];

/** The children of a node-list node (`[type, children]`). */
export const children = (t: unknown) => (t as [string, Tree[]])[1];

/** A name node's name (`params` in `params.id`, a macro's, a set's target…). */
export function nameOf(t: unknown): string {
  if (typeof t !== "string") throw new Error(`expected a name, found ${JSON.stringify(t)}`);
  return t;
}

/** Where views come from: a template's tree by the name nunjucks would ask for, or undefined if there is none. */
export type TreeSource = (name: string) => Tree | undefined;

/** Folders of views, searched in order: the app's pages, then the forms engine's pages. */
export interface RendererPaths {
  viewsDirs: string[];
  /** govuk-frontend's `dist/govuk` folder (templates, components, assets). */
  govukDir: string;
}

/** The lexer's options (they decide the tree) and the renderer's: autoescaping on. */
export const NUNJUCKS_OPTIONS = {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
} as const;
