// The parts of nunjucks the view engine uses directly; @types/nunjucks describes only its public Environment API.
declare module "nunjucks/src/runtime.js" {
  export class Frame {
    constructor(parent?: Frame, isolateWrites?: boolean);
    variables: Record<string, unknown>;
    parent: Frame | undefined;
    topLevel: boolean;
    set(name: string, value: unknown, resolveUp?: boolean): void;
    lookup(name: string): unknown;
    push(isolateWrites?: boolean): Frame;
  }
  export class SafeString {
    constructor(value: string);
  }
  export function makeMacro(
    argNames: string[],
    kwargNames: string[],
    func: (...args: unknown[]) => unknown,
  ): (...args: unknown[]) => unknown;
  export function makeKeywordArgs<T extends object>(obj: T): T;
  export function suppressValue(value: unknown, autoescape: boolean): unknown;
  export function memberLookup(obj: unknown, key: unknown): unknown;
  export function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown;
  export function contextOrFrameLookup(context: { lookup(name: string): unknown }, frame: Frame, name: string): unknown;
  export function fromIterator(value: unknown): unknown;
  export function markSafe(value: unknown): unknown;
  export function inOperator(key: unknown, value: unknown): boolean;
  const runtime: {
    Frame: typeof Frame;
    SafeString: typeof SafeString;
    makeMacro: typeof makeMacro;
    makeKeywordArgs: typeof makeKeywordArgs;
    suppressValue: typeof suppressValue;
    memberLookup: typeof memberLookup;
    callWrap: typeof callWrap;
    contextOrFrameLookup: typeof contextOrFrameLookup;
    fromIterator: typeof fromIterator;
    markSafe: typeof markSafe;
    inOperator: typeof inOperator;
  };
  export default runtime;
}

declare module "nunjucks/src/filters.js" {
  const filters: Record<string, (...args: unknown[]) => unknown>;
  export default filters;
}

declare module "nunjucks/src/tests.js" {
  const tests: Record<string, (...args: unknown[]) => unknown>;
  export default tests;
}

declare module "nunjucks/src/globals.js" {
  const globals: () => Record<string, unknown>;
  export default globals;
}

declare module "nunjucks/src/parser.js" {
  const parser: { parse(source: string, extensions: unknown[], options: object): unknown };
  export default parser;
}

declare module "nunjucks/src/transformer.js" {
  const transformer: { transform(ast: unknown, asyncFilters: string[], name: string): unknown };
  export default transformer;
}
