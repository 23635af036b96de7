/**
 * The public fixture sets of reply-parsing projects, read at bench time from local mirrors of their
 * repositories (never copied into this repository). Each case is a fixture message plus the reply
 * text that the project's OWN tests expect, taken from its test source by one rule for every set:
 *
 * - an equality assertion whose expected side is a literal (or a constant defined in the same test
 *   file) and whose actual side is the parser's whole visible reply (parse_reply / parseReply /
 *   visible_text / getVisibleText) is the whole reply ("whole");
 * - failing that, an equality assertion on the first fragment (`fragments[0]`) is taken as the
 *   reply ("first"): in these projects the first fragment is the reply above the quote;
 * - tests that rewrite the fixture before parsing (placeholders) are skipped: the file is not the message.
 *
 * talon's tests say it in code rather than literals: each standard reply's expected text is its
 * `<name>_reply_text` file, or "Hello" when there is none, and every html_replies fixture's reply is
 * the one text its test names, compared with all whitespace removed.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface PublicCase {
  set: string;
  name: string;
  /** The message as it arrives over SMTP. */
  mime: string;
  expected: string;
  basis: "whole" | "first";
  /** When `expected` is another set's whole-reply assertion: what this set's own test asserts. */
  ownExpected?: string;
  /** A message written inline in a test's source rather than kept as a fixture file. */
  inline?: boolean;
  /** talon's html replies are compared with all whitespace removed, as its tests do. */
  ignoreWhitespace?: boolean;
}

const MIRRORS = process.env.REPLY_FIXTURE_MIRRORS ?? "/work/.mirror";

/** A git directory of a mirrored repository, or undefined when it is not on this machine. */
export function gitDir(repo: string): string | undefined {
  const base = `${MIRRORS}/${repo.replace("/", "+")}/repo`;
  if (existsSync(`${base}/.git/HEAD`)) return `${base}/.git`;
  return existsSync(`${base}/HEAD`) ? base : undefined;
}

export const show = (git: string, path: string) =>
  execFileSync("git", [`--git-dir=${git}`, "show", `HEAD:${path}`], { maxBuffer: 1 << 26 }).toString("utf8");
export const list = (git: string, dir: string) =>
  execFileSync("git", [`--git-dir=${git}`, "ls-tree", "--name-only", `HEAD:${dir}`])
    .toString("utf8")
    .split("\n");

/** A plain-text or HTML body as a single-part message, with CRLF line ends as SMTP carries it. */
export function asMime(body: string, type: "plain" | "html"): string {
  const crlf = body.replace(/\r?\n/g, "\r\n");
  return [
    "From: Sam Hughes <sam.hughes@leicester.example.org>",
    "To: reply+token@reply.riia.example.org",
    "Subject: Re: Peer scrutiny",
    "Message-ID: <fixture@leicester.example.org>",
    "MIME-Version: 1.0",
    `Content-Type: text/${type}; charset=utf-8`,
    "Content-Transfer-Encoding: 8bit",
    "",
    crlf,
  ].join("\r\n");
}

type Lang = "js" | "ruby" | "php";

/** Read one string literal (or heredoc) at `at`: its value and where it ends. */
function literal(src: string, at: number, lang: Lang): { value: string; end: number } | undefined {
  const heredoc = /^<<<['"]?(\w+)['"]?\n([\s\S]*?)\n([ \t]*)\1\b/.exec(src.slice(at));
  if (heredoc) {
    const indent = heredoc[3]!;
    const value = heredoc[2]!.replace(new RegExp(`^${indent}`, "gm"), "");
    return { value, end: at + heredoc[0].length };
  }
  const q = src[at];
  if (q !== '"' && q !== "'") return undefined;
  const escapes = q === '"' || lang === "js";
  let value = "";
  for (let i = at + 1; i < src.length; i++) {
    const c = src[i]!;
    if (c === q) return { value, end: i + 1 };
    if (c !== "\\") {
      value += c;
      continue;
    }
    const n = src[++i]!;
    if (!escapes) value += n === q || n === "\\" ? n : `\\${n}`;
    else if (n === "\n")
      continue; // a JavaScript line continuation
    else value += ({ n: "\n", t: "\t", r: "\r" } as Record<string, string>)[n] ?? n;
  }
  return undefined;
}

/** The expected side of an assertion: literals and same-file constants, joined by + or . */
function expectedValue(src: string, at: number, lang: Lang, file = src): { value: string; end: number } | undefined {
  let value = "";
  let i = at;
  for (;;) {
    while (/\s/.test(src[i] ?? "")) i++;
    const lit = literal(src, i, lang);
    const ident = /^(?:(?:static|self)::)?([A-Z][A-Z0-9_]+)\b/.exec(src.slice(i));
    if (lit) {
      value += lit.value;
      i = lit.end;
    } else if (ident) {
      const def = new RegExp(`\\b${ident[1]}\\s*=\\s*`).exec(file);
      const constant = def ? expectedValue(file, def.index + def[0].length, lang) : undefined;
      if (!constant) return undefined;
      value += constant.value;
      i += ident[0].length;
    } else return undefined;
    const join = /^\s*[+.]\s*(?=["'A-Z<])/.exec(src.slice(i));
    if (!join) return { value, end: i };
    i += join[0].length;
  }
}

const ASSERT = /(?:\btest\.equal|test\.strictEqual|assert_equal|\$this->assertEquals|\$this->assertSame)\b\s*\(?/g;
const FIXTURE =
  /\b(?:get_email|email|getFixtures|join)\(\s*:?["']?([\w.-]+?)(?:\.txt)?["']?\s*\)|\/fixtures\/([\w.-]+)\.txt["']/g;
const START = /^\s*(?:export function|def |public function|function )/m;

/** Fixture name → expected reply, from one test source file. */
export function expectationsFromTests(
  src: string,
  lang: Lang,
): Map<string, { text: string; basis: "whole" | "first" }> {
  const found = new Map<string, { text: string; basis: "whole" | "first" }>();
  for (const body of src.split(START)) {
    if (/str_replace\(|\.gsub\(|\.replace\(\s*['"]\[/.test(body)) continue;
    const refs = [...body.matchAll(FIXTURE)].map((m) => ({ at: m.index, name: (m[1] ?? m[2])! }));
    for (const a of body.matchAll(ASSERT)) {
      const fixture = refs.filter((r) => r.at < a.index).at(-1);
      const expected = fixture && expectedValue(body, a.index + a[0].length, lang, src);
      if (!fixture || !expected) continue;
      const actual = /^\s*,([^;]*?)(?:;|\n\s*\n|\n\s*end\b|$)/.exec(body.slice(expected.end))?.[1] ?? "";
      const variable = /^\s*([a-z]\w*)\s*\)?\s*$/i.exec(actual)?.[1];
      const whole =
        /parse_?reply|visible_?text/i.test(actual) ||
        (!!variable && new RegExp(`\\b${variable}\\s*=.*(parse_?reply|visible_?text)`, "i").test(body));
      const basis = whole ? "whole" : /fragments\[0\]/.test(actual) ? "first" : undefined;
      if (!basis) continue;
      const before = found.get(fixture.name);
      if (!before || (before.basis === "first" && basis === "whole"))
        found.set(fixture.name, { text: expected.value, basis });
    }
  }
  return found;
}

/** A set whose tests state expectations as literals beside a folder of .txt fixtures. */
function literalSet(repo: string, dir: string, tests: string[], lang: Lang): PublicCase[] {
  const git = gitDir(repo);
  if (!git) return [];
  const files = new Map(list(git, dir).map((f) => [f.replace(/\.txt$/, ""), f]));
  const cases: PublicCase[] = [];
  const seen = new Set<string>();
  for (const test of tests) {
    for (const [name, e] of expectationsFromTests(show(git, test), lang)) {
      const file = files.get(name);
      if (!file || seen.has(name)) continue;
      seen.add(name);
      const body = show(git, `${dir}/${file}`);
      cases.push({ set: repo, name, mime: asMime(body, "plain"), expected: e.text, basis: e.basis });
    }
  }
  return cases;
}

function talon(): PublicCase[] {
  const repo = "mailgun/talon";
  const git = gitDir(repo);
  if (!git) return [];
  const std = "tests/fixtures/standard_replies";
  const names = list(git, std);
  const cases: PublicCase[] = names
    .filter((f) => f.endsWith(".eml"))
    .map((f) => {
      const own = f.replace(/\.eml$/, "_reply_text");
      const expected = names.includes(own) ? show(git, `${std}/${own}`).trim() : "Hello";
      return { set: repo, name: f, mime: show(git, `${std}/${f}`), expected, basis: "whole" as const };
    });
  const test = show(git, "tests/html_quotations_test.py");
  const reply = /def extract_reply_and_check[\s\S]*?RE_WHITESPACE\.sub\(''\s*,\s*/.exec(test);
  const expected = reply && expectedValue(test, reply.index + reply[0].length, "ruby");
  for (const m of expected ? test.matchAll(/extract_reply_and_check\("([^"]+\.html)"\)/g) : []) {
    const html = show(git, m[1]!);
    const name = m[1]!.split("/").at(-1)!;
    cases.push({
      set: repo,
      name,
      mime: asMime(html, "html"),
      expected: expected!.value,
      basis: "whole",
      ignoreWhitespace: true,
    });
  }
  return cases;
}

/**
 * The same message appears in several sets (one copy's mailing-list rule shortened, a trailing space
 * lost). Where one set's tests assert its whole reply and another's only its first fragment, the
 * whole-reply assertion (the stronger statement) is used; the set's own is kept beside it.
 */
function preferWholeAssertions(cases: PublicCase[]): PublicCase[] {
  const same = (c: PublicCase) =>
    c.mime
      .split("\r\n\r\n")
      .slice(1)
      .join(" ")
      .split(/\s+/)
      .filter((w) => w && !/^[-_=]+$/.test(w))
      .join(" ");
  const whole = new Map(cases.filter((c) => c.basis === "whole").map((c) => [same(c), c.expected]));
  return cases.map((c) => {
    const expected = c.basis === "first" ? whole.get(same(c)) : undefined;
    if (expected === undefined || expected === c.expected) return c;
    return {
      ...c,
      expected,
      ownExpected: c.expected,
      basis: "whole",
      name: `${c.name} (whole reply asserted by another set)`,
    };
  });
}

/** Every public case whose mirror is on this machine. */
export function publicCases(): PublicCase[] {
  return preferWholeAssertions([
    ...talon(),
    ...literalSet("crisp-oss/email-reply-parser", "test/fixtures", ["test/test.js"], "js"),
    ...literalSet("github/email_reply_parser", "test/emails", ["test/email_reply_parser_test.rb"], "ruby"),
    ...literalSet(
      "willdurand/EmailReplyParser",
      "tests/Fixtures",
      [
        "tests/EmailReplyParser/Tests/EmailReplyParserTest.php",
        "tests/EmailReplyParser/Tests/Parser/EmailParserTest.php",
      ],
      "php",
    ),
  ]);
}
