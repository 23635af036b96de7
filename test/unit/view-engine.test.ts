/**
 * The view engine against nunjucks itself: every GOV.UK Frontend component example (its fixtures, 700-odd parameter
 * sets) rendered through its macro, and every view of ours, must come out character for character as nunjucks renders
 * them with the same options and filters; so must small templates for each part of the language (loops, scopes,
 * macros and callers, imports, includes, inheritance, filters, tests, operators, escaping, whitespace control).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import { NUNJUCKS_OPTIONS, VIEW_FILTERS } from "@riia/forms/render";
import { Views } from "@riia/forms/view-engine/template";
import { fileTrees, parseTemplate } from "@riia/forms/view-engine/parse";
import { defaultViewPaths } from "../../functions/src/assets";

const paths = defaultViewPaths();
const searchPaths = [...paths.viewsDirs, join(paths.govukDir, "..")];

/**
 * Both engines over the same folders, plus `extra` templates by name: nunjucks as the renderer was before (its own
 * environment), and ours. `theirs` and `ours` render a template by name.
 */
function bothEngines(extra: Record<string, string> = {}) {
  const extraLoader: nunjucks.ILoader = {
    getSource: (name) =>
      (name in extra ? { src: extra[name]!, path: name, noCache: true } : null) as nunjucks.LoaderSource,
  };
  const env = new nunjucks.Environment([extraLoader, new nunjucks.FileSystemLoader(searchPaths)], NUNJUCKS_OPTIONS);
  for (const [name, filter] of Object.entries(VIEW_FILTERS)) env.addFilter(name, filter);
  const files = fileTrees(paths);
  const ours = new Views((name) => (name in extra ? parseTemplate(extra[name]!, name) : files(name)), VIEW_FILTERS);
  return {
    theirs: (name: string, vars: object) => env.render(name, vars),
    ours: (name: string, vars: Record<string, unknown>) => ours.render(name, vars),
  };
}

interface Fixture {
  name: string;
  options: Record<string, unknown>;
}

const components = readdirSync(join(paths.govukDir, "components"));
const macroName = (component: string) =>
  "govuk" + component.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

describe("the view engine renders as nunjucks does", () => {
  it("every GOV.UK component fixture", () => {
    let compared = 0;
    for (const component of components) {
      const file = join(paths.govukDir, "components", component, "fixtures.json");
      let fixtures: Fixture[];
      try {
        fixtures = (JSON.parse(readFileSync(file, "utf8")) as { fixtures: Fixture[] }).fixtures;
      } catch {
        continue;
      }
      const source = `{% from "govuk/components/${component}/macro.njk" import ${macroName(component)} %}{{ ${macroName(component)}(params) }}`;
      const name = `fixture-${component}.njk`;
      const { theirs, ours } = bothEngines({ [name]: source });
      for (const fixture of fixtures) {
        const vars = { params: fixture.options };
        expect(ours(name, vars), `${component}: ${fixture.name}`).toBe(theirs(name, vars));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });
});

describe("our own views", () => {
  it("render as nunjucks renders them, with no variables and with the layout's", () => {
    const { theirs, ours } = bothEngines();
    const views = paths.viewsDirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".njk")));
    const contexts: Record<string, unknown>[] = [
      {},
      {
        title: "A page",
        cspNonce: "n",
        errors: [{ text: "Enter a name", href: "#name" }],
        backHref: "/back",
        user: { name: "Sam" },
        paragraphs: ["One", "<b>two</b>"],
      },
    ];
    let rendered = 0;
    for (const view of views)
      for (const vars of contexts) {
        let expected: string | Error;
        try {
          expected = theirs(view, vars);
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) {
          expect(() => ours(view, vars), view).toThrow();
          continue;
        }
        expect(ours(view, vars), view).toBe(expected);
        rendered++;
      }
    expect(rendered).toBeGreaterThan(views.length);
  });
});

/** Small templates for each part of the language our views and GOV.UK's use, each run by both engines. */
const FEATURES: Record<string, string> = {
  "loop.njk": `{% for x in items %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }}:{{ x }}|{% else %}none{% endfor %}`,
  "pairs.njk": `{% for k, v in obj %}{{ k }}={{ v }}{{ "," if not loop.last }}{% endfor %};{% for a, b in list %}{{ a }}-{{ b }} {% endfor %}`,
  "scope.njk": `{% set x = 1 %}{% for i in [1, 2] %}{% set x = x + i %}{% set inner = i %}{% endfor %}{{ x }}{{ inner }}{% if true %}{% set y = "if" %}{% endif %}{{ y }}`,
  "macros.njk": `{% macro greet(name, greeting="Hello", punct="!") %}{{ greeting }}, {{ name }}{{ punct }}{% if caller %}[{{ caller() }}]{% endif %}{% endmacro %}{{ greet("Ann") }} {{ greet("Bo", "Hi") }} {{ greet(name="Cy", punct="?") }} {{ greet("Di", punct=".", greeting="Yo") }}{% call greet("Ed") %}inside {{ who }}{% endcall %}`,
  "lib.njk": `{% set shared = "from lib" %}{% macro shout(t) %}{{ t | upper }} {{ shared }}{% endmacro %}{% macro _hidden() %}x{% endmacro %}`,
  "imports.njk": `{% from "lib.njk" import shout, shared as s %}{% import "lib.njk" as lib %}{{ shout("hey") }} {{ s }} {{ lib.shout("two") }}{% from "ctx.njk" import seen with context %}{{ seen() }}`,
  "ctx.njk": `{% macro seen() %}{{ who }}{% endmacro %}`,
  "include.njk": `{% for who in ["a", "b"] %}{% include "included.njk" %}{% endfor %}{% include "missing.njk" ignore missing %}`,
  "included.njk": `<{{ who }}{{ title }}>`,
  "base.njk": `<h1>{% block title %}Base{% endblock %}</h1>{% block body %}<p>base body</p>{% endblock %}{% block tail %}{% endblock %}`,
  "middle.njk": `{% extends "base.njk" %}{% block title %}Middle {{ super() }}{% endblock %}{% block tail %}middle tail{% endblock %}`,
  "child.njk": `{% extends "middle.njk" %}{% set note = "set before" %}{% block title %}Child {{ super() }} {{ note }}{% endblock %}{% block body %}{% for i in [1,2] %}{{ i }}{% endfor %}{% endblock %}`,
  "filters.njk": `{{ "  a b  " | trim }}|{{ text | escape }}|{{ html | safe }}|{{ missing | default("dflt") }}|{{ ["x", "y"] | join(", ") }}|{{ "ABC" | lower }}|{{ items | length }}|{{ "long words here" | truncate(9) }}|{{ "a-b" | replace("-", "+") }}|{{ 5 | string }}|{{ "hello" | capitalize }}|{{ "l1\nl2" | indent(2) }}|{{ "2026-12-07T10:00:00Z" | date }}|{{ "2026-06-07T10:05:00Z" | datetime }}`,
  "tests.njk": `{{ x is defined }} {{ nope is defined }} {{ nope is undefined }} {{ "s" is string }} {{ obj is mapping }} {{ f is sameas(false) }} {{ z is not null }} {{ html is escaped }}`,
  "ops.njk": `{{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ -x }} {{ "a" ~ 1 ~ "b" }} {{ 1 < 2 < 3 }} {{ 3 == "3" }} {{ "b" in ["a", "b"] }} {{ "z" in "xyz" }} {{ x and "yes" or "no" }} {{ not x }} {{ "t" if x else "f" }} {{ "t" if nope }} {{ (1, 2) }} {{ obj.a }} {{ obj["a"] }} {{ items[1] }} {{ nope.deeper }}`,
  "escape.njk": `{{ text }} {{ html }} {{ "<i>lit</i>" }} {{ [text, html] }} {{ obj }} {{ none }} {{ undefinedThing }}|{% set cap %}<b>{{ text }}</b>{% endset %}{{ cap }}{{ cap | safe }}`,
  "whitespace.njk": `<ul>\n  {%- for x in items %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>\n{% if true %}\n  kept\n{% endif %}\n`,
  "methods.njk": `{{ list.length }} {{ text.toUpperCase() }} {{ obj.items }} {% for x in range(3) %}{{ x }}{% endfor %}{% set c = cycler("odd", "even") %}{{ c.next() }}{{ c.next() }}{{ c.next() }}`,
  "dicts.njk": `{% set d = { a: 1, "b-c": 2, nested: { deep: [1, {x: "y"}] } } %}{{ d.a }}{{ d["b-c"] }}{{ d.nested.deep[1].x }}{% for k, v in d %}{{ k }}{% endfor %}`,
  "elif.njk": `{% for n in [1, 2, 3, 4] %}{% if n == 1 %}one{% elif n == 2 %}two{% elif n == 3 %}three{% else %}many{% endif %} {% endfor %}`,
};

const FEATURE_VARS = {
  items: ["x", "<y>", "z"],
  obj: { a: 1, b: "two", items: "own" },
  list: [
    [1, 2],
    [3, 4],
  ],
  text: `Tom & "Jerry" <'s>`,
  html: `<strong>bold</strong>`,
  x: 5,
  f: false,
  z: 0,
  who: "caller's who",
  title: "T",
};

describe("each part of the template language", () => {
  const { theirs, ours } = bothEngines(FEATURES);
  const parts = ["lib.njk", "ctx.njk", "included.njk", "base.njk", "middle.njk"];
  for (const name of Object.keys(FEATURES).filter((n) => !parts.includes(n)))
    it(name, () => {
      const expected = theirs(name, FEATURE_VARS);
      expect(expected).not.toBe("");
      expect(ours(name, FEATURE_VARS)).toBe(expected);
    });
});
