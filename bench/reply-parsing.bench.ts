/**
 * Reply reading measured through the inbound path (raw MIME → parseMessage → own words), on the
 * committed corpus of client replies (test/fixtures/replies/corpus) and on the public fixture sets
 * of reply-parsing projects when their mirrors are on this machine (see reply-public-sets.ts):
 * how many come out exactly as the sender wrote them, how many keep quoted or signature text, how
 * many of the sender's words are lost, and how decisions read — beside email-reply-parser.
 */
import { readFileSync } from "node:fs";
import EmailReplyParserModule from "email-reply-parser";
import { ReplyText } from "@riia/core";
import { parseMessage } from "@riia/core/inbound";
import { printTable, recordResults } from "./results";
import { publicCases } from "./reply-public-sets";
import { talonInline } from "./reply-public-talon";
import { add, compareWords, emptyTally, scorePublic, type Reader, type SetScore } from "./reply-scoring";

const DIR = new URL("../test/fixtures/replies/corpus/", import.meta.url);
const EmailReplyParser =
  (EmailReplyParserModule as unknown as { default?: typeof EmailReplyParserModule }).default ?? EmailReplyParserModule;

interface Case {
  file: string;
  decision: "accept" | "decline" | "none";
  own: string;
}

/** riia: what the inbound path would store as the reply's own words. */
export const riiaReader: Reader = async (mime) => ReplyText.ownWords(await parseMessage(Buffer.from(mime))).text;

/** email-reply-parser on the same parsed message (its HTML turned into text by our converter). */
export const emailReplyParserReader: Reader = async (mime) => {
  const mail = await parseMessage(Buffer.from(mime));
  const text = mail.text ?? (typeof mail.html === "string" ? ReplyText.htmlToText(mail.html) : "");
  return new EmailReplyParser().parseReply(text).trim();
};

async function benchOwnCorpus() {
  // The generated corpus, and hand-written messages for the cases it lacks (forwards, quote-only, embedded).
  const cases = [
    ...(JSON.parse(readFileSync(new URL("corpus.json", DIR), "utf8")) as Case[]),
    ...(JSON.parse(readFileSync(new URL("hand/hand.json", DIR), "utf8")) as Case[]),
  ];
  const ours = emptyTally();
  const baseline = emptyTally();
  const decisions = { right: 0, wrong: 0, undecided: 0 };
  const failures: string[] = [];
  for (const c of cases) {
    const raw = readFileSync(new URL(c.file, DIR), "utf8")
      .replaceAll("{{FROM}}", "sam.hughes@leicester.example.org")
      .replaceAll("{{TO}}", "reply+token@reply.riia.example.org")
      .replace(/\r?\n/g, "\r\n");
    const own = await riiaReader(raw);
    const mine = compareWords(c.own, own);
    add(ours, mine);
    if (!mine.exact) failures.push(`${c.file}: lost ${mine.lost}, extra ${mine.extra}`);
    add(baseline, compareWords(c.own, await emailReplyParserReader(raw)));
    const subject = (await parseMessage(Buffer.from(raw))).subject ?? "";
    const d = ReplyText.readDecision({ text: own, subject }).decision;
    if (d === c.decision) decisions.right++;
    else if (d === "none") decisions.undecided++;
    else {
      decisions.wrong++;
      failures.push(`${c.file}: decided ${d}, expected ${c.decision}`);
    }
  }
  return { ours, baseline, decisions, failures };
}

export async function benchReplyParsing() {
  const own = await benchOwnCorpus();
  const cases = [...publicCases(), ...talonInline()];
  const ours = await scorePublic(cases, riiaReader);
  const theirs = await scorePublic(cases, emailReplyParserReader);
  return { own, publicSets: { ours, emailReplyParser: theirs } };
}

const figures = ({ asRead, ownAssertions, strict }: SetScore) => ({
  cases: asRead.cases,
  right: asRead.right,
  rightPct: asRead.rightPct,
  quotedKept: asRead.quotedKept,
  wordsLost: asRead.wordsLost,
  ownAssertionsOnly: {
    right: ownAssertions.right,
    rightPct: ownAssertions.rightPct,
    wordsLost: ownAssertions.wordsLost,
  },
  strict: { right: strict.right, rightPct: strict.rightPct, wordsLost: strict.wordsLost },
});

/** `npm run bench replies`: measure, record in results.json and print. */
export async function printReplyParsing() {
  const { own, publicSets } = await benchReplyParsing();
  const perSet = Object.fromEntries(Object.entries(publicSets.ours).map(([k, v]) => [k, figures(v)]));
  const baseline = Object.fromEntries(Object.entries(publicSets.emailReplyParser).map(([k, v]) => [k, figures(v)]));
  const { cases, ...ownFigures } = own.ours;
  recordResults({
    replyParsing: { ownCorpus: { messages: cases, ...ownFigures }, publicSets: perSet },
    replyParsingEmailReplyParser: { ownCorpus: own.baseline, publicSets: baseline },
    replyDecisions: own.decisions,
  });
  process.stdout.write(`\nReply reading, ${cases} client replies in test/fixtures/replies/corpus (inbound parse)\n`);
  printTable([
    ["replyParsing right %", own.ours.rightPct, "≥ 97"],
    ["replyParsing quoted kept (messages)", own.ours.quotedKept, "0"],
    ["replyParsing words lost", own.ours.wordsLost, "0"],
    ["email-reply-parser right %", own.baseline.rightPct],
    ["decisions right", own.decisions.right],
    ["decisions wrong", own.decisions.wrong, "0"],
    ["decisions left undecided", own.decisions.undecided],
  ]);
  for (const f of own.failures) process.stdout.write(`  ! ${f}\n`);
  process.stdout.write("\nPublic fixture sets (expected reply from each project's own tests; riia rule / verbatim)\n");
  printTable(
    Object.entries(perSet).map(([set, f]) => [
      `${set}: right / quoted kept / words lost`,
      `${f.right}/${f.cases} = ${f.rightPct} % / ${f.quotedKept} / ${f.wordsLost}  (own assertions only ${f.ownAssertionsOnly.rightPct} %; verbatim ${f.strict.rightPct} %; email-reply-parser ${baseline[set]?.rightPct} %)`,
      set.includes("combined") ? "≥ 97 %, 0 lost" : undefined,
    ]),
  );
  for (const m of publicSets.ours.combined?.misses ?? []) process.stdout.write(`  ! ${m}\n`);
}
