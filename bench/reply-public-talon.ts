/**
 * talon's plain-text tests keep their messages inline (Python string literals) rather than in
 * files: each `eq_(<expected>, quotations.extract_from_plain(<message>))` is one case, read with the
 * same rule as the other sets (literals and variables assigned in the same test only; a message
 * built with .format or % is skipped, as it is not a literal message). Reported as its own set.
 */
import { asMime, gitDir, show, type PublicCase } from "./reply-public-sets";

/** One Python string literal at `at` (prefixes u/r/b, single or triple quotes). */
function pyLiteral(src: string, at: number): { value: string; end: number } | undefined {
  const m = /^([uUrRbB]{0,2})("""|'''|"|')/.exec(src.slice(at));
  if (!m) return undefined;
  const raw = /r/i.test(m[1]!);
  const quote = m[2]!;
  let value = "";
  for (let i = at + m[0].length; i < src.length; i++) {
    if (src.startsWith(quote, i)) return { value, end: i + quote.length };
    const c = src[i]!;
    if (c === "\n" && quote.length === 1) return undefined;
    if (c !== "\\" || raw) {
      value += c;
      continue;
    }
    const n = src[++i]!;
    if (n === "\n") continue;
    if (n === "x" && /^[0-9a-f]{2}$/i.test(src.slice(i + 1, i + 3))) {
      value += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    value += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[n] ?? (`'"\\`.includes(n) ? n : `\\${n}`);
  }
  return undefined;
}

/** A string expression: adjacent or +-joined literals and known variables, perhaps in parentheses. */
function pyString(src: string, at: number, vars: Map<string, string>): { value: string; end: number } | undefined {
  let i = at;
  let value = "";
  let parts = 0;
  const open = /^\s*\(/.exec(src.slice(i));
  if (open && !/^\s*\(\s*\)/.test(src.slice(i))) i += open[0].length;
  for (;;) {
    const gap = /^[\s+]*/.exec(src.slice(i))![0];
    const lit = pyLiteral(src, i + gap.length);
    const name = /^[A-Za-z_]\w*/.exec(src.slice(i + gap.length))?.[0];
    if (lit) {
      value += lit.value;
      i = lit.end;
    } else if (name && vars.has(name) && (parts === 0 || gap.includes("+"))) {
      value += vars.get(name)!;
      i += gap.length + name.length;
    } else break;
    parts++;
  }
  if (!parts || /^\s*(\.format|%|\.replace|\.join|\[)/.test(src.slice(i))) return undefined;
  if (open) {
    const close = /^\s*\)/.exec(src.slice(i));
    if (!close) return undefined;
    i += close[0].length;
  }
  return { value, end: i };
}

const STEP = /^[ \t]*([A-Za-z_]\w*)\s*=\s*|eq_\(\s*/gm;

/** The cases of one test function, in source order (a variable may be reassigned between checks). */
function casesOf(name: string, body: string): { name: string; message: string; expected: string }[] {
  const vars = new Map<string, string>();
  const out: { name: string; message: string; expected: string }[] = [];
  for (const m of body.matchAll(STEP)) {
    const at = m.index + m[0].length;
    if (m[1]) {
      const v = pyString(body, at, vars);
      if (v) vars.set(m[1], v.value);
      else vars.delete(m[1]);
      continue;
    }
    const expected = pyString(body, at, vars);
    const call = expected && /^\s*,\s*quotations\.extract_from_plain\(/.exec(body.slice(expected.end));
    if (!expected || !call) continue;
    const message = pyString(body, expected.end + call[0].length, vars);
    if (message && /^\s*\)/.test(body.slice(message.end)))
      out.push({ name: `${name}#${out.length + 1}`, message: message.value, expected: expected.value });
  }
  return out;
}

export function talonInline(): PublicCase[] {
  const git = gitDir("mailgun/talon");
  if (!git) return [];
  const src = show(git, "tests/text_quotations_test.py");
  const set = "mailgun/talon (inline tests)";
  const fns = src.split(/^def /m);
  return fns.slice(1).flatMap((fn, k) => {
    const name = /^\w+/.exec(fn)![0];
    // A test run under a patched setting (a decorator just above it) or a helper is not a plain message.
    if (!name.startsWith("test_") || /^@patch/m.test(fns[k]!.split(/\n\s*\n/).at(-1) ?? "")) return [];
    return casesOf(name, fn).map((c) => ({
      set,
      name: c.name,
      mime: asMime(c.message, "plain"),
      expected: c.expected,
      basis: "whole" as const,
      inline: true,
    }));
  });
}
