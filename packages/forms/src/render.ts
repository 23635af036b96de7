import nunjucks from "nunjucks";
import { dirname } from "node:path";

export interface RendererPaths {
  /** Folders of views, searched in order: the app's pages, then this package's form pages. */
  viewsDirs: string[];
  /** govuk-frontend's `dist/govuk` folder (templates, components, assets). */
  govukDir: string;
}

export type Render = (view: string, context: Record<string, unknown>) => string;

/**
 * A nunjucks environment that renders our views with GOV.UK Frontend's own macros. Templates are
 * compiled once per process and cached; autoescaping is on.
 */
export function createRenderer(paths: RendererPaths): Render {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([...paths.viewsDirs, dirname(paths.govukDir)], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    },
  );
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
  return (view, context) => env.render(view, context);
}
