/**
 * The words a person wrote in an email reply, without the quoted history, forwarded chains or the
 * marked parts of a signature. Works on the plain-text part when the client sent one, otherwise on
 * the HTML (turned into text with quotes kept as "> " lines). It errs towards keeping words: a reply
 * written below or between quotes keeps every unquoted line, and only clearly marked endings cut.
 */
import { htmlToText } from "./html-text";

export interface OwnWords {
  /** What the person wrote. */
  text: string;
  /** Whether anything was removed as quoted history. */
  quoted: boolean;
}

// Words that say "wrote" in the attribution line clients put above a quote ("On … wrote:", "Le … a écrit :"…).
const WROTE_WORDS =
  "wrote|writes|a écrit|schrieb|escribió|ysgrifennodd|pisze|napisał\\(a\\)|napisał|napisała|napisana przez|het volgende geschreven|schreef|ha scritto|escreveu|skrev|kirjoitti|написал|написала|написав|írta|đã viết|写道";
const WROTE = new RegExp(`(^|[^\\p{L}])(${WROTE_WORDS})(?![\\p{L}])`, "iu");
const WROTE_AT_END = new RegExp(`(^|[^\\p{L}])(${WROTE_WORDS}):?$`, "iu");
// Reply text typed on the attribution's own line, before it ("reply On Wed, … wrote:").
const BEFORE_ATTRIBUTION = /^(.*?[^\s-])(?:\s|-{2,})+(On|Le|Am|El|Op|Il|W dniu) \D{0,20}\d.*$/;
const ATTRIBUTION_START =
  /^(on|le|am|el|ar|w dniu|dnia|wiadomość|op|il|in data|em|den|på|às|\d{1,4}[./-])(?![\p{L}])/iu;
// Header names of a quoted message in Outlook and Gmail forwards, in the languages reviewers use.
const FROM =
  /^\*?(from|de|von|od|van|da|oddi wrth|från|fra|lähettäjä|от|message du|发件人|寄件者)\s*\*?\s*[:：]\s*\*?\S/i;
const HEADER =
  /^\*?(sent|date|envoyé|gesendet|datum|enviado(?: el)?|fecha|wysłano|wysłane|data|verzonden|inviato|anfonwyd|dyddiad|skickat|sendt|subject|objet|betreff|asunto|temat|pwnc|onderwerp|oggetto|assunto|to|à|an|para|do|at|aan|a|till|til|cc|dw|kopie|dato|emne|sujet|copie à|отправлено|дата|кому|тема|发送时间|发件时间|收件人|抄送|主题|日期|寄件日期|收件者|主旨)\s*\*?\s*[:：]/i;
const ONE_LINE_HEADER =
  /^\*?(from|de|von|od|oddi wrth|van|da|от)\s*\*?\s*:.{1,300}\b(sent|date|envoyé|gesendet|enviado|wysłano|anfonwyd|verzonden|inviato|data|datum)\s*\*?\s*:/i;
const FORWARD_MARK =
  /^(-{2,}|_{2,}|={2,})?\s*(original message|forwarded message|message d'origine|message transféré|ursprüngliche nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|wiadomość oryginalna|wiadomość przekazana|oryginalna wiadomość|neges wreiddiol|neges wedi'i hanfon ymlaen|oorspronkelijk bericht|doorgestuurd bericht|messaggio originale|messaggio inoltrato|oprindelig besked|videresendt besked)\s*(-{2,}|_{2,}|={2,})?\s*$/i;
const BEGIN_FORWARD =
  /^(begin forwarded message|début du message (réexpédié|transféré)|anfang der weitergeleiteten (nachricht|e-mail)|inicio del mensaje reenviado|początek przekazanej wiadomości|dechrau neges wedi'i hanfon ymlaen)\s*:?\s*$/i;
const RULE = /^\s*_{20,}\s*$/;
const SIG_DELIMITER = /^-- ?$/;
const MOBILE =
  /^(sent from my [\w' -]{1,40}|gesendet von outlook für (ios|android)\b.*|envoyé à partir de outlook pour (ios|android)\b.*|sent from (outlook|mail|yahoo mail|my samsung|my galaxy)\b.*|get outlook for (ios|android)\b.*|sent from mail for windows.*|envoyé de mon (iphone|ipad|mobile)|envoyé depuis mon (iphone|ipad|mobile)|von meinem (iphone|ipad|smartphone) gesendet|enviado desde mi (iphone|ipad|móvil)|wysłane z (mojego )?(iphone|ipad|telefonu)('a)?|anfonwyd o fy (iphone|ipad|ffôn)|sent from \w{2,30} ?[<(]https?:\/\/\S+[>)])\.?$/i;
// A mailing list's footer (Mailman's): a rule, then "<list> mailing list", its address and web page.
const LIST_FOOTER = /^\S.{0,60} mailing list$/i;
const SEPARATOR = /^[-_=*~#+.\s]+$/;

// A banner such as ">>> http://… <<<" is text, not a quote.
const isQuoted = (line: string) => /^\s*>/.test(line) && !/<<+\s*$/.test(line);
const clean = (line: string) => line.replace(/\u00a0/g, " ").trim();

/** The next non-blank line at or after `from`, or -1. */
function nextFilled(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (clean(lines[i]!)) return i;
  return -1;
}

/** An attribution ("On Mon, … wrote:") starting at line i, possibly wrapped over three lines: how many lines it takes. */
function attribution(lines: string[], i: number): number {
  const first = clean(lines[i]!);
  if (!first || isQuoted(first)) return 0;
  // Only a line that starts like an attribution (or breaks inside an address) may continue on the next.
  const wraps = ATTRIBUTION_START.test(first) || /<[^>]*$/.test(first) || /^\s*<\S+@/.test(lines[i + 1] ?? "");
  for (let n = 1; n <= (wraps ? 3 : 1) && i + n <= lines.length; n++) {
    const last = lines[i + n - 1]!;
    // An address wrapped before its closing bracket leaves ">:" alone on the next line.
    const closesAddress = /^>\s*:$/.test(clean(last)) && /<[^>]*$/.test(clean(lines[i + n - 2] ?? ""));
    if (n > 1 && (!clean(last) || (isQuoted(last) && !closesAddress))) return 0;
    const joined = lines
      .slice(i, i + n)
      .map(clean)
      .join(closesAddress ? "" : " ")
      .replace(/^-{2,}\s*|\s*-{2,}$/g, ""); // Zoho's "---- On … wrote ----"
    if (joined.length > 400) return 0;
    // "On … wrote" without its colon, as some clients write it, and Android's "---- Sam wrote ----".
    if (ATTRIBUTION_START.test(joined) && /(^|\s)(wrote|a écrit|schrieb|escribió)$/i.test(joined)) return n;
    if (n === 1 && /^-{2,}.*-{2,}$/.test(first) && WROTE_AT_END.test(joined)) return n;
    // Old Gmail: "2011/4/7 Sam Hughes <sam@…>" above a quote, without a colon.
    const quoteNext = isQuoted(lines[nextFilled(lines, i + n)] ?? "");
    if (quoteNext && /^\d{4}[/-]\d{1,2}[/-]\d{1,2}\b.*<[^<>\s]+@[^<>\s]+>$/.test(joined)) return n;
    if (!joined.endsWith(":")) continue;
    if (ATTRIBUTION_START.test(joined) && /\bsent:$/i.test(joined) && /@/.test(joined) && /\d/.test(joined)) return n;
    // A line naming a sender's address and ending in a colon ("…, Sam <sam@x.org>:") introduces a quote.
    if (/<[^<>\s]+@[^<>\s]+>\)?\s*:$/.test(joined) && /\d/.test(joined)) return n;
    if (WROTE.test(joined) && /@/.test(joined) && /\d/.test(joined)) return n;
    if (ATTRIBUTION_START.test(joined) && WROTE.test(joined)) return n;
    // "Sam Hughes <sam@…> wrote:" or "2026-09-07 9:00 GMT+01:00 Sam <sam@…>:" directly above a quote.
    const next = nextFilled(lines, i + n);
    if (next >= 0 && isQuoted(lines[next]!) && (WROTE.test(joined) || /@[\w.-]+>?:$/.test(joined))) return n;
  }
  return 0;
}

/**
 * An attribution spread over several short lines with blanks between (Polymail puts the address on
 * lines of its own): "On <date> Sam" … "<" … "mailto:sam@…" … "> wrote:". How many lines it takes.
 */
function spreadAttribution(lines: string[], i: number): number {
  const first = clean(lines[i]!);
  if (!ATTRIBUTION_START.test(first) || !/\d/.test(first) || first.endsWith(":")) return 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
    const line = clean(lines[j]!).replace(/^>\s*/, "");
    if (WROTE_AT_END.test(line) && line.endsWith(":") && line.length < 40) return j - i + 1;
    if (line && !/^<|@|mailto:/.test(line)) return 0;
  }
  return 0;
}

// A date as mail software writes it (seconds, a zone offset or AM/PM), not as a person types one.
const DATE_HEADER = /^\*?(date|sent)\s*\*?\s*:.*\d{4}.*\d{1,2}:\d{2}(:\d{2}|\s*([+-]\d{4}|[ap]m\b))/i;

/** Whether a quoted message's headers (From:, then Sent:/Date:/To:/Subject:) start at line i. */
function quotedHeaders(lines: string[], i: number): boolean {
  const line = clean(lines[i]!);
  if (ONE_LINE_HEADER.test(line)) return true;
  if (RULE.test(line)) {
    const next = nextFilled(lines, i + 1);
    return next >= 0 && next - i <= 2 && (FROM.test(clean(lines[next]!)) || HEADER.test(clean(lines[next]!)));
  }
  // "Date: Wed, 16 May 2012 00:15:02" directly followed by another header ("To:", "From:").
  if (DATE_HEADER.test(line)) return HEADER.test(clean(lines[i + 1] ?? "")) || FROM.test(clean(lines[i + 1] ?? ""));
  if (!FROM.test(line)) return false;
  if (/@/.test(line) && DATE_HEADER.test(clean(lines[i + 1] ?? ""))) return true;
  let headers = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 7); j++) if (HEADER.test(clean(lines[j]!))) headers++;
  return headers >= 2;
}

/**
 * Cut an RFC 3676 signature ("-- "), a mailing list's footer, the "Sent from my phone" lines, and
 * the bare rules (dashes, underscores) left at the end, which carry no words.
 */
function withoutSignature(lines: string[]): string[] {
  let out = lines;
  const sig = out.findIndex((l) => SIG_DELIMITER.test(l.replace(/\u00a0/g, " ").trimStart()));
  if (sig >= 0) out = out.slice(0, sig);
  const list = out.findIndex((l, i) => SEPARATOR.test(l) && LIST_FOOTER.test(clean(out[nextFilled(out, i + 1)] ?? "")));
  if (list >= 0) out = out.slice(0, list);
  out = out.filter((l) => !MOBILE.test(clean(l)));
  while (out.length && (!clean(out.at(-1)!) || SEPARATOR.test(out.at(-1)!))) out = out.slice(0, -1);
  return out;
}

/**
 * A line of the quoted message that lost its "> " when the quote was re-wrapped: it sits directly
 * between quoted lines, under a long one, and starts mid-sentence (lower case). A reply typed
 * between quotes starts a sentence, so it is kept.
 */
function wrappedQuoteLine(lines: string[], i: number): boolean {
  const before = lines[i - 1] ?? "";
  const after = lines[i + 1] ?? "";
  if (!isQuoted(before) || !isQuoted(after)) return false;
  const line = clean(lines[i]!);
  // A broken link's tail ("_nonce=3d…)", " (http://…) >") starts with punctuation, not a word.
  return (clean(before).length >= 40 && /^\p{Ll}/u.test(line)) || /^([(<]https?:|[_=&%/]\S*$)/.test(line);
}

// Our own emails, as they appear when forwarded or quoted back: their sender and footer.
const OURS = /sector-led improvement|regional improvement and innovation alliance|\breply\+[a-z2-7]{20,}@/i;

// A forward, as opposed to a reply's quote: its marker, or the subject says so ("Fwd:", "TR:", "WG:"…).
const FORWARDED =
  /^(-{2,}|_{2,}|={2,})?\s*(forwarded message|message transféré|weitergeleitete nachricht|mensaje reenviado|wiadomość przekazana|neges wedi'i hanfon ymlaen|doorgestuurd bericht|messaggio inoltrato|videresendt besked)\s*(-{2,}|_{2,}|={2,})?\s*$/i;
const FORWARD_SUBJECT = /^\s*((re|aw|sv|antw|odp)\s*:\s*)*(fwd?|wg|tr|rv|enc|pd|doorst|vs|i)\s*:/i;

/**
 * The marker and header block of a forwarded message starting at line i: where the block ends, and
 * whether the message is one of ours (then it is history like any quote). A message someone else
 * wrote, forwarded to us, is what the sender is sending: it is kept, headers and all.
 */
function forwardBlock(lines: string[], i: number): { end: number; ours: boolean } {
  let j = i;
  const first = clean(lines[j]!);
  if (RULE.test(first) || FORWARD_MARK.test(first) || BEGIN_FORWARD.test(first)) j++;
  while (j < lines.length && !clean(lines[j]!)) j++;
  const start = j;
  while (j < lines.length && clean(lines[j]!)) j++;
  // A body that opens with our words ("Dear Sam, … has been asked") is ours even when the headers were trimmed.
  const body = lines.slice(j, j + 12).join("\n");
  return { end: j, ours: OURS.test(lines.slice(i, j).join("\n")) || OURS.test(body) || start === j };
}

/**
 * A reply whose every line is quoted, the writer's words at the top of the quote above a quote of
 * their own (a client that quoted the whole reply): one level of quoting taken off and read again.
 * A quote of our email alone (nothing nested in it) is history, not words.
 */
function quotedReply(lines: string[], depth: number): OwnWords | undefined {
  const quotedLines = lines.filter((l) => isQuoted(l));
  if (!quotedLines.length) return undefined;
  const unquoted = quotedLines.map((l) => l.replace(/^\s*>\s?/, ""));
  const inner = ownWordsOfText(unquoted.join("\n"), depth + 1);
  if (!inner.text || !inner.quoted || OURS.test(inner.text)) return undefined;
  return { text: inner.text, quoted: true };
}

/** The own words of a plain-text reply. */
export function ownWordsOfText(text: string, depth = 0, opts: { forward?: boolean } = {}): OwnWords {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  let quoted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i]!);
    if (FORWARD_MARK.test(line) || BEGIN_FORWARD.test(line) || quotedHeaders(lines, i)) {
      const forward = FORWARDED.test(line) || BEGIN_FORWARD.test(line) || (opts.forward && !FORWARD_MARK.test(line));
      const block = forward ? forwardBlock(lines, i) : undefined;
      if (block && !block.ours) {
        kept.push(...lines.slice(i, block.end).map((l) => l.replace(/\u00a0/g, " ").trimEnd()));
        i = block.end - 1;
        continue;
      }
      quoted = true;
      break;
    }
    const attr = attribution(lines, i) || spreadAttribution(lines, i);
    if (attr) {
      quoted = true;
      const before = ATTRIBUTION_START.test(line) ? undefined : BEFORE_ATTRIBUTION.exec(line)?.[1];
      if (before) kept.push(before);
      const next = nextFilled(lines, i + attr);
      if (next < 0 || !isQuoted(lines[next]!)) break; // the quote follows unmarked: everything below is history
      i += attr - 1;
      continue;
    }
    if (isQuoted(line) || wrappedQuoteLine(lines, i)) {
      quoted = true;
      continue;
    }
    if (MOBILE.test(line)) {
      // A phone's footer sits just above the quoted message: whatever follows is history.
      quoted = nextFilled(lines, i + 1) >= 0 || quoted;
      break;
    }
    kept.push(lines[i]!.replace(/\u00a0/g, " ").trimEnd());
  }
  const body = withoutSignature(kept)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (!body && depth < 3) {
    // Nothing written outside the quote: the words may be inside it.
    const found = quotedReply(lines, depth);
    if (found) return found;
  }
  return { text: body, quoted };
}

/** The own words of a reply, from its plain-text part if it has one, else from its HTML. */
export function ownWords(mail: {
  text?: string | undefined;
  html?: string | false | undefined;
  subject?: string | undefined;
}): OwnWords {
  const opts = { forward: FORWARD_SUBJECT.test(mail.subject ?? "") };
  const fromText = mail.text && mail.text.trim() ? ownWordsOfText(mail.text, 0, opts) : undefined;
  if (fromText?.text) return fromText;
  // No words in the text part: the writer's may be in the HTML alone (an HTML reply above an embedded
  // message whose plain text is the only text part).
  if (typeof mail.html === "string") {
    const fromHtml = ownWordsOfText(htmlToText(mail.html, { keepHistory: opts.forward }), 0, opts);
    if (fromHtml.text || !fromText) return fromHtml;
  }
  return fromText ?? { text: "", quoted: false };
}
