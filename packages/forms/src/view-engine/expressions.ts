/**
 * Expressions compiled to closures, with the semantics of nunjucks' compiler (compiler.js): the same runtime helpers,
 * the same lookups, JavaScript's own operators. Closures built from data need no code compiled per template, which is
 * what a first render after a cold start paid for.
 */
import runtime from "nunjucks/src/runtime.js";
import { children, nameOf, type Node, type Tree } from "./tree";
import { written, type Compiling, type Expr, type Stmt } from "./scope";

const { callWrap, contextOrFrameLookup, inOperator, makeKeywordArgs, makeMacro, memberLookup, SafeString } = runtime;

/** The name nunjucks gives a called expression in its errors ("Unable to call `x`…"). */
function calledName(t: Tree): string {
  if (typeof t === "string") return t;
  switch (t[0]) {
    case "FunCall":
      return `the return value of (${calledName(t[1] as Tree)})`;
    case "LookupVal":
      return `${calledName(t[1] as Tree)}["${calledName(t[2] as Tree)}"]`;
    case "Literal":
      return String(t[1]);
    default:
      return "--expression--";
  }
}

type Binary = (a: unknown, b: unknown) => unknown;
const OPERATORS: Record<string, Binary> = {
  Add: (a, b) => (a as number) + (b as number),
  Concat: (a, b) => (a as string) + "" + (b as string),
  Sub: (a, b) => (a as number) - (b as number),
  Mul: (a, b) => (a as number) * (b as number),
  Div: (a, b) => (a as number) / (b as number),
  FloorDiv: (a, b) => Math.floor((a as number) / (b as number)),
  Mod: (a, b) => (a as number) % (b as number),
  Pow: (a, b) => Math.pow(a as number, b as number),
  In: (a, b) => inOperator(a, b),
};

const COMPARISONS: Record<string, Binary> = {
  "==": (a, b) => a == b,
  "===": (a, b) => a === b,
  "!=": (a, b) => a != b,
  "!==": (a, b) => a !== b,
  "<": (a, b) => (a as number) < (b as number),
  ">": (a, b) => (a as number) > (b as number),
  "<=": (a, b) => (a as number) <= (b as number),
  ">=": (a, b) => (a as number) >= (b as number),
};

/** A dict's pairs: keys are names or string literals (as nunjucks requires), values expressions. */
function dict(t: Node, k: Compiling): Expr {
  const pairs = children(t).map((pair) => {
    const key = (pair as Node)[1] as Tree;
    const name = typeof key === "string" ? key : key[0] === "Literal" ? key[1] : undefined;
    if (typeof name !== "string") throw new Error(`${k.name}: dict keys must be strings or names`);
    return [name, expression((pair as Node)[2] as Tree, k)] as const;
  });
  return (f, s) => {
    const obj: Record<string, unknown> = {};
    for (const [key, value] of pairs) obj[key] = value(f, s);
    return obj;
  };
}

/**
 * A macro (or a caller, which keeps the frame it is made in). Its body runs in a frame of its own holding its
 * arguments, with the context of the template that defines it, and returns its output marked safe.
 */
export function macro(t: Node, k: Compiling, keepFrame: boolean): Expr {
  const args = children(t[2]);
  const last = args[args.length - 1];
  const keywords = Array.isArray(last) && (last[0] === "KeywordArgs" || last[0] === "Dict") ? children(last) : [];
  const positional = (keywords.length ? args.slice(0, -1) : args).map(nameOf);
  const inner: Compiling = { ...k, nested: keepFrame };
  const keywordNames = keywords.map((pair) => nameOf((pair as Node)[1]));
  const defaults = keywords.map((pair) => expression((pair as Node)[2] as Tree, inner));
  // Compiled when first called: a template defines macros that many pages never call.
  let compiled: Stmt | undefined;
  const body: Stmt = (f, s, out) => (compiled ??= k.statement(t[3] as Tree, inner))(f, s, out);
  return (frame, scope) =>
    makeMacro(positional, keywordNames, (...values: unknown[]) => {
      const kwargs = (values[positional.length] ?? {}) as Record<string, unknown>;
      const f = keepFrame ? frame.push(true) : new runtime.Frame();
      if (Object.hasOwn(kwargs, "caller")) f.set("caller", kwargs.caller);
      positional.forEach((name, i) => f.set(name, values[i]));
      keywordNames.forEach((name, i) =>
        f.set(name, Object.hasOwn(kwargs, name) ? kwargs[name] : defaults[i]!(f, scope)),
      );
      return new SafeString(written(body, f, scope));
    });
}

function call(t: Node, k: Compiling): Expr {
  const fn = expression(t[1] as Tree, k);
  const name = calledName(t[1] as Tree);
  const args = children(t[2]).map((arg) => expression(arg, k));
  return (f, s) => {
    const values = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) values[i] = args[i]!(f, s);
    return callWrap(fn(f, s), name, s, values);
  };
}

function filter(t: Node, k: Compiling): Expr {
  const fn = k.filter(nameOf(t[1]));
  const args = children(t[2]).map((arg) => expression(arg, k));
  return (f, s) =>
    fn.apply(
      s,
      args.map((arg) => arg(f, s)),
    );
}

/** `x is test` or `x is test(args)`: true only if the test returns exactly true, as nunjucks compiles it. */
function test(t: Node, k: Compiling): Expr {
  const left = expression(t[1] as Tree, k);
  const right = t[2] as Tree;
  const called = typeof right !== "string" && right[0] === "FunCall";
  // A test is named by a name, a call (`sameas(x)`), or a literal (`is not null`), as nunjucks names it.
  const name = typeof right === "string" ? right : called ? nameOf(right[1]) : String(right[1]);
  const fn = k.test(name);
  const args = called ? children(right[2]).map((arg) => expression(arg, k)) : [];
  return (f, s) => fn.call(s, left(f, s), ...args.map((arg) => arg(f, s))) === true;
}

function compare(t: Node, k: Compiling): Expr {
  const first = expression(t[1] as Tree, k);
  const ops = (t[2] as Node[]).map((op) => {
    const fn = COMPARISONS[op[2] as string];
    if (!fn) throw new Error(`${k.name}: no comparison ${String(op[2])}`);
    return [fn, expression(op[1] as Tree, k)] as const;
  });
  // Chained as JavaScript chains them (left to right), which is what nunjucks' compiled code does.
  return (f, s) => ops.reduce<unknown>((acc, [fn, right]) => fn(acc, right(f, s)), first(f, s));
}

function list(t: Node, k: Compiling): Expr {
  const items = children(t).map((item) => expression(item, k));
  return (f, s) => items.map((item) => item(f, s));
}

function operator(t: Node, k: Compiling): Expr | undefined {
  const fn = OPERATORS[t[0]];
  if (!fn) return undefined;
  const left = expression(t[1] as Tree, k);
  const right = expression(t[2] as Tree, k);
  return (f, s) => fn(left(f, s), right(f, s));
}

export function expression(t: Tree, k: Compiling): Expr {
  if (typeof t === "string") return (f, s) => contextOrFrameLookup(s, f, t);
  switch (t[0]) {
    case "Literal": {
      const value = t[1];
      return () => value;
    }
    case "LookupVal": {
      const target = expression(t[1] as Tree, k);
      const key = expression(t[2] as Tree, k);
      return (f, s) => memberLookup(target(f, s), key(f, s));
    }
    case "FunCall":
      return call(t, k);
    case "Filter":
      return filter(t, k);
    case "Dict":
      return dict(t, k);
    case "KeywordArgs": {
      const obj = dict(t, k);
      return (f, s) => makeKeywordArgs(obj(f, s) as object);
    }
    case "Array":
      return list(t, k);
    case "Group": {
      const items = children(t).map((item) => expression(item, k));
      return (f, s) => items.reduce<unknown>((_, item) => item(f, s), undefined);
    }
    case "InlineIf": {
      const cond = expression(t[1] as Tree, k);
      const then = expression(t[2] as Tree, k);
      const otherwise = t[3] ? expression(t[3] as Tree, k) : () => "";
      return (f, s) => (cond(f, s) ? then(f, s) : otherwise(f, s));
    }
    case "Compare":
      return compare(t, k);
    case "Is":
      return test(t, k);
    case "And": {
      const left = expression(t[1] as Tree, k);
      const right = expression(t[2] as Tree, k);
      return (f, s) => left(f, s) && right(f, s);
    }
    case "Or": {
      const left = expression(t[1] as Tree, k);
      const right = expression(t[2] as Tree, k);
      return (f, s) => left(f, s) || right(f, s);
    }
    case "Not": {
      const target = expression(t[1] as Tree, k);
      return (f, s) => !target(f, s);
    }
    case "Neg": {
      const target = expression(t[1] as Tree, k);
      return (f, s) => -(target(f, s) as number);
    }
    case "Pos": {
      const target = expression(t[1] as Tree, k);
      return (f, s) => +(target(f, s) as number);
    }
    case "Caller":
      return macro(t, k, true);
    case "Capture": {
      const body = k.statement(t[1] as Tree, k);
      return (f, s) => written(body, f, s);
    }
  }
  const op = operator(t, k);
  if (op) return op;
  throw new Error(`${k.name}: cannot render a ${t[0]} expression`);
}
