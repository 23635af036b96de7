import { assetManifest, defaultViewPaths } from "../../functions/src/assets";
import type { BuildPlugin } from "./plugin";

/**
 * Replaces functions/src/asset-manifest.ts in a bundle with the content hashes of GOV.UK Frontend's files (the same
 * files the stack copies beside the bundle), so a function start hashes nothing.
 */
export const assetManifestFile: BuildPlugin = {
  name: "asset-manifest",
  setup(build) {
    build.onLoad({ filter: /[\\/]functions[\\/]src[\\/]asset-manifest\.ts$/ }, () => ({
      contents: `export const assetManifest = ${JSON.stringify(assetManifest(defaultViewPaths().govukDir))};`,
      loader: "js",
    }));
  },
};
