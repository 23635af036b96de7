import type { TreeSource } from "@riia/forms/render";

/**
 * The views parsed ahead of time. Run from source (local, tests) this is undefined and the renderer reads the view
 * folders; in a Lambda bundle the bundler replaces this module with a source of every view and GOV.UK macro it
 * reaches, each parsed into a tree: the common ones in the bundle, the rest files beside it read on first use
 * (stacks/esbuild/precompiled-views.ts).
 */
export const precompiledViews: TreeSource | undefined = undefined;
