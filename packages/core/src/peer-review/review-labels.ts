/**
 * A review written in an email, read into the response form by the form's own words: each line that
 * names a question (its label, or the start of it: "Findings:", "Confidence:", "Summary") or one of
 * the long-standing headings (Strengths, Areas to challenge, Overall) starts that question's answer.
 * Works on whichever version of the template the draft uses, so a region's reworded questions are
 * read by their new labels. Sign-offs and signatures are kept out of answers; nothing is guessed
 * from text without a heading.
 */

/** The parts of a template definition the reader needs (the forms engine's templates have this shape). */
export interface FormQuestion {
  id: string;
  type: string;
  label: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  multiple?: boolean;
  itemName?: string;
  maxItems?: number;
  questions?: FormQuestion[];
}
export interface FormShape {
  sections: { id: string; title: string; questions: FormQuestion[] }[];
}

/** The response form as the forms engine knows it: its definition per version, and what a set of answers lacks. */
export interface ReviewForms {
  template(regionId: string, version: number): Promise<FormShape>;
  /** Each thing still needed before the form can be submitted, in words ("Findings (area 1): Enter your findings"). */
  missing(template: FormShape, answers: Record<string, unknown>, themes: { id: string; label: string }[]): string[];
}

const READABLE = new Set(["text", "textarea", "rag", "radios", "select", "themes", "number"]);

// Headings reviewers have long used, by the kind of question they fill.
const ALIASES: { test: (q: FormQuestion) => boolean; names: string[] }[] = [
  {
    test: (q) => q.type === "rag",
    names: ["overall", "overall rating", "rating", "rag", "overall rag", "overall view"],
  },
  { test: (q) => q.id === "findings", names: ["strengths", "key strengths", "strength", "what we found"] },
  {
    test: (q) => q.id === "challenge",
    names: [
      "areas to challenge",
      "areas for challenge",
      "areas for development",
      "areas for improvement",
      "challenges",
    ],
  },
  { test: (q) => q.id === "recommendations", names: ["next steps", "suggestions", "recommendation"] },
  { test: (q) => q.id === "enquiry", names: ["enquiry", "lines of inquiry", "key lines of enquiry"] },
  { test: (q) => q.id === "summary", names: ["summary", "overall summary", "general comments"] },
];

/** Headings of the built-in form and the long-standing ones: named where a region's form lacks them, their text is left out of other answers. */
const KNOWN = new Set([
  ...ALIASES.flatMap((a) => a.names),
  ...[
    "area",
    "lines of enquiry",
    "findings",
    "challenge",
    "recommendations",
    "confidence",
    "confidence in the evidence",
  ],
  ...["summary of your challenge", "comments for the regional lead", "comments for the regional lead only"],
]);

export const norm = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[*_#`"“”?.:：,;()[\]-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

interface Target {
  q: FormQuestion;
  /** The group the question is in, if any. */
  group?: FormQuestion;
  names: string[];
}

function targets(form: FormShape): Target[] {
  const out: Target[] = [];
  const add = (q: FormQuestion, group?: FormQuestion) => {
    if (!READABLE.has(q.type) || !q.label) return;
    const names = [norm(q.label), ...ALIASES.filter((a) => a.test(q)).flatMap((a) => a.names)];
    out.push({ q, ...(group ? { group } : {}), names });
  };
  for (const section of form.sections)
    for (const q of section.questions) {
      if (q.type === "group") for (const sq of q.questions ?? []) add(sq, q);
      else add(q);
    }
  return out;
}

/** The question a line heads, and the text after the heading on the same line. */
function headingOf(line: string, all: Target[]): { t: Target | undefined; rest: string } | undefined {
  // "1. Findings:", "**Findings**", "## Findings", "Findings (area 2):"
  const raw = line
    .trim()
    .replace(/^(\d{1,2}[.)]|[-*•#>]+)\s*/, "")
    .trim();
  if (!raw || raw.length > 400) return undefined;
  // A label that is a question, answered on its own line: "Overall, how well …? Amber".
  for (const t of all)
    if (/\?\s*$/.test(t.q.label) && raw.toLowerCase().startsWith(t.q.label.trim().toLowerCase()))
      return {
        t,
        rest: raw
          .slice(t.q.label.trim().length)
          .replace(/^[\s:：]+/, "")
          .trim(),
      };
  if (raw.length > 200) return undefined;
  const colon = /^([^:：]{1,120})[:：]\s*(.*)$/.exec(raw);
  const head = norm((colon ? colon[1]! : raw).replace(/\((area|item)?\s*\d+\)/i, ""));
  const rest = colon ? colon[2]!.trim() : "";
  // Without a colon only a short line that is the whole name counts ("Findings", "Overall view").
  if (!head || (!colon && head.split(" ").length > 8)) return undefined;
  let best: { t: Target; score: number } | undefined;
  for (const t of all)
    for (const name of t.names) {
      const score = head === name ? 3 : name.startsWith(`${head} `) && head.length >= 5 ? 2 : 0;
      if (score && (!best || score > best.score)) best = { t, score };
    }
  if (!best) return KNOWN.has(head) ? { t: undefined, rest } : undefined;
  // A prefix ("Summary") must name one question only.
  if (best.score === 2 && all.filter((t) => t.names.some((n) => n.startsWith(`${head} `))).length > 1) return undefined;
  return { t: best.t, rest };
}

const SIGN_OFF =
  /^(kind(est)? regards|best regards|warm(est)? regards|regards|best wishes|many thanks|thanks( again| very much)?|thank you( very much)?|with thanks|cheers|best|all the best|yours( sincerely| faithfully| truly)?|sincerely|mit freundlichen grüßen|cordialement|saludos|pozdrawiam|diolch|cofion)[,.!]?$/i;

/** A segment's text without a sign-off ("Kind regards", then a name) or the sender's name and LA at its end. */
export function withoutSignOff(text: string, names: string[]): string {
  const lines = text.split("\n");
  const cut = lines.findIndex((l) => SIGN_OFF.test(l.trim()));
  let kept = cut >= 0 ? lines.slice(0, cut) : lines;
  const own = names.map(norm).filter((n) => n.length >= 2);
  const isName = (l: string) => {
    const n = norm(l);
    return !!n && n.length < 80 && own.some((x) => n === x || n.startsWith(`${x} `) || n.endsWith(` ${x}`));
  };
  // A name line among the last few short lines starts the signature ("Sam Hughes", "Head of Service", "Leicester").
  for (let i = Math.max(1, kept.length - 6); i < kept.length; i++) {
    if (isName(kept[i]!) && kept.slice(i).every((l) => l.trim().length < 80)) {
      kept = kept.slice(0, i);
      break;
    }
  }
  while (kept.length && !kept.at(-1)!.trim()) kept = kept.slice(0, -1);
  // A closing block of one to four short title-case lines after a blank line ("Priya Shah", "Head of
  // Service", "Nottinghamshire County Council") is a signature, whoever's name it is.
  const blank = kept.lastIndexOf("");
  const block = blank > 0 ? kept.slice(blank + 1) : [];
  if (block.length && block.length <= 4 && block.every(signatureLine)) kept = kept.slice(0, blank);
  return kept.join("\n").trim();
}

const SMALL_WORDS = new Set(["of", "and", "for", "the", "&", "in", "at", "de", "la", "von", "van"]);
/** A line of a signature block: short, no sentence, every word capitalised (a name, a job title, an organisation). */
function signatureLine(line: string): boolean {
  const l = line.trim();
  if (!l || l.length > 60 || /[.!?;:]$/.test(l) || /\b(green|amber|red)\b/i.test(l)) return false;
  const words = l.split(/[\s,|–-]+/).filter(Boolean);
  return words.length <= 7 && words.every((w) => SMALL_WORDS.has(w.toLowerCase()) || /^[\p{Lu}\d(]/u.test(w));
}

const RAG = /\b(green|amber|red)\b/i;

function valueOf(q: FormQuestion, text: string, themes: { id: string; label: string }[]): unknown {
  const first = norm(text.split("\n")[0] ?? "");
  switch (q.type) {
    case "rag":
      return RAG.exec(text)?.[1]?.toLowerCase();
    case "radios":
    case "select": {
      const opt = (q.options ?? []).find(
        (o) => first === norm(o.value) || first.startsWith(`${norm(o.value)} `) || norm(o.label).startsWith(first),
      );
      return opt?.value;
    }
    case "themes": {
      const theme = themes.find(
        (t) => norm(t.label) === first || first.includes(norm(t.label)) || norm(t.label).includes(first),
      );
      if (!theme || !first) return undefined;
      return q.multiple ? [theme.id] : theme.id;
    }
    case "number": {
      const n = /-?\d+(\.\d+)?/.exec(text.replace(/,/g, ""))?.[0];
      return n === undefined ? undefined : Number(n);
    }
    default:
      return text || undefined;
  }
}

/** What a reviewer's email gave: the form's answers, and each answered question's label with the words read. */
export interface ReadReview {
  answers: Record<string, unknown>;
  read: { label: string; value: string }[];
}

/**
 * Read an email's own words into answers of `form`. Returns undefined when no line names a question.
 * A question of a group named again once the current item has it starts the group's next item.
 */
export function readReview(
  text: string,
  form: FormShape,
  opts: { themes: { id: string; label: string }[]; names: string[] },
): ReadReview | undefined {
  const all = targets(form);
  const found: { t: Target | undefined; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const h = headingOf(line, all);
    if (h) found.push({ t: h.t, lines: h.rest ? [h.rest] : [] });
    else found.at(-1)?.lines.push(line);
  }
  const segments = found.filter((s): s is { t: Target; lines: string[] } => !!s.t);
  if (!segments.length) return undefined;
  const answers: Record<string, unknown> = {};
  const read: ReadReview["read"] = [];
  const items = new Map<string, Record<string, unknown>[]>();
  const textOf = segments.map((s, i) => {
    const words = s.lines.join("\n").trim();
    return i === segments.length - 1 ? withoutSignOff(words, opts.names) : words;
  });
  for (const [i, s] of segments.entries()) {
    const words = textOf[i]!;
    const value = valueOf(s.t.q, words, opts.themes);
    if (value === undefined) continue;
    read.push({
      label: s.t.q.label,
      value: s.t.q.type === "textarea" || s.t.q.type === "text" ? words : String(value),
    });
    if (!s.t.group) {
      answers[s.t.q.id] ??= value;
      continue;
    }
    const list = items.get(s.t.group.id) ?? [{}];
    if (list.at(-1)![s.t.q.id] !== undefined && list.length < (s.t.group.maxItems ?? 10)) list.push({});
    list.at(-1)![s.t.q.id] = value;
    items.set(s.t.group.id, list);
  }
  for (const [id, list] of items) answers[id] = list;
  // "Overall: amber, improving" with no summary of its own: the words beside the rating are the summary.
  for (const [i, s] of segments.entries()) {
    if (s.t.q.type !== "rag" || s.t.group) continue;
    const words = textOf[i]!;
    const section = form.sections.find((sec) => sec.questions.includes(s.t.q));
    const summary = section?.questions.find((q) => q.type === "textarea" && answers[q.id] === undefined);
    if (summary && words.replace(RAG, "").replace(/[\s,.;:-]+/g, "")) {
      answers[summary.id] = words;
      read.push({ label: summary.label, value: words });
    }
  }
  return read.length ? { answers, read } : undefined;
}

/** Answers of a draft with the email's filled in where the draft has none (group items field by field). */
export function mergeEmpty(draft: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  const empty = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length);
  const patch: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(wanted)) {
    const have = draft[id];
    if (Array.isArray(value) && value.every((x) => x && typeof x === "object") && Array.isArray(have) && have.length) {
      const merged = (have as Record<string, unknown>[]).map((x) => ({ ...x }));
      value.forEach((item: Record<string, unknown>, i) => {
        const into = (merged[i] ??= {});
        for (const [k, v] of Object.entries(item)) if (empty(into[k])) into[k] = v;
      });
      if (JSON.stringify(merged) !== JSON.stringify(have)) patch[id] = merged;
    } else if (empty(have)) patch[id] = value;
  }
  return patch;
}
