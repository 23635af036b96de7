/**
 * Statements compiled to closures, with the semantics of nunjucks' compiler (compiler.js): output escaped unless
 * marked safe, frames pushed where nunjucks pushes them, names set on the frame or the context where it sets them.
 */
import runtime from "nunjucks/src/runtime.js";
import { expression, macro } from "./expressions";
import { TemplateNotFoundError, type Compiling, type Expr, type Frame, type Scope, type Stmt } from "./scope";
import { children, nameOf, type Node, type Tree } from "./tree";

const { fromIterator, markSafe, suppressValue } = runtime;

function sequence(items: Stmt[]): Stmt {
  if (items.length === 1) return items[0]!;
  return (f, s, out) => {
    for (const item of items) item(f, s, out);
  };
}

function output(t: Node, k: Compiling): Stmt {
  const parts = children(t).map((child): string | Expr =>
    typeof child !== "string" && child[0] === "TemplateData" ? String(child[1] ?? "") : expression(child, k),
  );
  return (f, s, out) => {
    for (const part of parts) out.s += typeof part === "string" ? part : (suppressValue(part(f, s), true) as string);
  };
}

/**
 * A statement compiled the first time it runs: most of a GOV.UK template's branches are for options a page does not
 * set, so their trees need never become closures.
 */
function whenRun(t: Tree, k: Compiling): Stmt {
  let compiled: Stmt | undefined;
  return (f, s, out) => (compiled ??= statement(t, k))(f, s, out);
}

function branch(t: Node, k: Compiling): Stmt {
  const cond = expression(t[1] as Tree, k);
  const then = whenRun(t[2] as Tree, k);
  const otherwise = t[3] ? whenRun(t[3] as Tree, k) : undefined;
  return (f, s, out) => {
    if (cond(f, s)) then(f, s, out);
    else if (otherwise) otherwise(f, s, out);
  };
}

/** The `loop` variable, set as nunjucks sets it (one object on the loop's frame, updated each time round). */
function loopVariable(f: Frame, i: number, length: number) {
  const loop = ((f.variables.loop as Record<string, unknown> | undefined) ??= {});
  loop.index = i + 1;
  loop.index0 = i;
  loop.revindex = length - i;
  loop.revindex0 = length - i - 1;
  loop.first = i === 0;
  loop.last = i === length - 1;
  loop.length = length;
}

function forLoop(t: Node, k: Compiling): Stmt {
  const inner: Compiling = { ...k, nested: true };
  const items = expression(t[1] as Tree, inner);
  const target = t[2] as Tree;
  const pairs = typeof target !== "string" && target[0] === "Array";
  const names = pairs ? children(target).map(nameOf) : [nameOf(target)];
  const body = whenRun(t[3] as Tree, inner);
  const otherwise = t[4] ? whenRun(t[4] as Tree, inner) : undefined;
  return (parent, s, out) => {
    const f = parent.push();
    let arr = items(f, s) as Record<string, unknown> | unknown[] | undefined;
    let length: number | undefined;
    if (arr) {
      arr = fromIterator(arr) as typeof arr;
      if (!pairs) {
        const list = arr as unknown[];
        length = list.length;
        for (let i = 0; i < list.length; i++) {
          f.set(names[0]!, list[i]);
          loopVariable(f, i, length);
          body(f, s, out);
        }
      } else if (Array.isArray(arr)) {
        length = arr.length;
        for (let i = 0; i < arr.length; i++) {
          names.forEach((name, u) => f.set(name, (arr as unknown[][])[i]![u]));
          loopVariable(f, i, length);
          body(f, s, out);
        }
      } else {
        const obj = arr;
        length = Object.keys(obj).length;
        let i = -1;
        for (const key in obj) {
          i++;
          f.set(names[0]!, key);
          f.set(names[1]!, obj[key]);
          loopVariable(f, i, length);
          body(f, s, out);
        }
      }
    }
    if (otherwise && !length) otherwise(f, s, out);
  };
}

function assign(t: Node, k: Compiling): Stmt {
  const names = (t[1] as Tree[]).map(nameOf);
  const value = expression((t[2] ?? t[3]) as Tree, k);
  return (f, s) => {
    const v = value(f, s);
    for (const name of names) {
      f.set(name, v, true);
      if (f.topLevel) s.setVariable(name, v);
      if (f.topLevel && name.charAt(0) !== "_") s.addExport(name);
    }
  };
}

function defineMacro(t: Node, k: Compiling): Stmt {
  const make = macro(t, k, false);
  const name = nameOf(t[1]);
  if (k.nested) return (f, s) => f.set(name, make(f, s));
  return (f, s) => {
    if (name.charAt(0) !== "_") s.addExport(name);
    s.setVariable(name, make(f, s));
  };
}

/** `{% from x import a, b as c %}` and `{% import x as y %}`: the names go on the frame when nested, else the context. */
function importing(t: Node, k: Compiling): Stmt {
  const template = expression(t[1] as Tree, k);
  const withContext = Boolean(t[3]);
  const bind = (f: Frame, s: Scope, name: string, value: unknown) =>
    k.nested ? f.set(name, value) : s.setVariable(name, value);
  const exported = (f: Frame, s: Scope) => {
    const from = k.template(template(f, s), k.name);
    return withContext ? from.exports(s.getVariables(), f) : from.exports();
  };
  if (t[0] === "Import") {
    const target = nameOf(t[2]);
    return (f, s) => bind(f, s, target, exported(f, s));
  }
  const names = children(t[2]).map((n) => (typeof n === "string" ? [n, n] : [nameOf(n[1]), nameOf(n[2])]));
  return (f, s) => {
    const values = exported(f, s);
    for (const [name, alias] of names) {
      if (!Object.hasOwn(values, name!)) throw new Error(`cannot import '${name}'`);
      bind(f, s, alias!, values[name!]);
    }
  };
}

function include(t: Node, k: Compiling): Stmt {
  const template = expression(t[1] as Tree, k);
  const ignoreMissing = Boolean(t[2]);
  return (f, s, out) => {
    let included;
    try {
      included = k.template(template(f, s), k.name);
    } catch (error) {
      if (ignoreMissing && error instanceof TemplateNotFoundError) return;
      throw error;
    }
    out.s += included.render(s.getVariables(), f);
  };
}

function extend(t: Node, k: Compiling): Stmt {
  const template = expression(t[1] as Tree, k);
  return (f, s, out) => {
    const parent = k.template(template(f, s), k.name);
    out.parent = parent;
    for (const name in parent.blocks) s.addBlock(name, parent.blocks[name]!);
  };
}

/** A block placed in a template: at the top level of a template that extends another, the parent places it instead. */
function block(t: Node, k: Compiling): Stmt {
  const name = nameOf(t[1]);
  if (k.inBlock) return (f, s, out) => void (out.s += s.getBlock(name)(s, f));
  return (f, s, out) => {
    if (!out.parent) out.s += s.getBlock(name)(s, f);
  };
}

/** `super()` in a block: the next block of that name along (the one this template's overrides), marked safe. */
function superBlock(t: Node, k: Compiling): Stmt {
  const name = nameOf(t[1]);
  const symbol = nameOf(t[2]);
  return (f, s) => {
    const list = s.blocks[name] ?? [];
    const i = list.indexOf(k.blocks[name]!);
    const next = list[i + 1];
    if (i === -1 || !next) throw new Error(`no super block available for "${name}"`);
    f.set(symbol, markSafe(next(s, f)));
  };
}

const statements = (t: Node, k: Compiling) => sequence(children(t).map((child) => statement(child, k)));

/** Each statement node's compiler, by node type. */
const STATEMENTS: Record<string, (t: Node, k: Compiling) => Stmt> = {
  Root: statements,
  NodeList: statements,
  Output: output,
  If: branch,
  For: forLoop,
  Set: assign,
  Macro: defineMacro,
  FromImport: importing,
  Import: importing,
  Include: include,
  Extends: extend,
  Block: block,
  Super: superBlock,
  Later: (t, k) => statement(k.later(t[1] as number), k),
};

export function statement(t: Tree, k: Compiling): Stmt {
  if (typeof t === "string") throw new Error(`${k.name}: a name (${t}) is not a statement`);
  const compile = Object.hasOwn(STATEMENTS, t[0]) ? STATEMENTS[t[0]] : undefined;
  if (!compile) throw new Error(`${k.name}: cannot render a ${t[0]} statement`);
  return compile(t, k);
}
