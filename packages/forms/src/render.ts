import { pointErrorLinksAtFields } from "./error-links";
import { NUNJUCKS_OPTIONS, type RendererPaths, type TreeSource } from "./view-engine/tree";
import { Views } from "./view-engine/template";

export { NUNJUCKS_OPTIONS, type RendererPaths, type TreeSource };

export type Render = (view: string, context: Record<string, unknown>) => string;

const LONDON = { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" } as const;

/** Our own filters, beside nunjucks' built-in ones: dates as GOV.UK writes them, in London's time. */
export const VIEW_FILTERS = {
  date: (iso) => (iso ? new Date(iso as string).toLocaleString("en-GB", LONDON) : ""),
  datetime: (iso) =>
    iso
      ? new Date(iso as string).toLocaleString("en-GB", {
          ...LONDON,
          hour: "numeric",
          minute: "2-digit",
          hour12: true,
        })
      : "",
} satisfies Record<string, (iso: unknown) => string>;

/**
 * Renders our views with GOV.UK Frontend's own macros, autoescaping on, in nunjucks' template language. Templates run
 * as closures over their parsed trees (view-engine/), not as JavaScript compiled per template: on Lambda the trees
 * arrive parsed at build time (stacks/esbuild/precompiled-views.ts), so a cold start compiles no code for the pages it
 * renders; locally and in tests they come from the view folders, parsed on first use (render-files.ts).
 */
export function rendererOf(trees: TreeSource): Render {
  const views = new Views(trees, VIEW_FILTERS);
  return (view, context) => pointErrorLinksAtFields(views.render(view, context));
}
