/**
 * Read a <form> from rendered HTML the way a browser would submit it: its action, and the name/value
 * pairs of its successful controls (text, hidden, checked radios and checkboxes, textareas, selected
 * options), so tests post exactly what the page offers, plus what a person would change or tick.
 */
export interface HtmlForm {
  action: string;
  fields: [string, string][];
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

function attrs(tag: string): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1]!.toLowerCase();
    out[name] = m[2] !== undefined || m[3] !== undefined || m[4] !== undefined ? decode(m[2] ?? m[3] ?? m[4]!) : true;
  }
  return out;
}

/** Every form on the page. */
export function forms(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => ({
    action: String(attrs(m[1]!).action ?? ""),
    fields: controls(m[2]!),
  }));
}

function controls(body: string): [string, string][] {
  const fields: [string, string][] = [];
  const re = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) {
      const a = attrs(m[1]);
      const type = String(a.type ?? "text").toLowerCase();
      if (typeof a.name !== "string" || a.disabled || ["submit", "button", "file", "image", "reset"].includes(type))
        continue;
      if ((type === "radio" || type === "checkbox") && !a.checked) continue;
      fields.push([a.name, typeof a.value === "string" ? a.value : type === "checkbox" ? "on" : ""]);
    } else if (m[2] !== undefined) {
      const a = attrs(m[2]);
      if (typeof a.name === "string") fields.push([a.name, decode(m[3]!.replace(/^\n/, ""))]);
    } else {
      const a = attrs(m[4]!);
      if (typeof a.name !== "string") continue;
      const options = [...m[5]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => ({
        a: attrs(o[1]!),
        text: decode(o[2]!.trim()),
      }));
      const chosen = options.find((o) => o.a.selected) ?? options[0];
      if (chosen) fields.push([a.name, typeof chosen.a.value === "string" ? chosen.a.value : chosen.text]);
    }
  }
  return fields;
}

/** The form whose action matches, with some fields set as a person would (replacing what the page had). */
export function formFor(html: string, action: RegExp | string, set: Record<string, string | string[]> = {}) {
  const form = forms(html).find((f) => (typeof action === "string" ? f.action === action : action.test(f.action)));
  if (!form) throw new Error(`no form posting to ${String(action)} on the page`);
  const body = new URLSearchParams();
  for (const [k, v] of form.fields) if (!(k in set)) body.append(k, v);
  for (const [k, v] of Object.entries(set)) for (const x of [v].flat()) body.append(k, x);
  return { action: form.action, body };
}
