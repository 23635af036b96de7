/**
 * Read a rendered page's <form> the way a browser does, and fill it: tests then post exactly the
 * names and values the page would send (hidden CSRF fields, checked radios and checkboxes, selected
 * options, the pressed button), never names the page does not have. The one form reader for tests
 * (`./integration/page-forms` and `./integration/html-form` re-export it under their older names).
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

/** A page's form as a test posts it: where it posts, the fields it sends, and its buttons. */
export interface PageForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  buttons: string[];
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
        // A checkbox or radio without a value sends "on", as browsers do.
        value: at.value ?? (at.type === "checkbox" || at.type === "radio" ? "on" : ""),
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

const isButton = (c: Control) => c.tag === "button" || c.type === "submit";
const SENDS_NOTHING = new Set(["file", "image", "reset", "button"]);

/** A form being filled: set fields by name (only names the page has), then build the post. */
export class FormFiller implements PageForm {
  constructor(readonly form: ParsedForm) {}

  get action(): string {
    return this.form.action;
  }

  get method(): string {
    return this.form.method;
  }

  /** What the form sends without a button, by name (a repeated name keeps its last value). */
  get fields(): Record<string, string> {
    return Object.fromEntries(this.pairs());
  }

  /** Each button's text. */
  get buttons(): string[] {
    return this.form.controls.filter(isButton).map((b) => b.label ?? b.value);
  }

  /** The name/value pairs the form sends, in page order, before any button is added. */
  pairs(): [string, string][] {
    return this.form.controls
      .filter((c) => !isButton(c) && !SENDS_NOTHING.has(c.type))
      .filter((c) => (c.type !== "radio" && c.type !== "checkbox") || c.checked)
      .map((c) => [c.name, c.value]);
  }

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
    const out = new URLSearchParams(this.pairs());
    const buttons = this.form.controls.filter(isButton);
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

/** Every form of the page, ready to fill. */
export const formsOf = (html: string): FormFiller[] => parseForms(html).map((f) => new FormFiller(f));

/** The page's (first) form that has a button with this text or value (pages with many small forms). */
export function formWithButton(html: string, button: string): FormFiller {
  const form = parseForms(html).find((f) =>
    f.controls.some((c) => isButton(c) && (c.label === button || c.value === button)),
  );
  if (!form) throw new Error(`The page has no form with a button "${button}"`);
  return new FormFiller(structuredClone(form));
}

/**
 * The post for the form whose action is `action` (or matches it), with `set` replacing what the page had
 * under those names (a person's typing and ticking, checked loosely: names need not be on the page).
 */
export function formFor(html: string, action: RegExp | string, set: Record<string, string | string[]> = {}) {
  const form = formsOf(html).find((f) => (typeof action === "string" ? f.action === action : action.test(f.action)));
  if (!form) throw new Error(`no form posting to ${String(action)} on the page`);
  const body = new URLSearchParams();
  for (const [k, v] of form.pairs()) if (!(k in set)) body.append(k, v);
  for (const [k, v] of Object.entries(set)) for (const x of [v].flat()) body.append(k, x);
  return { action: form.action, body };
}

/** Every link on a page (same-site paths only). */
export const linksOf = (html: string) =>
  [...html.matchAll(/<a\b[^>]*href="(\/(?!\/)[^"#]*)"/g)].map(([, h]) => decode(h!));
