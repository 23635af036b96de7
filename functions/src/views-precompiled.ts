import type { TreeSource } from "@riia/forms/render";
import { fileTrees } from "@riia/forms/view-engine/parse";
import { defaultViewPaths } from "./assets";

/**
 * The views by name, as trees. Run from source this reads the view folders and parses each view on first use; in a
 * Lambda bundle the bundler replaces this module (and so drops its imports: the parser and the folder reading) with a
 * source of every view and GOV.UK macro it reaches, parsed at build time: the common ones in the bundle, the rest
 * files beside it read on first use (stacks/esbuild/precompiled-views.ts).
 */
export const precompiledViews: TreeSource = fileTrees(defaultViewPaths());
