/**
 * Reply reading measured on the committed corpus of client replies (test/fixtures/replies/corpus):
 * how many come out exactly as the reviewer wrote them, how many keep quoted or signature text,
 * how many of the reviewer's words are lost, and how decisions read — beside email-reply-parser.
 */
import { readFileSync } from "node:fs";
import { simpleParser } from "mailparser";
import EmailReplyParserModule from "email-reply-parser";
import { ReplyText } from "@riia/core";
import { printTable, recordResults } from "./results";

const DIR = new URL("../test/fixtures/replies/corpus/", import.meta.url);
const EmailReplyParser =
  (EmailReplyParserModule as unknown as { default?: typeof EmailReplyParserModule }).default ?? EmailReplyParserModule;

interface Case {
  file: string;
  decision: "accept" | "decline" | "none";
  own: string;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const flat = (s: string) => words(s).join(" ");

/** Expected words missing from the output, and output words not expected (multisets). */
export function compareWords(expected: string, actual: string) {
  const left = new Map<string, number>();
  for (const w of words(actual)) left.set(w, (left.get(w) ?? 0) + 1);
  let lost = 0;
  for (const w of words(expected)) {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    else lost++;
  }
  const extra = [...left.values()].reduce((a, b) => a + b, 0);
  return { lost, extra, exact: flat(expected) === flat(actual) };
}

export async function benchReplyParsing() {
  const cases = JSON.parse(readFileSync(new URL("corpus.json", DIR), "utf8")) as Case[];
  const ours = { right: 0, quotedKept: 0, wordsLost: 0 };
  const baseline = { right: 0, quotedKept: 0, wordsLost: 0 };
  const decisions = { right: 0, wrong: 0, undecided: 0 };
  const failures: string[] = [];
  for (const c of cases) {
    const raw = readFileSync(new URL(c.file, DIR), "utf8")
      .replaceAll("{{FROM}}", "sam.hughes@leicester.example.org")
      .replaceAll("{{TO}}", "reply+token@reply.riia.example.org");
    const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true });
    const own = ReplyText.ownWords(mail);
    const mine = compareWords(c.own, own.text);
    ours.right += mine.exact ? 1 : 0;
    ours.quotedKept += mine.extra ? 1 : 0;
    ours.wordsLost += mine.lost;
    if (!mine.exact) failures.push(`${c.file}: lost ${mine.lost}, extra ${mine.extra}`);
    const fallback = mail.text ?? (typeof mail.html === "string" ? ReplyText.htmlToText(mail.html) : "");
    const theirs = compareWords(c.own, new EmailReplyParser().parseReply(fallback).trim());
    baseline.right += theirs.exact ? 1 : 0;
    baseline.quotedKept += theirs.extra ? 1 : 0;
    baseline.wordsLost += theirs.lost;
    const d = ReplyText.readDecision({ text: own.text, subject: mail.subject ?? "" }).decision;
    if (d === c.decision) decisions.right++;
    else if (d === "none") decisions.undecided++;
    else {
      decisions.wrong++;
      failures.push(`${c.file}: decided ${d}, expected ${c.decision}`);
    }
  }
  const pct = (n: number) => Math.round((1000 * n) / cases.length) / 10;
  return {
    messages: cases.length,
    replyParsing: { rightPct: pct(ours.right), quotedKept: ours.quotedKept, wordsLost: ours.wordsLost },
    emailReplyParser: { rightPct: pct(baseline.right), quotedKept: baseline.quotedKept, wordsLost: baseline.wordsLost },
    decisions,
    failures,
  };
}

/** `npm run bench replies`: measure, record in results.json and print. */
export async function printReplyParsing() {
  const r = await benchReplyParsing();
  recordResults({ replyParsing: r.replyParsing, replyDecisions: r.decisions });
  process.stdout.write(
    `\nReply reading, ${r.messages} client replies in test/fixtures/replies/corpus (whole MIME parse)\n`,
  );
  printTable([
    ["replyParsing right %", r.replyParsing.rightPct, "≥ 97"],
    ["replyParsing quoted kept (messages)", r.replyParsing.quotedKept, "0"],
    ["replyParsing words lost", r.replyParsing.wordsLost, "0"],
    ["email-reply-parser right %", r.emailReplyParser.rightPct],
    ["email-reply-parser quoted kept", r.emailReplyParser.quotedKept],
    ["email-reply-parser words lost", r.emailReplyParser.wordsLost],
    ["decisions right", r.decisions.right],
    ["decisions wrong", r.decisions.wrong, "0"],
    ["decisions left undecided", r.decisions.undecided],
  ]);
  for (const f of r.failures) process.stdout.write(`  ! ${f}\n`);
}
