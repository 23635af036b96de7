/**
 * What a template runs against: nunjucks' frames (from its runtime, so its filters and SafeString agree with ours) and
 * a context like nunjucks' own, holding a render's variables, its blocks and the names a template exports.
 */
import globals from "nunjucks/src/globals.js";
import type { Frame } from "nunjucks/src/runtime.js";
import nunjucksTests from "nunjucks/src/tests.js";
import { NUNJUCKS_OPTIONS, type Tree } from "./tree";

export type { Frame };

/** A block's body, run with the context and frame where the block is placed; returns its output. */
export type BlockFn = (scope: Scope, frame: Frame) => string;

/** A template a render can reach (see template.ts). */
export interface Runnable {
  readonly blocks: Record<string, BlockFn>;
  root(scope: Scope, frame: Frame): string;
  render(vars: Record<string, unknown>, parentFrame?: Frame): string;
  exports(vars?: Record<string, unknown>, parentFrame?: Frame): Record<string, unknown>;
}

/** The output being written; a template's root also notes here the template it extends, once `extends` runs. */
export interface Out {
  s: string;
  parent?: Runnable;
}

export type Expr = (frame: Frame, scope: Scope) => unknown;
export type Stmt = (frame: Frame, scope: Scope, out: Out) => void;
export type Filter = (this: Scope, ...args: unknown[]) => unknown;

/** What compiling needs to know of where it is, as nunjucks' compiler tracks it. */
export interface Compiling {
  /** The template's name: relative names resolve against it, and errors name it. */
  name: string;
  /** Compiling a block's own function (its nested blocks always render). */
  inBlock: boolean;
  /** A body the tree keeps as text until it first runs (`["Later", index]`), parsed. */
  later(index: number): Tree;
  /** The template's own block functions (filled once compiled), for `super()` to find the next one along. */
  blocks: Record<string, BlockFn>;
  /** Inside a for loop or a caller: names defined here go on the frame rather than the context. */
  nested: boolean;
  template(name: unknown, from: string): Runnable;
  filter(name: string): Filter;
  test(name: string): Filter;
  /** Statements, passed in so that expressions (a caller's body) can compile them without an import circle. */
  statement(tree: Tree, where: Compiling): Stmt;
}

/** A render asked for a template its source does not have (an `include … ignore missing` passes over it). */
export class TemplateNotFoundError extends Error {
  constructor(readonly template: string) {
    super(`template not found: ${template}`);
    this.name = "TemplateNotFoundError";
  }
}

const GLOBALS: Record<string, unknown> = globals();

/** A filter or test by name, from its table; one the table lacks is an error, as in nunjucks. */
export function named(table: Record<string, unknown>, what: "filter" | "test", name: string): Filter {
  const found = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!found) throw new Error(`${what} not found: ${name}`);
  return found as Filter;
}

/** nunjucks' tests (`is defined`, `is string`…), by name. */
export const testNamed = (name: string) => named(nunjucksTests, "test", name);

/** What a body writes, run with this frame and scope. */
export function written(body: Stmt, frame: Frame, scope: Scope): string {
  const out: Out = { s: "" };
  body(frame, scope, out);
  return out.s;
}

/** What filters find on `this.env` of a nunjucks context: its options, and its tests (`select` and `reject` use them). */
const ENV = { opts: NUNJUCKS_OPTIONS, getTest: testNamed };

/** nunjucks' Context, with the same lookups: the render's variables first unless only a global has the name. */
export class Scope {
  readonly ctx: Record<string, unknown>;
  readonly blocks: Record<string, BlockFn[]> = {};
  readonly env = ENV;
  private readonly exported: string[] = [];

  constructor(vars: Record<string, unknown>, blocks: Record<string, BlockFn>) {
    this.ctx = Object.assign({}, vars);
    for (const name of Object.keys(blocks)) this.addBlock(name, blocks[name]!);
  }

  lookup(name: string): unknown {
    return name in GLOBALS && !(name in this.ctx) ? GLOBALS[name] : this.ctx[name];
  }

  setVariable(name: string, value: unknown) {
    this.ctx[name] = value;
  }

  getVariables() {
    return this.ctx;
  }

  addBlock(name: string, block: BlockFn) {
    (this.blocks[name] ??= []).push(block);
  }

  getBlock(name: string): BlockFn {
    const block = this.blocks[name]?.[0];
    if (!block) throw new Error(`unknown block "${name}"`);
    return block;
  }

  addExport(name: string) {
    this.exported.push(name);
  }

  getExported(): Record<string, unknown> {
    const exported: Record<string, unknown> = {};
    for (const name of this.exported) exported[name] = this.ctx[name];
    return exported;
  }
}
