/**
 * Read a rendered page's <form> the way a browser does, and fill it: tests then post exactly the
 * names and values the page would send (hidden CSRF fields, checked radios and checkboxes, selected
 * options, the pressed button), never names the page does not have.
 */

export interface Control {
  tag: "input" | "textarea" | "select" | "button";
  type: string;
  name: string;
  value: string;
  id?: string;
  checked: boolean;
  /** For selects: each option's value, text and whether it is selected. */
  options?: { value: string; text: string; selected: boolean }[];
  label?: string;
}

export interface ParsedForm {
  action: string;
  method: string;
  controls: Control[];
}

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const text = (html: string) =>
  decode(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** Every <form> of a page, in order, with its controls. */
export function parseForms(html: string): ParsedForm[] {
  const labels = new Map<string, string>();
  for (const m of html.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/g)) {
    const f = attrs(m[1]!).for;
    if (f) labels.set(f, text(m[2]!));
  }
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1]!);
    const controls: Control[] = [];
    const body = m[2]!;
    const re = /<(input|button|textarea|select)\b([^>]*)>(?:([\s\S]*?)<\/\1>)?/g;
    for (const c of body.matchAll(re)) {
      const tag = c[1]!.toLowerCase() as Control["tag"];
      const at = attrs(c[2]!.replace(/\/$/, ""));
      // Unnamed buttons still submit (and say which was pressed); unnamed fields send nothing.
      if ((at.name === undefined && tag !== "button" && at.type !== "submit") || "disabled" in at) continue;
      const inner = tag === "input" ? "" : (c[3] ?? "");
      const control: Control = {
        tag,
        type: (at.type ?? (tag === "button" ? "submit" : tag === "input" ? "text" : tag)).toLowerCase(),
        name: at.name ?? "",
        value: at.value ?? "",
        id: at.id,
        checked: "checked" in at,
        label: at.id ? labels.get(at.id) : undefined,
      };
      if (tag === "textarea") control.value = decode(inner.replace(/^\n/, ""));
      if (tag === "button") control.label = text(inner);
      if (tag === "select") {
        control.options = [...inner.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map((o) => {
          const oa = attrs(o[1]!);
          return { value: oa.value ?? text(o[2]!), text: text(o[2]!), selected: "selected" in oa };
        });
        control.value = (control.options.find((o) => o.selected) ?? control.options[0])?.value ?? "";
      }
      controls.push(control);
    }
    forms.push({ action: a.action ?? "", method: (a.method ?? "get").toLowerCase(), controls });
  }
  return forms;
}

/** A form being filled: set fields by name (only names the page has), then build the post. */
export class FormFiller {
  constructor(readonly form: ParsedForm) {}

  private named(name: string): Control[] {
    const found = this.form.controls.filter((c) => c.name === name && c.tag !== "button");
    if (!found.length) {
      const names = [...new Set(this.form.controls.map((c) => c.name))].join(", ");
      throw new Error(`The form has no field named "${name}" (it has: ${names})`);
    }
    return found;
  }

  /** Type into a text box, textarea or number field; choose a select option by value. */
  fill(name: string, value: string): this {
    for (const c of this.named(name)) {
      if (c.type === "radio" || c.type === "checkbox") throw new Error(`"${name}" is a ${c.type}: use check()`);
      if (c.options && !c.options.some((o) => o.value === value)) throw new Error(`"${name}" has no option "${value}"`);
      c.value = value;
    }
    return this;
  }

  /** Choose a radio (others of the name are cleared) or tick checkboxes, by value. */
  check(name: string, ...values: string[]): this {
    const cs = this.named(name);
    for (const v of values) if (!cs.some((c) => c.value === v)) throw new Error(`"${name}" has no option "${v}"`);
    for (const c of cs) {
      if (c.type === "radio") c.checked = values.includes(c.value);
      else if (c.type === "checkbox") c.checked = values.includes(c.value) || c.checked;
      else throw new Error(`"${name}" is not a radio or checkbox`);
    }
    return this;
  }

  uncheck(name: string, ...values: string[]): this {
    for (const c of this.named(name)) if (values.includes(c.value)) c.checked = false;
    return this;
  }

  /** Fill many fields: strings fill, arrays check. */
  set(fields: Record<string, string | string[]>): this {
    for (const [k, v] of Object.entries(fields)) {
      if (Array.isArray(v)) this.check(k, ...v);
      else if (this.named(k).some((c) => c.type === "radio")) this.check(k, v);
      else this.fill(k, v);
    }
    return this;
  }

  /** The names the page has (for tests that check what it offers). */
  names(): string[] {
    return [...new Set(this.form.controls.filter((c) => c.name).map((c) => c.name))];
  }

  value(name: string): string | undefined {
    const c = this.form.controls.find((x) => x.name === name && (!["radio", "checkbox"].includes(x.type) || x.checked));
    return c?.value;
  }

  /** The url-encoded body the browser sends when `button` (its text, or its value) is pressed. */
  body(button?: string): URLSearchParams {
    const out = new URLSearchParams();
    for (const c of this.form.controls) {
      if (c.tag === "button" || c.type === "submit") continue;
      if ((c.type === "radio" || c.type === "checkbox") && !c.checked) continue;
      if (c.type === "file") continue;
      out.append(c.name, c.value);
    }
    const buttons = this.form.controls.filter((c) => c.tag === "button" || c.type === "submit");
    // Pressing Enter in a field submits with the form's first submit button.
    const pressed = button ? buttons.find((b) => b.label === button || b.value === button) : buttons[0];
    if (button && !pressed) throw new Error(`The form has no button "${button}"`);
    if (pressed?.name) out.append(pressed.name, pressed.value);
    return out;
  }
}

/** The page's form: the one whose action matches `action` (a substring), else the first. */
export function formOf(html: string, action?: string): FormFiller {
  const forms = parseForms(html);
  const form = action ? forms.find((f) => f.action.includes(action)) : forms[0];
  if (!form) throw new Error(`The page has no form${action ? ` posting to ${action}` : ""}`);
  return new FormFiller(structuredClone(form));
}

/** The page's form that has a button with this text or value (pages with many small forms). */
export function formWithButton(html: string, button: string): FormFiller {
  const form = parseForms(html).find((f) =>
    f.controls.some((c) => (c.tag === "button" || c.type === "submit") && (c.label === button || c.value === button)),
  );
  if (!form) throw new Error(`The page has no form with a button "${button}"`);
  return new FormFiller(structuredClone(form));
}
