/** Read the forms of a rendered page the way a browser would submit them (hidden and filled fields, chosen options). */
export interface PageForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  buttons: string[];
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

export function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, open, inner]) => {
    const fields: Record<string, string> = {};
    for (const [tag] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, "name");
      const type = attr(tag, "type") ?? "text";
      if (!name || ((type === "checkbox" || type === "radio") && !/\schecked/.test(tag))) continue;
      fields[name] = unescape(attr(tag, "value") ?? "");
    }
    for (const [, open2, text] of inner!.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(open2!, "name");
      if (name) fields[name] = unescape(text!.trim());
    }
    for (const [, open2, options] of inner!.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(open2!, "name");
      const chosen =
        /<option\b[^>]*value="([^"]*)"[^>]*selected/.exec(options!) ?? /<option\b[^>]*value="([^"]*)"/.exec(options!);
      if (name) fields[name] = unescape(chosen?.[1] ?? "");
    }
    const buttons = [...inner!.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map(([, t]) =>
      t!.replace(/<[^>]+>/g, "").trim(),
    );
    return {
      action: unescape(attr(open!, "action") ?? ""),
      method: (attr(open!, "method") ?? "get").toLowerCase(),
      fields,
      buttons,
    };
  });
}

/** The one form whose button says `button`. */
export function formWithButton(html: string, button: string): PageForm {
  const found = formsOf(html).filter((f) => f.buttons.some((b) => b === button));
  if (found.length !== 1) throw new Error(`Expected one form with a "${button}" button, found ${found.length}`);
  return found[0]!;
}

/** Every link on a page (same-site paths only). */
export const linksOf = (html: string) =>
  [...html.matchAll(/<a\b[^>]*href="(\/(?!\/)[^"#]*)"/g)].map(([, h]) => unescape(h!));
