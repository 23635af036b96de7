import nunjucks from "nunjucks";
import { dirname, posix } from "node:path";
import { pointErrorLinksAtFields } from "./error-links";

export interface RendererPaths {
  /** Folders of views, searched in order: the app's pages, then this package's form pages. */
  viewsDirs: string[];
  /** govuk-frontend's `dist/govuk` folder (templates, components, assets). */
  govukDir: string;
}

export type Render = (view: string, context: Record<string, unknown>) => string;

/** Templates compiled at build time: name (as the views name it) → nunjucks' compiled template object. */
export type PrecompiledTemplates = Record<string, Record<string, unknown>>;

/** Environment options; the lexer ones (trim/lstrip) also govern precompiling, so both read this. */
export const NUNJUCKS_OPTIONS = {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
} as const;

/**
 * Serves precompiled templates by name. nunjucks resolves `./x` includes against the filesystem by
 * default; here names are keys, so they resolve against the including template's name.
 */
class CompiledLoader extends nunjucks.Loader implements nunjucks.ILoader {
  constructor(private readonly templates: PrecompiledTemplates) {
    super();
  }

  getSource(name: string): nunjucks.LoaderSource {
    const obj = this.templates[name];
    if (!obj) throw new Error(`template not found: ${name}`);
    // nunjucks takes compiled code as `{ type: "code", obj }`; its type definitions know only source strings.
    return { src: { type: "code", obj } as unknown as string, path: name, noCache: false };
  }

  override resolve(from: string, to: string): string {
    return posix.join(posix.dirname(from), to);
  }
}

/**
 * A nunjucks environment that renders our views with GOV.UK Frontend's own macros; autoescaping
 * is on. On Lambda the templates arrive precompiled (the bundler compiles them: see
 * stacks/esbuild/precompiled-views.ts), so a cold start compiles nothing; locally and in tests
 * they are read from the view folders and compiled once per process.
 */
export function createRenderer(paths: RendererPaths, precompiled?: PrecompiledTemplates): Render {
  const loader = precompiled
    ? new CompiledLoader(precompiled)
    : new nunjucks.FileSystemLoader([...paths.viewsDirs, dirname(paths.govukDir)], { noCache: false });
  const env = new nunjucks.Environment(loader, NUNJUCKS_OPTIONS);
  env.addFilter("date", (iso: string) =>
    iso
      ? new Date(iso).toLocaleString("en-GB", {
          day: "numeric",
          month: "long",
          year: "numeric",
          timeZone: "Europe/London",
        })
      : "",
  );
  env.addFilter("datetime", (iso: string) =>
    iso
      ? new Date(iso).toLocaleString("en-GB", {
          day: "numeric",
          month: "long",
          year: "numeric",
          hour: "numeric",
          minute: "2-digit",
          hour12: true,
          timeZone: "Europe/London",
        })
      : "",
  );
  return (view, context) => pointErrorLinksAtFields(env.render(view, context));
}
