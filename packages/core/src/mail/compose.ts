/**
 * Email templates in GOV.UK Notify's plain, accessible style: short paragraphs, one clear action,
 * a plain-text part that says everything the HTML part says. Personalisation is escaped.
 */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Blocks of a message: paragraphs, a link, a list, an inset (indented) block, a heading. */
export type Block =
  | { p: string }
  | { link: { text: string; href: string } }
  | { list: string[] }
  | { inset: string }
  | { h: string }
  | { pre: { label: string; value: string }[] };

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const FONT = "font-family: Helvetica, Arial, sans-serif; font-size: 19px; line-height: 1.3; color: #0b0c0c;";

export function compose(
  subject: string,
  blocks: Block[],
  footer = "Sector-led improvement – your Regional Improvement and Innovation Alliance",
): RenderedEmail {
  const text = blocks
    .map((b) => {
      if ("p" in b) return b.p;
      if ("link" in b) return `${b.link.text}:\n${b.link.href}`;
      if ("list" in b) return b.list.map((x) => `* ${x}`).join("\n");
      if ("inset" in b)
        return b.inset
          .split("\n")
          .map((l) => `  ${l}`)
          .join("\n");
      if ("h" in b) return `${b.h}\n${"-".repeat(Math.min(60, b.h.length))}`;
      return b.pre.map((x) => `${x.label}:\n${x.value || "(not answered)"}`).join("\n\n");
    })
    .join("\n\n");
  const body = blocks
    .map((b) => {
      if ("p" in b) return `<p style="${FONT} margin: 0 0 20px;">${esc(b.p).replace(/\n/g, "<br>")}</p>`;
      if ("link" in b)
        return `<p style="${FONT} margin: 0 0 20px;"><a href="${esc(b.link.href)}" style="color: #1d70b8;">${esc(b.link.text)}</a></p>`;
      if ("list" in b)
        return `<ul style="${FONT} margin: 0 0 20px; padding-left: 20px;">${b.list.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>`;
      if ("inset" in b)
        return `<blockquote style="${FONT} margin: 0 0 20px; border-left: 10px solid #b1b4b6; padding: 15px 0 0.1px 15px;">${esc(b.inset).replace(/\n/g, "<br>")}</blockquote>`;
      if ("h" in b)
        return `<h2 style="${FONT} font-size: 24px; font-weight: 700; margin: 30px 0 15px;">${esc(b.h)}</h2>`;
      return b.pre
        .map(
          (x) =>
            `<p style="${FONT} margin: 0 0 5px; font-weight: 700;">${esc(x.label)}</p><p style="${FONT} margin: 0 0 20px;">${esc(x.value || "(not answered)").replace(/\n/g, "<br>")}</p>`,
        )
        .join("");
    })
    .join("\n");
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="margin: 0; padding: 0;">
<div style="background: #1d70b8; padding: 15px 20px;"><span style="${FONT} color: #ffffff; font-weight: 700;">Sector-led improvement</span></div>
<div style="max-width: 580px; padding: 20px;">
${body}
<p style="${FONT} font-size: 16px; color: #505a5f; margin-top: 30px;">${esc(footer)}</p>
</div></body></html>`;
  return { subject, text: `${text}\n\n--\n${footer}\n`, html };
}
