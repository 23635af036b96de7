/**
 * HTML email to plain text for reading replies: block elements become lines, blockquotes become
 * "> " lines (so quotes are recognised like plain-text ones), and the quoted message clients put
 * below an unmarked divider (Outlook's divRplyFwdMsg and border-top rule, new Outlook's reference
 * container, Yahoo's quoted block) is cut before conversion.
 */

// Where a client starts the quoted message without blockquote marks: everything from here is history.
const HISTORY = [
  /<div[^>]*\bid=["']?(x_)?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)\b/i,
  /<div[^>]*\bstyle=["'][^"']*border:\s*none;\s*border-top:\s*solid\s+#[0-9a-f]{6}\s+1\.0pt/i,
  /<div[^>]*\bclass=["']?(yahoo_quoted|OutlookMessageHeader)\b/i,
  /<hr[^>]*\bid=["']?stopSpelling\b/i,
];

const NAMED: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  rsquo: "\u2019",
  lsquo: "\u2018",
  rdquo: "\u201d",
  ldquo: "\u201c",
  ndash: "\u2013",
  mdash: "\u2014",
  hellip: "\u2026",
  pound: "£",
  euro: "€",
  copy: "©",
  bull: "•",
  middot: "·",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  ocirc: "ô",
  ucirc: "û",
  uuml: "ü",
  ouml: "ö",
  auml: "ä",
  szlig: "ß",
  ntilde: "ñ",
  aacute: "á",
  iacute: "í",
  oacute: "ó",
  uacute: "ú",
  wcirc: "ŵ",
  ycirc: "ŷ",
  shy: "",
  zwnj: "",
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

const BLOCK = new Set([
  "p",
  "div",
  "tr",
  "li",
  "ul",
  "ol",
  "table",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "pre",
  "hr",
  "blockquote",
  "section",
  "article",
  "header",
  "footer",
  "dl",
  "dt",
  "dd",
]);

/** Cut the HTML where a client's unmarked quoted history starts. */
export function cutHistory(html: string): string {
  let at = html.length;
  for (const re of HISTORY) {
    const m = re.exec(html);
    if (m && m.index < at) at = m.index;
  }
  return html.slice(0, at);
}

/** `keepHistory`: a forward, whose "history" is the message being sent on (read, then judged as text). */
export function htmlToText(html: string, opts: { keepHistory?: boolean } = {}): string {
  const source = (opts.keepHistory ? html : cutHistory(html))
    .replace(/<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>/g, "")
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, "");
  const lines: string[] = [];
  let line = "";
  let depth = 0;
  let pre = 0;
  const flush = (force = false) => {
    const text = line.replace(/[ \t]+/g, " ").trim();
    if (text || force) lines.push(text ? `${"> ".repeat(Math.min(depth, 1))}${text}` : "");
    line = "";
  };
  const token = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*>|([^<]+)|</g;
  for (let m = token.exec(source); m; m = token.exec(source)) {
    const [, closing, rawName, text] = m;
    if (text !== undefined || !rawName) {
      const decoded = decodeEntities(text ?? "<");
      if (pre) {
        const parts = decoded.split(/\r?\n/);
        parts.forEach((p, i) => {
          if (i > 0) flush(true);
          line += p;
        });
      } else line += decoded.replace(/\s+/g, " ");
      continue;
    }
    const name = rawName.toLowerCase();
    if (name === "br") {
      flush(true);
      continue;
    }
    if (!BLOCK.has(name)) {
      if (name === "td" || name === "th") line += " ";
      continue;
    }
    flush(name === "p" && !!closing);
    if (name === "blockquote") depth += closing ? -1 : 1;
    if (name === "pre") pre += closing ? -1 : 1;
    depth = Math.max(depth, 0);
    pre = Math.max(pre, 0);
  }
  flush();
  return lines.join("\n").replace(/\n{3,}/g, "\n\n");
}
