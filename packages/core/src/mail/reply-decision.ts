/**
 * Reading accept / decline from a reply's own words (and its subject line). A wrong decision sends a
 * review to the wrong authority, so the reader is deliberately timid: hedged, conditional, mixed or
 * questioning answers decide nothing, and the person is asked back.
 */

export type Decision = "accept" | "decline" | "none";
export interface ReadDecision {
  decision: Decision;
  /** Why: which words decided it, or why nothing was decided. */
  why: string;
}

/** Curly quotes, dashes and odd spaces made plain, lower case. */
export function plain(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00a0\u2000-\u200b\u202f]/g, " ")
    .toLowerCase();
}

// Said in passing, these are agreement, not refusal ("no problem", "can't see why not").
const AGREEABLE =
  /\b(no reservations?|no hesitation|without hesitation|no trouble|no bother|no problem|not a problem|no worries|no issues?|no objections?|can'?t see why not|cannot see why not|don'?t see why not|can'?t wait|cannot wait|no reason (why )?(we|i) (can'?t|cannot))\b/g;
const NEGATOR =
  /\b(not|never|no longer|can'?t|cannot|can not|couldn'?t|won'?t|wouldn'?t|don'?t|doesn'?t|isn'?t|aren'?t|unable to|not able to)\b[^.,;!?]{0,20}$/;
const ACCEPT = [
  /\b(accept|accepts|accepted|accepting)\b/,
  // Reviewers across the region write in their own language too.
  /(^|[,:;-]\s*)(oui|sí|tak|ie|ydym|gwnawn|jawohl)\b/,
  /(^|[,:;-]\s*)ja\b(?!\s+(nie|się|mam|jestem))/,
  /\b(nous acceptons|j'accepte|avec plaisir|d'accord|volontiers|wir nehmen|nehmen wir|nehmen (gerne |gern )?an|gerne|einverstanden|aceptamos|acepto|con gusto|de acuerdo|przyjmujemy|akceptujemy|chętnie|zgadzamy się|rydym yn (derbyn|cytuno)|yn hapus i)\b/,
  /\b(will do|can do|we'?re in|consider it done|we'?re (able|available|happy|glad|pleased) to|i'?m (able|available|happy|glad) to|(we|i)'?ll be able to|(we|i) (will|shall) be able to|that'?s fine|fine with (us|me))\b/,
  /(^|[,:;-]\s*)(yes|yep|yeah|ok|okay|sure|agreed|confirmed|definitely|absolutely|certainly)\b/,
  /\b(yes|ok|okay),? (we|i|that)\b/,
  /\b(happy|glad|pleased|delighted|willing) to\b/,
  /\b(we|i) (can|will|would) (do|take|carry out|undertake|help|support)\b/,
  /\b(we|i)'ll (do|take|carry out|undertake)\b/,
  /\b(we|i) (are|am) (able|available) to\b/,
  /\bcount (us|me) in\b/,
  /\b(we|i) (agree|confirm)\b/,
  /\b(sounds good|fine by (us|me)|go ahead|on board|that works|works for us)\b/,
  /\bagreeable\b/,
  /\b(of course|by all means|gladly|with pleasure|delighted|yes please)\b/,
];
const DECLINE = [
  /\b(decline|declines|declined|declining)\b/,
  /\b(can'?t|cannot|can not|couldn'?t|won'?t be able|will not be able|not be able|unable|not able|not possible|impossible)\b/,
  /\b(unfortunately|regret(fully)?|afraid|sadly)\b/,
  /\b(we|i)'?ll (have to )?pass\b/,
  /(^|[,:;-]\s*)(no|nope)\b/,
  /\bdon'?t think (we|i) (can|could|will|would)\b/,
  /\b(sorry,? no|no,? sorry|no thanks?( you)?|not this (time|year|round)|not on this occasion)\b/,
  /\b(no|not enough|insufficient|lack of|don'?t have the) capacity\b/,
  /\b(say no|turn (this|it) down|pass on this|opt out|withdraw|count (us|me) out|not in a position to|no longer (able|available))\b/,
  /\b(malheureusement|nous ne pouvons pas|ne pouvons pas|je ne peux pas|pas possible|leider|wir können nicht|können (wir )?nicht|nicht möglich|lamentablemente|desafortunadamente|no podemos|no es posible|niestety|nie możemy|nie mogę|nie jesteśmy w stanie|yn anffodus|methu|allwn ni ddim|ni allwn)\b/,
  /(^|[,:;-]\s*)(non|nein|nie)\b/,
];
// Politeness around a refusal ("we'd love to, but…") is not agreement.
const COURTESY =
  /\b((would|'d) (love|like|have liked|be happy|be glad|be delighted) to|would have been (happy|glad)|wish (we|i) could|normally|ordinarily|usually|keen to help)\b/;
const HEDGE =
  /\b(si (nous|on|les|la|le|vous|c'est)|peut-être|wenn|falls|vielleicht|quizás|tal vez|si podemos|jeśli|jeżeli|może|os|efallai|if|unless|provided|providing|as long as|subject to|assuming|depending|depends|dependent|maybe|may|might|possibly|perhaps|probably|likely|hopefully|tentative(ly)?|in principle|not sure|unsure|don'?t know|check|confirm (later|next)|get back|let you know|come back to you|need to (ask|speak|see)|should be able|think so|i think|we think|try|if possible|pending|once|until)\b/;
const GREETING =
  /^(hi|hello|hey|dear|good (morning|afternoon|evening)|morning|afternoon|thanks|thank you|many thanks|cheers|all|team|colleagues)\b[^.!?]{0,40}[,!.:-]?$/;

/** A greeting or salutation line ("Hi Sam,", "Dear all", "Morning,"): never the answer itself. */
export const isGreeting = (line: string) => {
  const l = plain(line).trim();
  return GREETING.test(l) && l.length < 45;
};

const drop = (s: string, re: RegExp) => s.replace(re, " ");

/** The first part of a reply where an answer is given: greetings and sign-off lines aside, a few sentences. */
// The marker and header lines of a forwarded message kept in the words: not sentences of an answer.
const FORWARD_LINE =
  /^(-{2,}.*-{2,}|_{5,}|begin forwarded message:?|(from|de|von|od|date|datum|fecha|data|sent|envoyé|gesendet|enviado|wysłano|to|à|an|para|do|cc|subject|objet|betreff|asunto|temat)\s*:.*)$/;

function head(text: string): string[] {
  const lines = plain(text)
    .split(/\n/)
    .map((l) => l.trim())
    .filter((l) => l && !FORWARD_LINE.test(l) && !l.startsWith(">"));
  while (lines.length && isGreeting(lines[0]!)) {
    const sig = signals(lines[0]!);
    if (sig.accept || sig.decline) break;
    lines.shift();
  }
  const sentences = lines
    .join("\n")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return sentences.slice(0, 4);
}

type Signal = { accept: boolean; decline: boolean; courtesy: boolean; hedge: boolean; question: boolean };

function signals(sentence: string): Signal {
  const agreeable = AGREEABLE.test(sentence);
  AGREEABLE.lastIndex = 0;
  const s = drop(sentence, AGREEABLE);
  let accept = agreeable;
  let decline = false;
  for (const re of ACCEPT) {
    const m = re.exec(s);
    if (!m) continue;
    if (NEGATOR.test(s.slice(0, m.index))) decline = true;
    else accept = true;
  }
  for (const re of DECLINE) if (re.test(s)) decline = true;
  const courtesy = COURTESY.test(s);
  // "Not … until the spring" still says no to this review: a time limit only hedges an acceptance.
  const hedged = decline && !accept ? s.replace(/\b(until|till|before)\b/g, " ") : s;
  return { accept, decline, courtesy, hedge: HEDGE.test(hedged), question: s.includes("?") };
}

/** The decision in a piece of text (own words or a subject remainder). */
function decideText(sentences: string[]): ReadDecision {
  let accept = 0;
  let decline = 0;
  let courteousAccept = 0;
  let asked = "";
  for (const sentence of sentences) {
    const sig = signals(sentence);
    if (sig.question) asked ||= sentence;
    if (!sig.accept && !sig.decline) continue;
    if (sig.question) return { decision: "none", why: `a question, not an answer: "${sentence}"` };
    if (sig.hedge) return { decision: "none", why: `a hedged or conditional answer: "${sentence}"` };
    if (sig.accept && sig.decline && !sig.courtesy) return { decision: "none", why: `a mixed answer: "${sentence}"` };
    if (sig.decline) decline++;
    if (sig.accept && !sig.decline && sig.courtesy) courteousAccept++;
    else if (sig.accept && !sig.decline) accept++;
  }
  if (decline && accept) return { decision: "none", why: "the reply both accepts and declines" };
  if (decline) return { decision: "decline", why: "the reply declines" };
  if (accept || courteousAccept) return { decision: "accept", why: "the reply accepts" };
  if (asked) return { decision: "none", why: `a question, not an answer: "${asked}"` };
  return { decision: "none", why: "the reply neither accepts nor declines" };
}

const SUBJECT_PREFIX = /^\s*((re|aw|sv|vs|antw|odp|ynt|rif|r|fw|fwd|wg|tr|rv|enc|pd|ateb)\s*(\[\d+\])?\s*:\s*)+/i;

/** What a person added to the subject line of our email, if anything ("RE: … – accept", "Accepted: …"). */
export function subjectWords(subject: string, original?: string): string {
  let s = plain(subject).replace(SUBJECT_PREFIX, "");
  if (original) s = s.replace(plain(original), " ");
  return s
    .replace(/peer (scrutiny|challenge): please review [^-:|()[\]]*/, " ")
    .replace(/[-:|()[\]]+/g, " ")
    .trim();
}

/** Accept, decline or nothing, from a reply's own words and its subject line. */
export function readDecision(input: { text: string; subject?: string; original?: string }): ReadDecision {
  const body = decideText(head(input.text));
  const extra = input.subject ? subjectWords(input.subject, input.original) : "";
  const subject = extra ? decideText([extra]) : { decision: "none" as const, why: "" };
  if (body.decision === "none" && subject.decision !== "none") {
    // A body that hedges overrides a decided subject line; an empty or neutral one does not.
    if (/hedged|mixed|question|both/.test(body.why)) return body;
    return { decision: subject.decision, why: `the subject line says so: "${extra}"` };
  }
  if (subject.decision !== "none" && subject.decision !== body.decision)
    return { decision: "none", why: "the subject line and the reply disagree" };
  return body;
}
