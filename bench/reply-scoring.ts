/**
 * Scoring a reply reader against expected replies. A case is right when the words come out exactly
 * as expected (whitespace aside); "quoted kept" when words appear that are not the sender's; "words
 * lost" counts the expected words missing from the output (multisets, so order slips still count as
 * not right but lose nothing).
 *
 * The public sets expect different things of signatures: talon's quotation stage leaves them in
 * (stripping them is its separate signature stage), the email_reply_parser family hides "Sent from my
 * iPhone" and sometimes a "-Name" line. riia stores the sender's words without what their client
 * adds or what they mark as a signature, so one rule is applied to every expected reply before
 * comparing ("as riia reads it"): a line that is exactly a mail client's footer ("Sent from my
 * iPhone", "Get Outlook for iOS", "Sent with Sparrow (…)") is dropped, and so is everything from an
 * RFC 3676 "-- " delimiter on. The verbatim comparison is reported beside it ("strict").
 */
import type { PublicCase } from "./reply-public-sets";

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const flat = (s: string) => words(s).join(" ");

/** Expected words missing from the output, and output words not expected (multisets). */
export function compareWords(expected: string, actual: string, ignoreWhitespace = false) {
  const left = new Map<string, number>();
  for (const w of words(actual)) left.set(w, (left.get(w) ?? 0) + 1);
  let lost = 0;
  for (const w of words(expected)) {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    else lost++;
  }
  const extra = [...left.values()].reduce((a, b) => a + b, 0);
  const squash = (s: string) => s.replace(/\s+/g, "");
  const exact = ignoreWhitespace ? squash(expected) === squash(actual) : flat(expected) === flat(actual);
  return exact ? { lost: 0, extra: 0, exact } : { lost, extra, exact };
}

// A client's footer, alone on its line: "Sent from my iPhone", "Sent from Mail for Windows", "Sent with
// Sparrow (http://…)", "Get Outlook for iOS". A sentence that merely starts "Sent from my" has more in it.
const CLIENT_FOOTER =
  /^(sent (from|with|via) (my )?[\w'’ -]{1,40}?( for [\w ]{1,20})?( \(\S+\))?|get outlook for (ios|android))\.?$/i;

/** The expected reply as riia reads replies: without client footers and RFC 3676 signatures. */
export function asRiiaReadsIt(expected: string): string {
  const lines = expected.replace(/\r\n?/g, "\n").split("\n");
  const sig = lines.findIndex((l) => /^-- ?$/.test(l));
  return (sig >= 0 ? lines.slice(0, sig) : lines)
    .filter((l) => !CLIENT_FOOTER.test(l.trim()))
    .join("\n")
    .trim();
}

export interface Tally {
  cases: number;
  right: number;
  rightPct: number;
  quotedKept: number;
  wordsLost: number;
}

export const emptyTally = (): Tally => ({ cases: 0, right: 0, rightPct: 0, quotedKept: 0, wordsLost: 0 });

export function add(t: Tally, r: { exact: boolean; extra: number; lost: number }) {
  t.cases++;
  t.right += r.exact ? 1 : 0;
  t.quotedKept += r.extra ? 1 : 0;
  t.wordsLost += r.lost;
  t.rightPct = Math.round((1000 * t.right) / t.cases) / 10;
}

/** A reader under test: a raw message in, the text it would store out. */
export type Reader = (mime: string) => Promise<string>;

export interface SetScore {
  asRead: Tally;
  /** The same, but every case against its own set's assertion (no whole reply from another set). */
  ownAssertions: Tally;
  strict: Tally;
  misses: string[];
}

const emptyScore = (): SetScore => ({
  asRead: emptyTally(),
  ownAssertions: emptyTally(),
  strict: emptyTally(),
  misses: [],
});

/** Score one reader over public cases, per set and combined. */
export async function scorePublic(cases: PublicCase[], read: Reader): Promise<Record<string, SetScore>> {
  const out: Record<string, SetScore> = {};
  const all = emptyScore();
  const files = emptyScore();
  for (const c of cases) {
    const set = (out[c.set] ??= emptyScore());
    const text = await read(c.mime);
    const asRead = compareWords(asRiiaReadsIt(c.expected), text, c.ignoreWhitespace);
    const strict = compareWords(c.expected, text, c.ignoreWhitespace);
    const own = c.ownExpected ? compareWords(asRiiaReadsIt(c.ownExpected), text, c.ignoreWhitespace) : asRead;
    for (const s of c.inline ? [set, all] : [set, files, all]) {
      add(s.asRead, asRead);
      add(s.ownAssertions, own);
      add(s.strict, strict);
    }
    if (!asRead.exact) {
      const miss = `${c.set} ${c.name} (${c.basis}): lost ${asRead.lost}, extra ${asRead.extra}`;
      set.misses.push(miss);
      all.misses.push(miss);
    }
  }
  return { ...out, "fixture files combined": files, combined: all };
}
