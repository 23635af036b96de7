import type { PrecompiledTemplates } from "@riia/forms/render";

/**
 * The views compiled ahead of time. Run from source (local, tests) this is undefined and the
 * renderer reads the view folders; in a Lambda bundle the bundler replaces this module with the names of every view
 * and GOV.UK macro it reaches, each compiled into a file beside the bundle and read on its first use
 * (stacks/esbuild/precompiled-views.ts).
 */
export const precompiledViews: PrecompiledTemplates | undefined = undefined;
