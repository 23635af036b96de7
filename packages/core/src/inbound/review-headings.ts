/**
 * A peer review written in an email under simple headings (Strengths / Areas to challenge /
 * Recommendations / Overall: green, amber or red). Headed text fills those fields; anything else is
 * general comments. Nothing is guessed: without at least one heading there is no structured review.
 */

export const REVIEW_FIELDS = {
  strengths: "Strengths",
  challenges: "Areas to challenge",
  recommendations: "Recommendations",
  overall: "Overall",
  comments: "General comments",
} as const;
export type ReviewField = keyof typeof REVIEW_FIELDS;

// A heading is a line holding only the name, or the name and a colon before the text ("Overall: amber").
const HEADINGS: [ReviewField, string][] = [
  ["strengths", "(key )?strengths?"],
  ["challenges", "areas? (to|for) (challenge|development|improvement)|challenges?|areas? of concern|concerns"],
  ["recommendations", "recommendations?|next steps|suggestions"],
  ["overall", "overall( (rating|rag|view|judgement|assessment))?"],
];
const PATTERNS = HEADINGS.map(
  ([field, name]) => [field, new RegExp(`^[#*_\\s]*(?:${name})[*_\\s]*(?::\\s*(.*))?$`, "i")] as const,
);

function heading(line: string): { field: ReviewField; rest: string } | undefined {
  for (const [field, re] of PATTERNS) {
    const m = re.exec(line.trim());
    if (m) return { field, rest: (m[m.length - 1] ?? "").trim() };
  }
  return undefined;
}

/** The review fields in a reply, or undefined when it uses none of the headings. */
export function reviewFromText(text: string): Record<string, string> | undefined {
  const fields: Partial<Record<ReviewField, string[]>> = {};
  let current: ReviewField = "comments";
  let headed = false;
  for (const line of text.split("\n")) {
    const h = heading(line);
    if (h) {
      headed = true;
      current = h.field;
      const list = (fields[current] ??= []);
      if (h.rest) list.push(h.rest);
      continue;
    }
    (fields[current] ??= []).push(line);
  }
  if (!headed) return undefined;
  const out: Record<string, string> = {};
  for (const [k, lines] of Object.entries(fields)) {
    const v = lines.join("\n").trim();
    if (v) out[k] = v;
  }
  if (out.overall) {
    const rag = /\b(green|amber|red)\b/i.exec(out.overall)?.[1]?.toLowerCase();
    if (rag) out.rating = rag;
  }
  return out;
}
