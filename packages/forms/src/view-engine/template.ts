/**
 * Templates run as trees of closures, and the set of them a renderer serves: each compiled from its tree the first
 * time a render reaches it, then kept. A template's imports are computed once: an import without context runs the
 * imported template against no variables, so what it exports (GOV.UK's macros) is the same every time.
 */
import { posix } from "node:path";
import nunjucksFilters from "nunjucks/src/filters.js";
import runtime from "nunjucks/src/runtime.js";
import {
  named,
  Scope,
  TemplateNotFoundError,
  testNamed,
  written,
  type BlockFn,
  type Compiling,
  type Filter,
  type Frame,
  type Out,
  type Runnable,
  type Stmt,
} from "./scope";
import { statement } from "./statements";
import { nameOf, type Node, type Tree, type TreeSource } from "./tree";

/** What every template of a renderer shares while compiling. */
type Env = Omit<Compiling, "name" | "inBlock" | "nested" | "blocks" | "later">;

/** The blocks anywhere in a tree, as nunjucks' `findAll(Block)` finds them. */
function blocksIn(t: unknown, found: Node[] = []): Node[] {
  if (!Array.isArray(t)) return found;
  if (t[0] === "Block") found.push(t as Node);
  for (const item of t) blocksIn(item, found);
  return found;
}

class Template implements Runnable {
  readonly blocks: Record<string, BlockFn> = {};
  private readonly body: Stmt;
  private cached?: Record<string, unknown>;

  constructor(name: string, tree: Tree, env: Env) {
    if (typeof tree === "string" || tree[0] !== "Template") throw new Error(`${name}: not a parsed template`);
    const [, root, later] = tree as [string, Tree, string[]];
    const where = {
      ...env,
      name,
      blocks: this.blocks,
      nested: false,
      later: (i: number) => JSON.parse(later[i]!) as Tree,
    };
    this.body = statement(root, { ...where, inBlock: false });
    for (const block of blocksIn(root)) {
      const blockName = nameOf(block[1]);
      if (this.blocks[blockName]) throw new Error(`${name}: block "${blockName}" defined more than once`);
      const body = statement(block[2] as Tree, { ...where, inBlock: true });
      this.blocks[blockName] = (scope, frame) => written(body, frame.push(true), scope);
    }
  }

  root(scope: Scope, frame: Frame): string {
    const out: Out = { s: "" };
    this.body(frame, scope, out);
    return out.parent ? out.parent.root(scope, frame) : out.s;
  }

  render(vars: Record<string, unknown>, parentFrame?: Frame): string {
    const frame = parentFrame ? parentFrame.push(true) : new runtime.Frame();
    frame.topLevel = true;
    return this.root(new Scope(vars, this.blocks), frame);
  }

  exports(vars?: Record<string, unknown>, parentFrame?: Frame): Record<string, unknown> {
    if (!vars && this.cached) return this.cached;
    const frame = parentFrame ? parentFrame.push() : new runtime.Frame();
    frame.topLevel = true;
    const scope = new Scope(vars ?? {}, this.blocks);
    this.root(scope, frame);
    const exported = scope.getExported();
    if (!vars) this.cached = exported;
    return exported;
  }
}

/** A renderer's templates, filters and tests; `render` renders a view by name with its variables. */
export class Views {
  private readonly templates = new Map<string, Template>();
  /** `./x` asked for from a template, resolved once (a render asks again for every import it runs). */
  private readonly relative = new Map<string, string>();
  private readonly filters: Record<string, Filter>;
  private readonly env: Env;

  constructor(
    private readonly source: TreeSource,
    filters: Record<string, Filter> = {},
  ) {
    this.filters = { ...(nunjucksFilters as Record<string, Filter>), ...filters };
    this.env = {
      template: (name, from) => this.template(name, from),
      filter: (name) => named(this.filters, "filter", name),
      test: testNamed,
      statement,
    };
  }

  /** A template by name; `./` and `../` names resolve against the template that asks (`from`). */
  template(name: unknown, from?: string): Template {
    if (typeof name !== "string") throw new Error(`template names must be a string: ${String(name)}`);
    const resolved = from && (name.startsWith("./") || name.startsWith("../")) ? this.resolve(name, from) : name;
    let template = this.templates.get(resolved);
    if (!template) {
      const tree = this.source(resolved);
      if (!tree) throw new TemplateNotFoundError(resolved);
      template = new Template(resolved, tree, this.env);
      this.templates.set(resolved, template);
    }
    return template;
  }

  private resolve(name: string, from: string): string {
    const key = `${from}\n${name}`;
    let resolved = this.relative.get(key);
    if (resolved === undefined) this.relative.set(key, (resolved = posix.join(posix.dirname(from), name)));
    return resolved;
  }

  render(view: string, vars: Record<string, unknown>): string {
    try {
      return this.template(view).render(vars);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rendering ${view}: ${message}`, { cause: error });
    }
  }
}
